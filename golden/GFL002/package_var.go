// gofixleak-options: GFL002.any_size
package golden

import "io"

var s0 []int

// The article's example: s0 keeps the whole array of s1 alive.  s1 belongs to
// the caller, who may still write to it, so the copy is an unsafe fix.
func g(s1 []int) {
	// Assume the length of s1 is much larger than 30.
	s0 = s1[len(s1)-30:] // want "GFL002 package-level variable s0 keeps the subslice s1\\[len\\(s1\\)-30:\\], which pins the whole backing array of s1"
}

var header []byte

// A buffer made here, read into and dropped: the copy is a safe fix.
func readHeader(r io.Reader) error {
	buf := make([]byte, 1<<20)
	n, err := r.Read(buf)
	if err != nil {
		return err
	}
	header = buf[4:n] // want "GFL002 package-level variable header keeps the subslice buf\\[4:n\\]"
	return nil
}

var window []float64

func keepWindow(samples []float64, from, to int) {
	window = samples[from:to] // want "GFL002 package-level variable window keeps the subslice samples\\[from:to\\]"
}
