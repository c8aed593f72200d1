// gofixleak-options: GFL002.any_size
package golden

import "io"

type Index struct {
	heads [][]byte
	last  []byte
}

// A fresh array per iteration: every stored head pins its own 4 KiB buffer.
func (x *Index) load(readers []io.Reader) {
	for i, r := range readers {
		buf := make([]byte, 4096)
		n, _ := r.Read(buf)
		x.heads[i] = buf[:n/2] // want "GFL002 element x.heads\\[i\\] keeps the subslice buf\\[:n/2\\]"
	}
}

// One working buffer outside the loop is kept once, however many times the loop runs.
func (x *Index) scan(r io.Reader) {
	buf := make([]byte, 4096)
	for {
		n, err := r.Read(buf)
		if err != nil {
			return
		}
		x.last = buf[:n/2]
	}
}
