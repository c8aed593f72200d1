// gofixleak-options: GFL001.any_size
package golden

import (
	"fmt"
	"strings"
)

const greeting = "hello, world"

var (
	word   string
	copied string
	raw    []byte
	view   []byte
)

type cursor struct {
	s   string
	tok string
}

func negatives(s string, b []byte) string {
	local := s[1:] // used locally
	fmt.Println(local)
	fmt.Println(s[2:])              // passed on
	word = greeting[:5]             // a constant keeps nothing on the heap
	word = "literal"[1:]            // so does a literal
	copied = strings.Clone(s[:3])   // already cloned
	copied = string([]byte(s[3:6])) // already copied
	copied = s[:1] + "!"            // concatenation makes a new string
	raw = b[1:]                     // a byte slice is GFL002's business
	view = []byte(s[2:])            // converting copies
	return s[4:]                    // returned: the caller decides
}

// The parser keeps its whole input anyway: re-slicing its own field adds nothing.
func (c *cursor) next(n int) {
	c.tok = c.s[:n]
	c.s = c.s[n:]
}

func trim(lines []string) {
	for i, line := range lines {
		lines[i] = line[1:] // each element already pinned its own string
	}
}
