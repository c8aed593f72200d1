// gofixleak-options: GFL007.any_loop
package golden

import (
	"bytes"
	"container/list"
	"fmt"
	"os"
	"sync"
	"testing"
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
			fmt.Println(f.Name())
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
		fmt.Println(f.Name())
	}
	return nil
}

// recovering: a deferred recover would stop a panic in each iteration instead.
func recovering(jobs []func()) {
	for _, job := range jobs {
		defer func() {
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
		defer f.Close()
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
		defer f.Close()
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
		defer f.Close()
		wg.Add(1)
		go func() {
			defer wg.Done()
			fmt.Println(f.Name())
		}()
	}
	wg.Wait()
}

// grouped: each file is read by a function that wg.Go runs on another goroutine.
func grouped(paths []string) {
	var wg sync.WaitGroup
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			continue
		}
		defer f.Close()
		wg.Go(func() {
			fmt.Println(f.Name())
		})
	}
	wg.Wait()
}

// listed: the list keeps every file, and the code after the loop reads them.
func listed(paths []string) {
	files := list.New()
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			continue
		}
		defer f.Close()
		files.PushBack(f)
	}
	for e := files.Front(); e != nil; e = e.Next() {
		fmt.Println(e.Value.(*os.File).Name())
	}
}

type registry struct{ open []*os.File }

func (r *registry) add(f *os.File) { r.open = append(r.open, f) }

// registered: a method of the package keeps each file in its receiver.
func registered(r *registry, paths []string) {
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			continue
		}
		defer f.Close()
		r.add(f)
	}
	for _, f := range r.open {
		fmt.Println(f.Name())
	}
}

// parallelSubtests: a parallel subtest runs after t.Run returns, so after the iteration.
func parallelSubtests(t *testing.T, paths []string) {
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		t.Run(p, func(t *testing.T) {
			t.Parallel()
			if _, err := f.Stat(); err != nil {
				t.Error(err)
			}
		})
	}
}

type shard struct {
	mu sync.Mutex
	n  int
}

// readLocked holds every shard's lock on purpose (the unlock is the iteration's
// last statement), which keeps the file's defer from being rewritten too.
func readLocked(shards []*shard, paths []string) {
	for i, s := range shards {
		f, err := os.Open(paths[i])
		if err != nil {
			continue
		}
		defer f.Close() // want "defer f.Close\(\) in a loop runs only when readLocked returns.*no automatic fix: defer s.mu.Unlock\(\) is the iteration's last statement and works on state from outside it: the loop looks meant to hold them all"
		fmt.Println(f.Name())
		s.mu.Lock()
		defer s.mu.Unlock()
	}
}

var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// pooledViews keeps views of each pooled buffer: putting it back at the end of
// the iteration would let the next one overwrite them.
func pooledViews(items []string) [][]byte {
	var out [][]byte
	for _, it := range items {
		buf := buffers.Get().(*bytes.Buffer)
		buf.Reset()
		defer buffers.Put(buf)
		buf.WriteString(it)
		out = append(out, bytes.TrimSpace(buf.Bytes()))
	}
	return out
}

// copied: copy stores each file in a slice the caller keeps.
func copied(paths []string, dst []*os.File) {
	for i, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			continue
		}
		defer f.Close()
		copy(dst[i:], []*os.File{f})
	}
}
