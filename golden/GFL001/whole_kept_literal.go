// gofixleak-options: GFL001.any_size
package golden

import "strings"

// The object is made holding the whole string, so pieces of it stored in other fields of the
// same object keep nothing more alive.
type connInfo struct {
	raw  string
	user string
	host string
	db   string
}

func parseConnInfo(s string) (info *connInfo) {
	info = &connInfo{raw: s}
	if at := strings.IndexByte(s, '@'); at >= 0 {
		info.user = s[:at]
		s = s[at+1:]
	}
	if slash := strings.IndexByte(s, '/'); slash >= 0 {
		info.host = s[:slash]
		info.db = s[slash+1:]
	}
	return info
}

func newConnInfo(s string, n int) *connInfo {
	c := connInfo{raw: s, db: "main"}
	c.host = s[n:]
	return &c
}

// Made in a branch: it may not be the object the store reaches.
func branchConnInfo(s string, n int, fresh bool) (info *connInfo) {
	info = &connInfo{}
	if fresh {
		info = &connInfo{raw: s}
	}
	info.user = s[:n] // want "GFL001 field info.user \\(reached through a pointer\\) keeps the substring s\\[:n\\]"
	return info
}

var lastConnInfo *connInfo

// The whole string is kept in the very field being written: not the same thing.
func overwriteConnInfo(s string, n int) {
	c := &connInfo{raw: s}
	c.raw = s[n:] // want "GFL001 field c.raw \\(c is kept in package-level variable lastConnInfo\\) keeps the substring s\\[n:\\]"
	lastConnInfo = c
}
