// gofixleak-options: GFL001.any_size
package golden

type token struct {
	text string
	rest string
}

// A byte-sized count of quotes or padding drops at most 255 bytes.
func (t *token) unquote(s string, quotes uint8) {
	t.text = s[quotes : len(s)-int(quotes)]
}

// A wider count may drop much more: reported.
func (t *token) cut(s string, n int) {
	t.rest = s[n:] // want "GFL001 field t.rest of the receiver keeps the substring s\\[n:\\]"
}
