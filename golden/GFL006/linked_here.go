package golden

import "runtime"

func report(string) {}

// Go 101's example: x and y reference each other, and x has a finalizer.
func leak() {
	type T struct {
		v [1 << 20]int
		t *T
	}
	var finalizer = func(t *T) { report("finalizer called") }
	var x, y T
	runtime.SetFinalizer(&x, finalizer) // want "GFL006 x is linked into a reference cycle in this function \\(x.t → y, y.t → x\\): its finalizer never runs and the cycle is never freed"
	x.t, y.t = &y, &x
}

type ring struct {
	self *ring
	buf  []byte
}

func loop() *ring {
	r := &ring{buf: make([]byte, 1024)}
	runtime.SetFinalizer(r, func(r *ring) {}) // want "GFL006 r is linked into a reference cycle in this function \\(r.self → r\\)"
	r.self = r
	return r
}
