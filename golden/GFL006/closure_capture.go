package golden

import "runtime"

type file struct {
	fd   int
	name string
}

func closeFile(fd int) {}

func openFile(name string) *file {
	f := &file{fd: 4, name: name}
	runtime.SetFinalizer(f, func(*file) { closeFile(f.fd) }) // want "GFL006 the finalizer closure uses f itself \\(line 14\\): f stays reachable from its own finalizer, so it is never freed and the finalizer never runs; use the finalizer's parameter instead of f"
	return f
}

// The closure held in a variable first.
func openNamed(name string) *file {
	var f file
	cleanup := func(*file) {
		println("closing", f.name)
	}
	runtime.SetFinalizer(&f, cleanup) // want "GFL006 the finalizer closure uses f itself \\(line 22\\)"
	return &f
}

// Using the parameter is what the finalizer is for.
func openRight(name string) *file {
	f := &file{fd: 5, name: name}
	runtime.SetFinalizer(f, func(f *file) { closeFile(f.fd) })
	return f
}
