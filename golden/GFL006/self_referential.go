package golden

import "runtime"

type node struct {
	fd   int
	next *node
}

func closeFD(fd int) {}

func newNode(fd int) *node {
	n := &node{fd: fd}
	runtime.SetFinalizer(n, func(n *node) { closeFD(n.fd) }) // want "GFL006 finalizer on \\*node, a type that can reach itself \\(node.next → node\\): if the object is ever part of a reference cycle, its finalizer never runs and the cycle is never freed; use runtime.AddCleanup instead"
	return n
}

// Through a slice, a map and a nested struct field.
type tree struct {
	id       int
	meta     struct{ parent *tree }
	children []*tree
}

type registry struct {
	entries map[string]*registry
}

func track(t *tree, r *registry) {
	runtime.SetFinalizer(t, (*tree).release)          // want "GFL006 finalizer on \\*tree, a type that can reach itself \\(tree.meta.parent → tree\\)"
	runtime.SetFinalizer(r, func(*registry) {})       // want "GFL006 finalizer on \\*registry, a type that can reach itself \\(registry.entries → registry\\)"
	runtime.SetFinalizer(new(tree), func(t *tree) {}) // want "GFL006 .*\\(tree.meta.parent → tree\\)"
}

func (t *tree) release() {}

// The links are stored somewhere in the package: the cycles can form.
func (n *node) push(m *node) {
	m.next = n
}

func (t *tree) adopt(child *tree) {
	child.meta.parent = t
	t.children = append(t.children, child)
}

func (r *registry) add(name string, child *registry) {
	r.entries[name] = child
}
