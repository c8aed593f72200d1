package golden

import "runtime"

type dir struct {
	parent  *dir
	entries []*dir
	name    string
}

type handleT struct {
	dirs []*dir
}

// The child is made pointing at its parent, and appended to the parent's entries.
func mkdir(name string) *dir {
	root := &dir{name: "/"}
	child := &dir{parent: root, name: name}
	root.entries = append(root.entries, child)
	runtime.SetFinalizer(child, func(*dir) {}) // want "GFL006 child is linked into a reference cycle in this function \\(child.parent → root, root.entries → child\\)"
	return root
}

// A link one way only is no cycle, and handleT cannot reach itself: nothing to report.
func open(name string) *handleT {
	d := &dir{name: name}
	h := &handleT{dirs: []*dir{d}}
	runtime.SetFinalizer(h, func(*handleT) {})
	return h
}
