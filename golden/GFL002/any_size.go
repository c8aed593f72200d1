// gofixleak-options: GFL002.any_size
package golden

// With the any_size option, a subslice of an array of unknown size (a parameter) is reported
// too, wherever it is kept for good: here the Go 101 example, whose comment is the only
// evidence that s1 is large.

var s0 []int

func g(s1 []int) {
	// Assume the length of s1 is much larger than 30.
	s0 = s1[len(s1)-30:] // want "GFL002 package-level variable s0 keeps the subslice s1\\[len\\(s1\\)-30:\\]"
}
