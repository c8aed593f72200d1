// gofixleak-options: GFL001.any_size
package golden

import (
	"fmt"
	"os"
	"unicode/utf8"
)

var banner string

func setBanner(text string) {
	banner = text[:40] // want "GFL001 package-level variable banner"
	fmt.Fprintln(os.Stderr, utf8.RuneCountInString(banner))
}
