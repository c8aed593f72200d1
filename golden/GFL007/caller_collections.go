package golden

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"net"
	"os"
	"time"
)

// Loops over what a caller hands in (a few resolved addresses, a manifest's
// entries, a map of fixtures, an in-memory archive, a slice shared out to
// workers through a channel) show no sign of running
// many times: what they hold is bounded by a collection that is usually
// small.  Without evidence that the loop repeats many times (see
// many_iterations.go) nothing is reported; GFL007.any_loop reports them too.

// dialEach tries each resolved address under its own deadline.
func dialEach(parent context.Context, addrs []string) (net.Conn, error) {
	var firstErr error
	for _, addr := range addrs {
		ctx, cancel := context.WithTimeout(parent, time.Second)
		defer cancel()
		var d net.Dialer
		c, err := d.DialContext(ctx, "tcp", addr)
		if err == nil {
			return c, nil
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	return nil, firstErr
}

type manifest struct{ entries []string }

// verify opens each entry the manifest names.
func (m *manifest) verify() error {
	for _, name := range m.entries {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		defer f.Close()
		if _, err := io.Copy(io.Discard, f); err != nil {
			return err
		}
	}
	return nil
}

// importArchive reads the entries of an archive held in memory.
func importArchive(data []byte) (map[string][]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	out := map[string][]byte{}
	for _, zf := range zr.File {
		r, err := zf.Open()
		if err != nil {
			return nil, err
		}
		defer r.Close()
		b, err := io.ReadAll(r)
		if err != nil {
			return nil, err
		}
		out[zf.Name] = b
	}
	return out, nil
}

// uploadAll shares a slice out to workers through a channel it fills itself:
// the channel carries no more items than the slice has.
func uploadAll(layers []string, workers int, upload func(io.Reader) error) {
	tasks := make(chan int, workers)
	go func() {
		for i := range layers {
			tasks <- i
		}
		close(tasks)
	}()
	for range workers {
		go func() {
			for i := range tasks {
				f, err := os.Open(layers[i])
				if err != nil {
					return
				}
				defer f.Close()
				if err := upload(f); err != nil {
					return
				}
			}
		}()
	}
}
