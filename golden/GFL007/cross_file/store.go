package golden

import (
	"errors"
	"os"
)

// ErrLocked is a sentinel error declared in another file of the package.
var ErrLocked = errors.New("locked")

type store struct {
	dir  string
	kept []*os.File
}

func (s *store) open(name string) (*os.File, error) {
	return os.Open(s.dir + "/" + name)
}

// guard recovers panics; deferring it in a loop cannot be wrapped.
func guard() {
	if r := recover(); r != nil {
		println("recovered")
	}
}

// checksum only reads the file it is given.
func (s *store) checksum(f *os.File) (int, error) {
	buf := make([]byte, 64)
	n, err := f.Read(buf)
	sum := 0
	for _, b := range buf[:n] {
		sum += int(b)
	}
	return sum, err
}

// keep remembers the file it is given.
func (s *store) keep(f *os.File) {
	s.kept = append(s.kept, f)
}
