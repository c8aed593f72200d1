// gofixleak-options: GFL003.any_owner
package golden

import "os/exec"

type Letter struct{ id int }

// An exported field of an exported type: code in other packages may hold the slice.
type Mailbox struct {
	Jobs []*Letter
	own  []*Letter
}

func (q *Mailbox) Next() *Letter {
	j := q.Jobs[0]
	q.Jobs = q.Jobs[1:] // want "GFL003 q.Jobs\\[0\\] keeps its \\*Letter alive"
	return j
}

// An unexported field stays the package's own: the zeroing is safe.
func (q *Mailbox) next() *Letter {
	j := q.own[0]
	q.own = q.own[1:] // want "GFL003 q.own\\[0\\] keeps its \\*Letter alive"
	return j
}

// A field of an object the caller hands in: how long it lives is the caller's business (and its
// type is another package's), so nothing is reported.
func shift(cmd *exec.Cmd) {
	cmd.Args = cmd.Args[1:]
}

// An exported field of an unexported type is out of other packages' reach.
type state struct {
	Stack []*Letter
}

func (s *state) pop() {
	s.Stack = s.Stack[:len(s.Stack)-1] // want "GFL003 s.Stack\\[len\\(s.Stack\\)-1\\] keeps its \\*Letter alive"
}
