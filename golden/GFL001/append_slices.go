// gofixleak-options: GFL001.any_size
package golden

var names []string

func collect(s string, i int) {
	names = append(names, s[i:]) // want "GFL001 package-level variable names keeps the substring s\\[i:\\]"
}

type Log struct {
	lines []string
}

func (l *Log) Keep(text string, n int) {
	l.lines = append(l.lines, text[:n], text[2*n:]) // want "GFL001 field l.lines of the receiver keeps the substring text\\[:n\\]" "GFL001 field l.lines of the receiver keeps the substring text\\[2\\*n:\\]"
}

// Pieces that together are the whole string keep nothing more than it (a split).
func (l *Log) Split(text string, n int) {
	l.lines = append(l.lines, text[:n], text[n:])
}

func local(text string) []string {
	// Appending to a local slice that is only returned is left alone.
	var out []string
	out = append(out, text[:1])
	return out
}
