// gofixleak-options: GFL003.any_owner
package golden

type exprNode struct{ name string }

type Parser struct {
	stack []*exprNode
	tags  []*exprNode
	vals  []*exprNode
	depth []*exprNode
}

func (p *Parser) pop() *exprNode {
	n := p.stack[len(p.stack)-1]
	p.stack = p.stack[:len(p.stack)-1] // want "GFL003 p.stack\\[len\\(p.stack\\)-1\\] keeps its \\*exprNode alive"
	return n
}

// n measured p.tags before the callback, which may push or pop: n-1 is not
// known to be the last index any more, so the fix clears from n-1 on, unsafely.
func (p *Parser) wrap(f func()) {
	p.tags = append(p.tags, nil)
	n := len(p.tags)
	f()
	p.tags = p.tags[:n-1] // want "GFL003 the dropped elements p.tags\\[n-1:\\] keep their \\*exprNode values alive"
}

// Nothing between the length and the truncation can change p.depth: one element is dropped.
func (p *Parser) leave() *exprNode {
	if n := len(p.depth); n > 0 {
		top := p.depth[n-1]
		p.depth = p.depth[:n-1] // want "GFL003 p.depth\\[n-1\\] keeps its \\*exprNode alive"
		return top
	}
	return nil
}

// The length was taken before the array was replaced by a larger one: n+1 grows the slice.
func (p *Parser) push(v *exprNode) {
	n := len(p.vals)
	if n >= cap(p.vals) {
		grown := make([]*exprNode, n, 2*n+1)
		copy(grown, p.vals)
		p.vals = grown
	}
	p.vals = p.vals[0 : n+1]
	p.vals[n] = v
}

// undo goes back to a length taken before the callback, which may have popped: that
// reslice may re-extend the steps over elements pop zeroed, so pop's fix is unsafe.
type history struct {
	steps []*exprNode
}

func (h *history) pop() {
	h.steps = h.steps[:len(h.steps)-1] // want "GFL003 h.steps\\[len\\(h.steps\\)-1\\] keeps its \\*exprNode alive"
}

func (h *history) try(f func() bool) {
	n := len(h.steps)
	if !f() {
		h.steps = h.steps[:n] // want "GFL003 the dropped elements h.steps\\[n:\\] keep their \\*exprNode values alive"
	}
}
