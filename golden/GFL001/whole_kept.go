// gofixleak-options: GFL001.any_size
package golden

import "strings"

// The parsed value keeps its whole source in raw: its pieces pin nothing more.
type address struct {
	raw  string
	user string
	host string
}

func (a *address) parse(s string) {
	a.raw = s
	if i := strings.IndexByte(s, '@'); i >= 0 {
		a.user = s[:i]
		s = s[i+1:]
	}
	a.host = s[:strings.IndexByte(s+"/", '/')]
}

// Kept whole only when asked: the piece may be all that stays.
func (a *address) maybe(s string, keep bool) {
	if keep {
		a.raw = s
	}
	a.user = s[:strings.IndexByte(s, '@')] // want "GFL001 field a.user of the receiver keeps the substring"
}
