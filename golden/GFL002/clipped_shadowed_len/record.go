// gofixleak-options: GFL002.any_size
package golden

// The other file "clips" the label with a local len that measures the capacity: that reaches past
// the length, so the program uses the rest of the array and a copy would change what it returns.
// Not reported.
type slRecord struct {
	label []byte
	tag   []byte
}

func (c *slRecord) parse() {
	buf := make([]byte, 64)
	c.label = buf[16:32]
}

// The real clip with the builtin len keeps the safe fix.
func (c *slRecord) parseTag() {
	buf := make([]byte, 64)
	c.tag = buf[32:48] // want "GFL002 field c.tag of the receiver keeps the subslice buf\\[32:48\\]"
}
