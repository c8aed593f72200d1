package golden

import (
	"runtime"
	"sync"
)

// No path leads back: left alone.
type handle struct {
	fd     int
	name   string
	owner  *owner
	extras []int
	mu     sync.Mutex
}

type owner struct {
	label string
}

// Interface and function fields could hold anything; the rule does not guess.
type plugin struct {
	impl    any
	onClose func()
}

// Generic type instantiated with something unrelated.
type box[T any] struct {
	v T
}

type holder struct {
	b *box[int]
}

func keep(h *handle, p *plugin, ho *holder) {
	runtime.SetFinalizer(h, func(h *handle) {})
	runtime.SetFinalizer(p, func(p *plugin) {})
	runtime.SetFinalizer(ho, func(*holder) {})
	runtime.SetFinalizer(h, nil) // clearing a finalizer
}

// A local type without cycles, and linking two different objects one way.
func local() {
	type T struct {
		buf  []byte
		next *int
	}
	var x T
	n := 1
	runtime.SetFinalizer(&x, func(*T) {})
	x.next = &n
}
