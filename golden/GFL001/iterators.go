// gofixleak-options: GFL001.any_size
package golden

import "strings"

var lineStarts = map[string]bool{}

// The lines and fields an iterator yields are substrings of the text too.
func indexText(text string) {
	for line := range strings.Lines(text) {
		lineStarts[line[:len(line)/2]] = true // want "GFL001 a key of map lineStarts keeps the substring line\\[:len\\(line\\)/2\\]"
	}
	for field := range strings.FieldsSeq(text) {
		lineStarts[field[:len(field)/2]] = true // want "GFL001 a key of map lineStarts keeps the substring field\\[:len\\(field\\)/2\\]"
	}
}

type Ref struct {
	name *string
}

// new(expr) makes a variable holding the substring; the pointer keeps it.
func (r *Ref) point(s string, i int) {
	r.name = new(s[:i]) // want "GFL001 field r.name of the receiver keeps the substring s\\[:i\\]"
}
