// gofixleak-options: GFL003.any_owner
package golden

type Peer struct{ id int }

type peerPool struct {
	conns []*Peer
	idle  []*Peer
	force bool
}

type peerBuffer struct {
	items []*Peer
}

// The else branch of `cap(b.items) < n` re-extends within the capacity: nothing is dropped.
func (b *peerBuffer) resize(n int) {
	if cap(b.items) < n {
		b.items = make([]*Peer, n)
	} else {
		b.items = b.items[:n]
	}
}

// `n < len(p.conns)` holds in the body: clearing p.conns[n:] cannot panic.
func (p *peerPool) shrink(n int) {
	if n < len(p.conns) && !p.force {
		p.conns = p.conns[:n] // want "GFL003 the dropped elements p.conns\\[n:\\] keep their \\*Peer values alive"
	}
}

// The else branch of `n >= len(p.conns)` shows the same.
func (p *peerPool) trim(n int) {
	if n >= len(p.conns) {
		return
	} else {
		p.conns = p.conns[:n] // want "GFL003 the dropped elements p.conns\\[n:\\] keep their \\*Peer values alive"
	}
}

// With `||` the comparison may be false in the body: n may exceed the length,
// so the clear is bounded by it (an unsafe fix only).  (Done to p.conns, this
// reslice, which may grow the slice, would make the fixes above unsafe too.)
func (p *peerPool) cut(n int) {
	if n < len(p.idle) || p.force {
		p.idle = p.idle[:n] // want "GFL003 the dropped elements p.idle\\[n:\\] keep their \\*Peer values alive"
	}
}
