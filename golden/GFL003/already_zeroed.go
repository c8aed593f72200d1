// gofixleak-options: GFL003.any_owner
package golden

type Label struct{ Name, Value string }

type labelCtx struct {
	labels []Label
	names  []*string
	rows   []*Row
	extra  []Label
}

type Row struct {
	buf []byte
	key string
}

func (r *Row) reset() { r.buf = r.buf[:0]; r.key = "" }

// FP-6: zeroing already done by a helper whose body clears its parameter.
func cleanLabels(ls []Label) { clear(ls) }

func (c *labelCtx) reset() {
	cleanLabels(c.labels)
	c.labels = c.labels[:0]
}

// ... by a helper that zeroes every element in a loop, called through another helper.
func zeroAll(ps []*string) {
	for i := range ps {
		ps[i] = nil
	}
}

func wipe(ps []*string) { zeroAll(ps) }

func (c *labelCtx) resetNames() {
	wipe(c.names)
	c.names = c.names[:0]
}

// FP-7: every element already reset by a loop just before.
func (c *labelCtx) resetRows() {
	for i := range c.rows {
		c.rows[i].reset()
	}
	c.rows = c.rows[:0]
}

// A method of a slice type whose body clears its receiver.
type Labels []Label

func (ls Labels) zeroAll() {
	for i := 0; i < len(ls); i++ {
		ls[i] = Label{}
	}
}

type holder struct{ ls Labels }

func (h *holder) reset() {
	h.ls.zeroAll()
	h.ls = h.ls[:0]
}

// A helper that clears only a part is no proof: reported.
func clearHead(ls []Label) { clear(ls[:1]) }

func (c *labelCtx) resetExtra() {
	clearHead(c.extra)
	c.extra = c.extra[:0] // want "GFL003 the elements of c.extra dropped by resetting it to length 0"
}

// FP-8: an in-place filter that reads the old elements after the truncation:
// clearing there would destroy the data being filtered.
type Tag struct{ Key, Value string }

type metricName struct{ Tags []Tag }

func (mn *metricName) add(k, v string) { mn.Tags = append(mn.Tags, Tag{k, v}) }

func (mn *metricName) filter(keep func(Tag) bool) {
	tags := mn.Tags
	mn.Tags = mn.Tags[:0]
	for i := range tags {
		if keep(tags[i]) {
			mn.add(tags[i].Key, tags[i].Value)
		}
	}
}
