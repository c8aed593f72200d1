// gofixleak-options: GFL007.any_loop
package golden

import (
	"errors"
	"os"
)

// err, stop and done are taken around the loop: the new names shadow nothing.
func shadowed(paths []string, stop bool) error {
	var err error
	done := 0
	for _, p := range paths {
		if stop {
			break
		}
		f, openErr := os.Open(p)
		if openErr != nil {
			return openErr
		}
		defer f.Close() // want "defer f.Close\(\) in a loop runs only when shadowed returns"
		done++
	}
	if done == 0 {
		err = errors.New("nothing done")
	}
	return err
}

// res and err are taken: the results get fresh names too.
func named(paths []string, res string) (string, error) {
	err := errors.New("unused")
	for _, p := range paths {
		f, err2 := os.Open(p)
		if err2 != nil {
			continue
		}
		defer f.Close() // want "defer f.Close\(\) in a loop runs only when named returns"
		if f.Name() == res {
			return res, nil
		}
	}
	return "", err
}
