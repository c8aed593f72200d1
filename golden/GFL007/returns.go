// gofixleak-options: GFL007.any_loop
package golden

import (
	"errors"
	"io"
	"os"
)

var ErrEmpty = errors.New("empty file")

type header struct {
	magic [4]byte
	size  int64
}

// firstHeader returns values, not only errors: the literal returns a flag and the results.
func firstHeader(paths []string) (header, error) {
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			continue
		}
		defer f.Close() // want "defer f.Close\(\) in a loop runs only when firstHeader returns"
		var h header
		if _, err := io.ReadFull(f, h.magic[:]); err != nil {
			return header{}, err
		}
		if string(h.magic[:]) == "GOFL" {
			return h, nil
		}
	}
	return header{}, io.EOF
}

// open finds the first file that opens and is not empty; its pointer result
// gets nil as the zero value.
func sizes(paths []string) (*os.FileInfo, int, error) {
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return nil, 0, err
		}
		defer f.Close() // want "defer f.Close\(\) in a loop runs only when sizes returns"
		fi, err := f.Stat()
		if err != nil {
			return nil, 0, err
		}
		if fi.Size() > 0 {
			return &fi, int(fi.Size()), nil
		}
	}
	return nil, 0, ErrEmpty
}

// report has no results: a bare return stops the function.
func report(paths []string, out io.Writer) {
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return
		}
		defer f.Close() // want "defer f.Close\(\) in a loop runs only when report returns"
		if _, err := io.Copy(out, f); err != nil {
			return
		}
	}
}

// readAny returns the generic zero value of T with *new(T).
func readAny[T any](paths []string, parse func([]byte) (T, bool)) (T, error) {
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			continue
		}
		defer f.Close() // want "defer f.Close\(\) in a loop runs only when readAny returns"
		head := make([]byte, 8)
		if _, err := io.ReadFull(f, head); err != nil {
			continue
		}
		if v, ok := parse(head); ok {
			return v, nil
		}
	}
	var zero T
	return zero, ErrEmpty
}

// firstNamed both breaks out of the loop and returns values: a second flag says "break".
func firstNamed(paths []string, want string) (string, error) {
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			break
		}
		defer f.Close() // want "defer f.Close\(\) in a loop runs only when firstNamed returns"
		if f.Name() == want {
			return f.Name(), nil
		}
	}
	return "", ErrEmpty
}

// copyUntil has no results, and both breaks and returns.
func copyUntil(paths []string, out io.Writer, last string) {
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return
		}
		defer f.Close() // want "defer f.Close\(\) in a loop runs only when copyUntil returns"
		if _, err := io.Copy(out, f); err != nil {
			return
		}
		if p == last {
			break
		}
	}
	io.WriteString(out, "done")
}
