package golden

import (
	"database/sql"
	"fmt"
	"net/http"
	"os"
	"strings"
	"sync"
)

// literal: the defer already sits in a function literal called per iteration.
func literal(paths []string) error {
	for _, p := range paths {
		if err := func() error {
			f, err := os.Open(p)
			if err != nil {
				return err
			}
			defer f.Close()
			return f.Sync()
		}(); err != nil {
			return err
		}
	}
	return nil
}

// outside: no loop around the defer.
func outside(p string) error {
	f, err := os.Open(p)
	if err != nil {
		return err
	}
	defer f.Close()
	for i := 0; i < 3; i++ {
		fmt.Println(i)
	}
	return nil
}

// found: every path after the defer returns, so it runs at most once.
func found(paths []string, want string) (*os.File, error) {
	for _, p := range paths {
		if p != want {
			continue
		}
		f, err := os.Open(p)
		if err != nil {
			return nil, err
		}
		defer fmt.Println("closing", p)
		return f, nil
	}
	return nil, nil
}

// dialOnce: the defer is followed by a break out of the only loop.
func dialOnce(paths []string) {
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			continue
		}
		defer f.Close()
		fmt.Println(f.Name())
		break
	}
	fmt.Println("done")
}

// lastReader: the defer sits in a branch that always returns.
func lastReader(mu *sync.Mutex, states []int) {
	for {
		if len(states) == 0 {
			mu.Lock()
			defer mu.Unlock()
			fmt.Println("empty")
			return
		}
		states = states[1:]
	}
}

// goroutines: each goroutine's defer runs when that goroutine's function returns.
func goroutines(paths []string) {
	var wg sync.WaitGroup
	for _, p := range paths {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fmt.Println(p)
		}()
	}
	wg.Wait()
}

// panics: a deferred call followed by a panic runs once.
func panics(paths []string) {
	for _, p := range paths {
		if p == "" {
			defer fmt.Println("bad path")
			panic("empty path")
		}
	}
}

// closeAll only schedules the cleanup of files opened before the loop.
func closeAll(files []*os.File) {
	for _, f := range files {
		defer f.Close()
	}
}

type shard struct {
	mu sync.Mutex
	n  int
}

// lockAll holds every shard's lock until it returns, on purpose: the unlock of
// a different shard each time is the iteration's last statement.
func lockAll(shards []*shard) int {
	for _, s := range shards {
		s.mu.Lock()
		defer s.mu.Unlock()
	}
	total := 0
	for _, s := range shards {
		total += s.n
	}
	return total
}

type lockTable struct {
	mu    sync.Mutex
	locks map[string]*sync.Mutex
}

func (t *lockTable) get(key string) *sync.Mutex {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.locks[key] == nil {
		t.locks[key] = new(sync.Mutex)
	}
	return t.locks[key]
}

// lockKeys takes each key's lock from a table and holds them all: a call hands
// out the lock, but the lock is shared, not made by the iteration.
func lockKeys(t *lockTable, keys []string) int {
	for _, k := range keys {
		l := t.get(k)
		l.Lock()
		defer l.Unlock()
	}
	return len(keys)
}

// restoreModes makes directories read-only and restores each mode on return.
func restoreModes(dirs []string) error {
	for _, d := range dirs {
		if err := os.Chmod(d, 0o555); err != nil {
			return err
		}
		defer os.Chmod(d, 0o755)
	}
	return os.RemoveAll(dirs[0])
}

// holdConnections keeps n queries open at once on purpose: nothing in the
// iteration uses the rows, it only defers their release.
func holdConnections(db *sql.DB, n int) error {
	for i := 0; i < n; i++ {
		rows, err := db.Query("SELECT 1")
		if err != nil {
			return err
		}
		defer rows.Close()
	}
	return nil
}

// roundTrips keeps both responses open on purpose; the error that comes with
// each (of a call whose results are unknown) is not a use of the response.
func roundTrips(rt http.RoundTripper, url string) error {
	for range 2 {
		req, err := http.NewRequest("POST", url, strings.NewReader("a"))
		if err != nil {
			return err
		}
		res, err := rt.RoundTrip(req)
		if err != nil {
			return fmt.Errorf("round trip: %w", err)
		}
		defer res.Body.Close()
	}
	return nil
}

// lockBoth holds two locks per shard: each unlock is followed only by the other defer.
func lockBoth(shards, mirrors []*shard) {
	for i, s := range shards {
		s.mu.Lock()
		mirrors[i].mu.Lock()
		defer s.mu.Unlock()
		defer mirrors[i].mu.Unlock()
	}
}
