// gofixleak-options: GFL007.any_loop
package golden

import (
	"bufio"
	"fmt"
	"os"
)

// grep: `continue files` and `break files` aim at the loop being wrapped, so
// they are translated and the label, now unused, goes away.  `break lines`
// aims at a loop inside the body and stays.
func grep(paths []string, word string) int {
	hits := 0
files:
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			continue files
		}
		defer f.Close() // want "defer f.Close\(\) in a loop runs only when grep returns"
		scanner := bufio.NewScanner(f)
	lines:
		for scanner.Scan() {
			switch scanner.Text() {
			case word:
				hits++
				break lines
			case "STOP":
				break files
			case "":
				continue files
			}
		}
	}
	return hits
}

// retry keeps its label: a goto elsewhere in the function still uses it.
func retry(paths []string) {
	attempts := 0
again:
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			continue again
		}
		defer f.Close() // want "defer f.Close\(\) in a loop runs only when retry returns"
		fmt.Println(f.Name())
	}
	attempts++
	if attempts < 2 {
		goto again
	}
}
