// gofixleak-options: GFL001.any_size
package golden

import "strings"

// With the any_size option, a substring of a string of unknown size (a parameter) is reported
// too, wherever it is kept for good.

var toolFlag string

func parseArgs(args []string) {
	for _, arg := range args {
		if strings.HasPrefix(arg, "-tool=") {
			toolFlag = arg[strings.IndexByte(arg, '=')+1:] // want "GFL001 package-level variable toolFlag keeps the substring"
		}
	}
}
