// gofixleak-options: GFL007.any_loop
package golden

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
)

var errTooLong = fmt.Errorf("line too long")

type lineError struct{ line int }

func (e *lineError) Error() string { return fmt.Sprintf("bad line %d", e.line) }

const maxLine = 80

// check returns only non-nil errors from the loop, with the same other results:
// zero values, a constant and a variable from before the loop.
func check(paths []string) (int, string, error) {
	name := "check"
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return maxLine, name, err
		}
		defer f.Close() // want "defer f.Close\(\) in a loop runs only when check returns"
		scanner := bufio.NewScanner(f)
		n := 0
		for scanner.Scan() {
			n++
			if len(scanner.Text()) > maxLine {
				return maxLine, name, errTooLong
			}
			if scanner.Text() == "" {
				return maxLine, name, &lineError{n}
			}
		}
		if err := scanner.Err(); err == nil {
			fmt.Println(p, n)
		} else {
			return maxLine, name, err
		}
		if n == 0 {
			return maxLine, name, io.ErrUnexpectedEOF
		}
		if n > 1000 {
			return maxLine, name, errors.New("too many lines")
		}
	}
	return 0, "", nil
}

// firstValid breaks and returns errors: the literal returns (bool, error).
func firstValid(paths []string) error {
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return fmt.Errorf("open: %w", err)
		}
		defer f.Close() // want "defer f.Close\(\) in a loop runs only when firstValid returns"
		fi, err := f.Stat()
		if err != nil {
			return err
		}
		if fi.Size() > 0 {
			break
		}
	}
	return nil
}
