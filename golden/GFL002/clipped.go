// gofixleak-options: GFL002.any_size
package golden

import "io"

// The destination is only ever clipped (`s[:len(s):len(s)]`) or emptied with a capacity of 0
// (`s[:0:0]`): neither reaches past its length, so the copy's smaller capacity changes nothing
// and the fix stays safe.  A capacity bound past the length (`s[:len(s):cap(s)]`) would not.
type clippedRecord struct {
	label  []byte
	suffix []byte
}

func (c *clippedRecord) parse(r io.Reader) {
	buf := make([]byte, 4096)
	r.Read(buf)
	c.label = buf[16:32] // want "GFL002 field c.label of the receiver keeps the subslice buf\\[16:32\\]"
}

func (c *clippedRecord) labelWith(more ...byte) []byte {
	return append(c.label[:len(c.label):len(c.label)], more...)
}

func (c *clippedRecord) emptyLabel() int { return cap(c.label[:0:0]) }

func (c *clippedRecord) parseSuffix(r io.Reader) {
	buf := make([]byte, 4096)
	r.Read(buf)
	// fullSuffix reaches past the length: the program uses the rest of the array, nothing is
	// wasted, and a copy would change what it returns.
	c.suffix = buf[32:48]
}

func (c *clippedRecord) fullSuffix() int { return len(c.suffix[:len(c.suffix):cap(c.suffix)]) }
