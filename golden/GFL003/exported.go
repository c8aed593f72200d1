package golden

import "go/ast"

type Job struct{ id int }

// An exported field of an exported type: code in other packages may hold the slice.
type Queue struct {
	Jobs []*Job
	own  []*Job
}

func (q *Queue) Next() *Job {
	j := q.Jobs[0]
	q.Jobs = q.Jobs[1:] // want "GFL003 q.Jobs\\[0\\] keeps its \\*Job alive"
	return j
}

// An unexported field stays the package's own: the zeroing is safe.
func (q *Queue) next() *Job {
	j := q.own[0]
	q.own = q.own[1:] // want "GFL003 q.own\\[0\\] keeps its \\*Job alive"
	return j
}

// A field of a type of another package: its own code may hold the array.
func dropImports(f *ast.File) {
	f.Imports = f.Imports[:0] // want "GFL003 the elements of f.Imports dropped by resetting it to length 0"
}

// An exported field of an unexported type is out of other packages' reach.
type state struct {
	Stack []*Job
}

func (s *state) pop() {
	s.Stack = s.Stack[:len(s.Stack)-1] // want "GFL003 s.Stack\\[len\\(s.Stack\\)-1\\] keeps its \\*Job alive"
}
