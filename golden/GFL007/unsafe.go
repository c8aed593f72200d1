// gofixleak-options: --unsafe-fixes GFL007.any_loop

package golden

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"sync"
)

type counter struct {
	mu   sync.Mutex
	hits map[string]int
}

// record locks the shared mutex per iteration: the original deadlocks on the
// second key; the fix unlocks at the end of each iteration, which depends on
// nothing after the loop needing the lock (unsafe).
func (c *counter) record(keys []string) {
	for _, k := range keys {
		c.mu.Lock()
		defer c.mu.Unlock() // want "defer c.mu.Unlock\(\) in a loop runs only when record returns"
		c.hits[k]++
	}
}

// total has named results (unsafe).
func total(paths []string) (n int64, err error) {
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return n, err
		}
		defer f.Close() // want "defer f.Close\(\) in a loop runs only when total returns"
		fi, err := f.Stat()
		if err != nil {
			return n, err
		}
		n += fi.Size()
	}
	return n, nil
}

// announce starts goroutines in the body (unsafe).
func announce(paths []string, wg *sync.WaitGroup) {
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			continue
		}
		defer f.Close() // want "defer f.Close\(\) in a loop runs only when announce returns"
		wg.Add(1)
		go func() {
			defer wg.Done()
			fmt.Println(p)
		}()
	}
}

// trace prints from a deferred call: the output now comes per iteration (unsafe).
func trace(steps []string) {
	for i, s := range steps {
		defer fmt.Println("done", i, s)
		fmt.Println("start", i, s)
	}
}

// tempFiles removes each temporary file at the end of its iteration: code after
// the loop could still look for it on disk (unsafe).
func tempFiles(dir string, n int) error {
	for n > 0 {
		tmp, err := os.CreateTemp(dir, "part-*")
		if err != nil {
			return err
		}
		defer os.Remove(tmp.Name()) // want "defer os.Remove\(tmp.Name\(\)\) in a loop runs only when tempFiles returns"
		defer tmp.Close()           // want "defer tmp.Close\(\) in a loop runs only when tempFiles returns"
		if _, err := tmp.WriteString("part"); err != nil {
			return err
		}
		n--
	}
	return nil
}

type table struct {
	mu    sync.Mutex
	locks map[string]*sync.Mutex
}

func (t *table) lockFor(key string) *sync.Mutex {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.locks[key] == nil {
		t.locks[key] = new(sync.Mutex)
	}
	return t.locks[key]
}

// lockedByKey gets each key's lock from a call: the lock is shared all the same,
// so unlocking it at the end of the iteration is unsafe, not a release.
func lockedByKey(t *table, keys []string, visit func(string)) {
	for _, k := range keys {
		l := t.lockFor(k)
		l.Lock()
		defer l.Unlock()
		visit(k)
	}
}

// sameLock locks the same mutex in every iteration (a deadlock on the second):
// the unlock is the iteration's last statement but nothing differs per iteration.
func (c *counter) sameLock(keys []string) {
	for _, k := range keys {
		c.hits[k]++
		c.mu.Lock()
		defer c.mu.Unlock() // want "defer c.mu.Unlock\(\) in a loop runs only when sameLock returns"
	}
}

// visitAll hands each file to a callback, which may keep it.
func visitAll(paths []string, visit func(*os.File)) {
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			continue
		}
		defer f.Close() // want "defer f.Close\(\) in a loop runs only when visitAll returns"
		visit(f)
	}
}

// closeEach closes a channel from outside the iteration in each deferred call.
func closeEach(paths []string, opened chan<- string) {
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			continue
		}
		defer func() { // want "defer func\(\) {...}\(\) in a loop runs only when closeEach returns"
			f.Close()
			close(opened)
		}()
		opened <- f.Name()
	}
}

// backends keeps each test server's URL for after the loop: closing the
// servers at the end of each iteration would leave those URLs dead.
func backends(h http.Handler, n int) []string {
	var urls []string
	for i := 0; i < n; i++ {
		srv := httptest.NewServer(h)
		defer srv.Close()
		urls = append(urls, srv.URL)
	}
	for _, u := range urls {
		if resp, err := http.Get(u); err == nil {
			resp.Body.Close()
		}
	}
	return urls
}
