package golden

import "time"

// Tickers in fields promoted from embedded structs belong to the embedded type.

type base struct {
	ticker *time.Ticker
}

type Agent struct {
	base
	name string
}

func NewAgent(name string) *Agent {
	a := &Agent{name: name}
	a.ticker = time.NewTicker(time.Second) // want "GFL005 field base.ticker holds a ticker that nothing in package golden stops"
	return a
}

// Stopped by the embedded type's Close: nothing to report.
type core struct {
	tick *time.Ticker
}

func (c *core) Close() { c.tick.Stop() }

type Node struct {
	*core
}

func NewNode() *Node {
	n := &Node{core: &core{}}
	n.tick = time.NewTicker(time.Second)
	return n
}

// Stopped through the outer type: nothing to report.
type inner struct{ t *time.Ticker }

type Outer struct{ inner }

func NewOuter() *Outer {
	o := &Outer{}
	o.t = time.NewTicker(time.Second)
	return o
}

func (o *Outer) Close() { o.t.Stop() }

// One Agent per name, made again on every call.
func agents(names []string) []*Agent {
	var out []*Agent
	for _, name := range names {
		out = append(out, NewAgent(name))
	}
	return out
}
