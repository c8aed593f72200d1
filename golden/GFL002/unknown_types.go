// gofixleak-options: --unsafe-fixes GFL002.any_size
package golden

import (
	"encoding/asn1"
	"encoding/base64"
	"encoding/pem"
	"io"
)

// pem, base64 and asn1 are not among gofixleak's stubs: the types of their results are unknown,
// but a view of one stored where only a []byte fits is a subslice of a []byte.
type certCache struct {
	der    []byte
	keys   map[string][]byte
	parts  [][]byte
	out    chan []byte
	head   []byte
	opaque any
	text   string
}

func (c *certCache) load(data []byte, off int) {
	block, _ := pem.Decode(data)
	if block == nil {
		return
	}
	c.der = block.Bytes[off:] // want "GFL002 field c.der of the receiver keeps the subslice block.Bytes\\[off:\\]"
}

func (c *certCache) decode(name, s string, n int) error {
	raw, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return err
	}
	c.keys[name] = raw[:n]                // want "GFL002 map element c.keys\\[name\\] keeps the subslice raw\\[:n\\]"
	c.parts = append(c.parts, raw[n:2*n]) // want "GFL002 field c.parts of the receiver keeps the subslice raw\\[n:2\\*n\\]"
	c.out <- raw[2*n:]                    // want "GFL002 a send on channel c.out keeps the subslice raw\\[2\\*n:\\]"
	return nil
}

// A slice made here: every check the fix needs is known, so the fix is safe.
func (c *certCache) readHead(r io.Reader, n int) {
	buf := make(asn1.RawContent, 4096)
	io.ReadFull(r, buf)
	c.head = buf[:n] // want "GFL002 field c.head of the receiver keeps the subslice buf\\[:n\\]"
}

// Destinations that say nothing about the type (an interface), or not a slice: left alone.
func (c *certCache) opaqueViews(s string, n int) {
	raw, _ := base64.StdEncoding.DecodeString(s)
	c.opaque = raw[:n]
	c.text = string(raw[:n])
}
