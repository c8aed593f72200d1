// gofixleak-options: GFL001.any_size
package golden

import (
	"go/ast"
	"regexp"
)

// Text() of go/ast is not among gofixleak's stubs: the type of text is unknown, but a piece of
// it stored in a string field, a string map key or a string variable is a substring.
type Note struct {
	UID  string
	Body string
}

type reader struct {
	notes map[string][]*Note
	last  string
	any   map[string]any
}

var markerRx = regexp.MustCompile(`^([A-Z]+)\(([^)]+)\):?`)

func (r *reader) readNote(list []*ast.Comment) {
	text := (&ast.CommentGroup{List: list}).Text()
	if m := markerRx.FindStringSubmatchIndex(text); m != nil {
		marker := text[m[2]:m[3]]
		r.notes[marker] = append(r.notes[marker], &Note{ // want "GFL001 a key of map r.notes keeps marker, a substring of text"
			UID:  text[m[4]:m[5]], // want "GFL001 map element r.notes\\[marker\\] keeps the substring text\\[m\\[4\\]:m\\[5\\]\\]"
			Body: text[m[1]:],     // want "GFL001 map element r.notes\\[marker\\] keeps the substring text\\[m\\[1\\]:\\]"
		})
		r.last = text[m[4]:m[5]] // want "GFL001 field r.last of the receiver keeps the substring"
	}
}

// An interface destination says nothing about the type: left alone.
func (r *reader) readAny(list []*ast.Comment) {
	text := (&ast.CommentGroup{List: list}).Text()
	r.any["x"] = text[3 : len(text)/2]
}
