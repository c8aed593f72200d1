// gofixleak-options: GFL002.any_size
package golden

import (
	"io"
	"os/exec"
)

type Reader struct {
	hdr   []byte
	queue chan []byte
}

// A copy made before a labelled statement would not be made again when a goto
// comes back to the label: no fix.
func (r *Reader) labelled(src io.Reader) {
	buf := make([]byte, 4096)
	n, _ := src.Read(buf)
retry:
	r.hdr = buf[:n/2] // want "GFL002 field r.hdr of the receiver keeps the subslice buf\\[:n/2\\]"
	if len(r.hdr) == 0 && n > 0 {
		n--
		goto retry
	}
}

// An `else if` header runs only when the first condition fails: no fix.
func (r *Reader) elseIf(src io.Reader, skip bool) {
	buf := make([]byte, 4096)
	n, _ := src.Read(buf)
	if skip {
		return
	} else if r.hdr = buf[:n/2]; len(r.hdr) > 0 { // want "GFL002 field r.hdr of the receiver keeps the subslice buf\\[:n/2\\]"
		r.hdr[0] = 'x'
	}
}

// The init statement of an `if` runs first: the copy is made just before the `if`.
func (r *Reader) ifInit(src io.Reader) {
	buf := make([]byte, 4096)
	n, _ := src.Read(buf)
	if r.hdr = buf[:n/2]; len(r.hdr) > 0 { // want "GFL002 field r.hdr of the receiver keeps the subslice buf\\[:n/2\\]"
		r.hdr[0] = 'x'
	}
}

// A field of a type of another package: whoever reads it there may tell a copy from the view.
func command(cmd *exec.Cmd, n int) {
	words := make([]string, 64)
	for i := range words {
		words[i] = "-v"
	}
	cmd.Args = words[:n] // want "GFL002 field cmd.Args \\(reached through a pointer\\) keeps the subslice words\\[:n\\]"
}
