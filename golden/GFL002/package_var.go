package golden

var s0 []int

// The article's example: s0 keeps the whole array of s1 alive.
func g(s1 []int) {
	// Assume the length of s1 is much larger than 30.
	s0 = s1[len(s1)-30:] // want "GFL002 package-level variable s0 keeps the subslice s1\\[len\\(s1\\)-30:\\], which pins the whole backing array of s1"
}

var header []byte

// A buffer made here and dropped right after: the copy is safe.
func readHeader(read func([]byte) int) {
	buf := make([]byte, 1<<20)
	n := read(buf)
	header = buf[4:n] // want "GFL002 package-level variable header keeps the subslice buf\\[4:n\\]"
}

var window []float64

func keepWindow(samples []float64, from, to int) {
	window = samples[from:to] // want "GFL002 package-level variable window keeps the subslice samples\\[from:to\\]"
}
