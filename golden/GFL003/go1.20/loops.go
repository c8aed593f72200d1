// gofixleak-options: GFL003.any_owner
package golden

type Job struct{ name string }

type Pool struct {
	idle  []*Job
	queue []*Job
	all   []*Job
}

// Before Go 1.21 there is no clear: the fix zeroes the run in a loop.
func (p *Pool) shrink(n int) {
	if n <= len(p.idle) {
		p.idle = p.idle[:n] // want "GFL003 the dropped elements p.idle\\[n:\\]"
	}
}

func (p *Pool) skip(k int) {
	p.queue = p.queue[k:] // want "GFL003 the dropped elements p.queue\\[:k\\]"
}

func (p *Pool) reset() {
	p.all = p.all[:0] // want "GFL003 the elements of p.all dropped by resetting it to length 0"
}

// One element needs no loop.
func (p *Pool) pop() *Job {
	j := p.queue[0]
	p.queue = p.queue[1:] // want "GFL003 p.queue\\[0\\] keeps its \\*Job alive"
	return j
}
