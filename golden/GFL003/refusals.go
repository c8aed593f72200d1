// gofixleak-options: GFL003.any_owner
package golden

type Task struct{ name string }

type Runner struct {
	tasks   []*Task
	pending []*Task
	done    []*Task
	backlog []*Task
	shared  []*Task
}

// Reslicing inside a range over the same slice that goes on afterwards: zeroing could change
// what later iterations read (a break or return right after the reslice would be fine).
func (r *Runner) drain() {
	for i, t := range r.tasks {
		if t == nil {
			r.tasks = r.tasks[i+1:] // want "GFL003 the dropped elements r.tasks\\[:i\\+1\\]"
		}
	}
}

// The address of an element escapes the pop: zeroing it would clear *first.
func (r *Runner) popRef() *Task {
	first := &r.pending[0]
	r.pending = r.pending[1:] // want "GFL003 r.pending\\[0\\] keeps its \\*Task alive"
	return *first
}

// A copy of the header reads the dropped element after the pop.
func (r *Runner) popLater() *Task {
	old := r.done
	r.done = r.done[1:] // want "GFL003 r.done\\[0\\] keeps its \\*Task alive"
	return old[0]
}

// The slice is re-extended within its capacity elsewhere in the package.
func (r *Runner) undo() {
	r.backlog = r.backlog[:len(r.backlog)-1] // want "GFL003 r.backlog\\[len\\(r.backlog\\)-1\\] keeps its \\*Task alive"
}

func (r *Runner) redo() {
	r.backlog = r.backlog[:len(r.backlog)+1]
}

// The slice is handed out: a caller holding it would see the zeroed element.
func (r *Runner) Shared() []*Task { return r.shared }

func (r *Runner) popShared() {
	r.shared = r.shared[1:] // want "GFL003 r.shared\\[0\\] keeps its \\*Task alive"
}

// `nil` is shadowed: the fix cannot spell the zero value.
func (r *Runner) shadowed() {
	nil := 0
	_ = nil
	r.tasks = r.tasks[:len(r.tasks)-1] // want "GFL003 r.tasks\\[len\\(r.tasks\\)-1\\] keeps its \\*Task alive"
}

type Palette struct {
	colors []any
}

// The truncation keeps fallback entries that grow() reads back: zeroing would lose them.
func (p *Palette) trim(n int) {
	if n < len(p.colors) {
		p.colors = p.colors[:n] // want "GFL003 the dropped elements p.colors\\[n:\\]"
	}
}

func (p *Palette) grow(n int) {
	if len(p.colors) < n {
		p.colors = p.colors[:n]
	}
}
