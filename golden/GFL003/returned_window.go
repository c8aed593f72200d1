// gofixleak-options: GFL003.any_owner
package golden

// The article's example: the caller can only reach s[1:3], but s[0] and s[3]
// stay in the same array and keep their ints alive.
func h() []*int {
	s := []*int{new(int), new(int), new(int), new(int)}
	*s[1] = 1
	return s[1:3:3] // want "GFL003 s\\[0\\] and s\\[3\\], outside the returned window s\\[1:3:3\\], keep their \\*int values alive as long as the result is used"
}

// A window of a slice built with make and filled in a loop.
func middle(n int) []*string {
	s := make([]*string, n)
	for i := range s {
		v := "x"
		s[i] = &v
	}
	return s[2 : n-2 : n-2] // want "GFL003 s\\[:2\\] and s\\[n-2:\\], outside the returned window"
}

// The caller's slice: zeroing would change what the caller sees, so it is left alone.
func window(s []*int) []*int {
	return s[1:3:3]
}

// Only the front is lost with a two-index window: the caller may reslice up to the capacity.
func tail() []*int {
	s := []*int{new(int), new(int), new(int)}
	return s[1:] // want "GFL003 s\\[0\\], outside the returned window s\\[1:\\]"
}
