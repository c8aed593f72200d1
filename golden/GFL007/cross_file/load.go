// gofixleak-options: GFL007.any_loop
package golden

import "os"

// loadAll uses a method and a sentinel error declared in store.go.
func (s *store) loadAll(names []string) (int, error) {
	for _, name := range names {
		f, err := s.open(name)
		if err != nil {
			return 0, err
		}
		defer f.Close() // want "defer f.Close\(\) in a loop runs only when loadAll returns"
		if fi, err := f.Stat(); err != nil || fi.Mode()&os.ModeExclusive != 0 {
			return 0, ErrLocked
		}
	}
	return len(names), nil
}

// guarded defers a function of the package that calls recover().
func guarded(jobs []func()) {
	for _, job := range jobs {
		defer guard()
		job()
	}
}

// sums hands each file to a method in store.go that only reads it.
func (s *store) sums(names []string) (int, error) {
	total := 0
	for _, name := range names {
		f, err := s.open(name)
		if err != nil {
			return 0, err
		}
		defer f.Close() // want "defer f.Close\(\) in a loop runs only when sums returns"
		sum, err := s.checksum(f)
		if err != nil {
			return 0, err
		}
		total += sum
	}
	return total, nil
}

// keepAll hands each file to a method in store.go that keeps it.
func (s *store) keepAll(names []string) {
	for _, name := range names {
		f, err := s.open(name)
		if err != nil {
			continue
		}
		defer f.Close()
		s.keep(f)
	}
}
