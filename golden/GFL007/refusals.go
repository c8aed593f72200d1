package golden

import (
	"database/sql"
	"fmt"
	"os"
	"sync"
)

// withGoto: control flow through goto is not translated.
func withGoto(paths []string) {
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			goto next
		}
		defer f.Close() // want "defer f.Close\(\) in a loop runs only when withGoto returns.*no automatic fix: the loop body uses goto"
		fmt.Println(f.Name())
	next:
	}
}

// outerContinue: `continue outer` leaves the wrapped loop for an outer one.
func outerContinue(groups [][]string) {
outer:
	for _, group := range groups {
		for _, p := range group {
			f, err := os.Open(p)
			if err != nil {
				continue outer
			}
			defer f.Close() // want "defer f.Close\(\) in a loop runs only when outerContinue returns.*no automatic fix: `continue outer` leaves the loop for an outer statement"
		}
	}
}

// bareReturn: a bare return in a function with named results.
func bareReturn(paths []string) (n int, err error) {
	for _, p := range paths {
		var f *os.File
		f, err = os.Open(p)
		if err != nil {
			return
		}
		defer f.Close() // want "defer f.Close\(\) in a loop runs only when bareReturn returns.*no automatic fix: a bare return in bareReturn, which has named results"
		n++
	}
	return n, nil
}

// namedResult: the deferred call sets the named result, which the caller sees.
func namedResult(paths []string) (err error) {
	for _, p := range paths {
		f, openErr := os.Open(p)
		if openErr != nil {
			return openErr
		}
		defer func() { // want "defer func\(\) {...}\(\) in a loop runs only when namedResult returns.*no automatic fix: .* uses the named result err"
			if cerr := f.Close(); cerr != nil && err == nil {
				err = cerr
			}
		}()
	}
	return nil
}

// recovering: a deferred recover would stop a panic in each iteration instead.
func recovering(jobs []func()) {
	for _, job := range jobs {
		defer func() { // want "defer func\(\) {...}\(\) in a loop runs only when recovering returns.*no automatic fix: .* recovers panics"
			if r := recover(); r != nil {
				fmt.Println("recovered", r)
			}
		}()
		job()
	}
}

// kept: the file outlives the iteration, so closing it at its end would be wrong.
func kept(paths []string) []*os.File {
	var files []*os.File
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			continue
		}
		defer f.Close() // want "defer f.Close\(\) in a loop runs only when kept returns.*no automatic fix: f is stored in files, which outlives the iteration"
		files = append(files, f)
	}
	for _, f := range files {
		fmt.Println(f.Name())
	}
	return nil
}

// sent: the file goes to another goroutine through a channel.
func sent(paths []string, out chan<- *os.File) {
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			continue
		}
		defer f.Close() // want "defer f.Close\(\) in a loop runs only when sent returns.*no automatic fix: f is sent on a channel"
		out <- f
	}
}

// shared: a goroutine started in the iteration uses the file.
func shared(paths []string, wg *sync.WaitGroup) {
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			continue
		}
		defer f.Close() // want "defer f.Close\(\) in a loop runs only when shared returns.*no automatic fix: f is used by a goroutine"
		wg.Add(1)
		go func() {
			defer wg.Done()
			fmt.Println(f.Name())
		}()
	}
	wg.Wait()
}

type shard struct {
	mu sync.Mutex
	n  int
}

// lockAll holds every shard's lock until it returns, on purpose.
func lockAll(shards []*shard) int {
	for _, s := range shards {
		s.mu.Lock()
		defer s.mu.Unlock() // want "defer s.mu.Unlock\(\) in a loop runs only when lockAll returns.*no automatic fix: .* is the iteration's last statement and works only on state from outside it"
	}
	total := 0
	for _, s := range shards {
		total += s.n
	}
	return total
}

// breakAndValues both breaks and returns values: no natural result to translate to.
func breakAndValues(paths []string) (string, error) {
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			break
		}
		defer f.Close() // want "defer f.Close\(\) in a loop runs only when breakAndValues returns.*no automatic fix: the loop body both breaks out of the loop and returns values"
		if f.Name() == "x" {
			return f.Name(), nil
		}
	}
	return "", nil
}

// holdConnections keeps n queries open at once on purpose: nothing in the
// iteration uses the rows, it only defers their release.
func holdConnections(db *sql.DB, n int) error {
	for i := 0; i < n; i++ {
		rows, err := db.Query("SELECT 1")
		if err != nil {
			return err
		}
		defer rows.Close() // want "defer rows.Close\(\) in a loop runs only when holdConnections returns.*no automatic fix: the iteration makes rows and only defers its release"
	}
	return nil
}
