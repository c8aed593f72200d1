package golden

import (
	"archive/tar"
	"context"
	"io"
	"os"
	"path/filepath"
	"time"
)

// Loops that show they run many times: until something happens (a server's
// timer loop, a stream of records), over a channel, over a directory listing.

// cleanup runs for the life of the server; each round's context stays
// registered with the parent until the server stops.
func cleanup(parent context.Context, wait time.Duration, sweep func(context.Context) error) {
	t := time.NewTimer(wait)
	defer t.Stop()
	for {
		select {
		case <-parent.Done():
			return
		case <-t.C:
			ctx, cancel := context.WithCancel(parent)
			defer cancel() // want "defer cancel\(\) in a loop runs only when cleanup returns"
			if err := sweep(ctx); err != nil {
				t.Reset(wait)
				continue
			}
			t.Reset(wait)
		}
	}
}

// extract holds every file of the archive open until it returns.
func extract(r io.Reader, dir string) error {
	tr := tar.NewReader(r)
	for {
		header, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		out, err := os.Create(filepath.Join(dir, filepath.Base(header.Name)))
		if err != nil {
			return err
		}
		defer out.Close() // want "defer out.Close\(\) in a loop runs only when extract returns"
		if _, err := io.Copy(out, tr); err != nil {
			return err
		}
	}
	return nil
}

// drain handles work items for as long as they come.
func drain(paths <-chan string) error {
	for p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close() // want "defer f.Close\(\) in a loop runs only when drain returns"
		if _, err := io.Copy(io.Discard, f); err != nil {
			return err
		}
	}
	return nil
}

// sizes opens every file of a directory.
func sizes(dir string) (int64, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return 0, err
	}
	var total int64
	for _, e := range entries {
		f, err := os.Open(filepath.Join(dir, e.Name()))
		if err != nil {
			return 0, err
		}
		defer f.Close() // want "defer f.Close\(\) in a loop runs only when sizes returns"
		st, err := f.Stat()
		if err != nil {
			return 0, err
		}
		total += st.Size()
	}
	return total, nil
}
