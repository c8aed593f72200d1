package golden

import (
	"errors"
	"os"
)

// ErrLocked is a sentinel error declared in another file of the package.
var ErrLocked = errors.New("locked")

type store struct{ dir string }

func (s *store) open(name string) (*os.File, error) {
	return os.Open(s.dir + "/" + name)
}

// guard recovers panics; deferring it in a loop cannot be wrapped.
func guard() {
	if r := recover(); r != nil {
		println("recovered")
	}
}
