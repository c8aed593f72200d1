// gofixleak-options: GFL007.any_loop
package golden

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"log"
	"net/http"
	"os"
	"sync"
	"testing"
	"time"
)

// bodies reads each body into memory: the bytes it keeps are a copy, not the body.
func bodies(client *http.Client, urls []string) ([][]byte, error) {
	var out [][]byte
	for _, u := range urls {
		resp, err := client.Get(u)
		if err != nil {
			return nil, err
		}
		defer resp.Body.Close() // want "defer resp.Body.Close\(\) in a loop runs only when bodies returns"
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, nil
}

// countLines hands each file to a function of the package that only reads it.
func countLines(paths []string) (int, error) {
	total := 0
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return 0, err
		}
		defer f.Close() // want "defer f.Close\(\) in a loop runs only when countLines returns"
		n, err := lines(f)
		if err != nil {
			return 0, err
		}
		total += n
	}
	return total, nil
}

func lines(r io.Reader) (int, error) {
	sc := bufio.NewScanner(r)
	n := 0
	for sc.Scan() {
		n++
	}
	return n, sc.Err()
}

// logged reports a failed close from the deferred function: that is part of
// releasing the file, and moves with it.
func logged(paths []string) {
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			continue
		}
		defer func() { // want "defer func\(\) {...}\(\) in a loop runs only when logged returns"
			if err := f.Close(); err != nil {
				log.Printf("close %s: %v", p, err)
			}
		}()
		if _, err := io.Copy(io.Discard, f); err != nil {
			log.Print(err)
		}
	}
}

// subtests: a subtest that does not call t.Parallel is over when t.Run returns.
func subtests(t *testing.T, paths []string) {
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close() // want "defer f.Close\(\) in a loop runs only when subtests returns"
		t.Run(p, func(t *testing.T) {
			if _, err := f.Stat(); err != nil {
				t.Error(err)
			}
		})
	}
}

// probeAll passes each context to a callback: a context is handed to what
// needs it during the call.
func probeAll(parent context.Context, addrs []string, probe func(context.Context, string) error) error {
	for _, a := range addrs {
		ctx, cancel := context.WithCancel(parent)
		defer cancel() // want "defer cancel\(\) in a loop runs only when probeAll returns"
		if err := probe(ctx, a); err != nil {
			return err
		}
	}
	return nil
}

var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// pooled puts each buffer back at the end of its iteration: what it keeps is a copy.
func pooled(items []string) []string {
	var out []string
	for _, it := range items {
		buf := buffers.Get().(*bytes.Buffer)
		buf.Reset()
		defer buffers.Put(buf) // want "defer buffers.Put\(buf\) in a loop runs only when pooled returns"
		buf.WriteString(it)
		out = append(out, buf.String())
	}
	return out
}

// cancelLast defers the cancel as the iteration's last statement, after using
// the context it came with: the timer still piles up.
func cancelLast(parent context.Context, items []string, do func(context.Context, string)) {
	for _, it := range items {
		ctx, cancel := context.WithTimeout(parent, time.Second)
		do(ctx, it)
		defer cancel() // want "defer cancel\(\) in a loop runs only when cancelLast returns"
	}
}
