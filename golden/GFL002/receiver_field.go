// gofixleak-options: GFL002.any_size
package golden

import "io"

type Frame struct {
	header  []byte
	payload []byte
	trailer []byte
}

// The frame keeps views of the whole read buffer.
func (f *Frame) Decode(r io.Reader) error {
	buf := make([]byte, 64<<10)
	n, err := io.ReadFull(r, buf)
	if err != nil {
		return err
	}
	f.header = buf[:8]       // want "GFL002 field f.header of the receiver keeps the subslice buf\\[:8\\]"
	f.payload = buf[8 : n-4] // want "GFL002 field f.payload of the receiver keeps the subslice buf\\[8 : n-4\\]"
	f.trailer = buf[n-4 : n] // want "GFL002 field f.trailer of the receiver keeps the subslice buf\\[n-4 : n\\]"
	return nil
}

type Record struct {
	fields [][]byte
}

// A field reached through a pointer parameter.
func fill(rec *Record, line [][]byte) {
	rec.fields = line[1 : len(line)/2] // want "GFL002 field rec.fields \\(reached through a pointer\\) keeps the subslice line\\[1 : len\\(line\\)/2\\]"
}
