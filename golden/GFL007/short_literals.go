// gofixleak-options: GFL007.any_loop
package golden

import (
	"context"
	"os"
	"runtime"
	"syscall"
	"time"
)

// A local slice that only short literals fill (also on other paths, or cut
// down by a reslice, or a few appends before the loop) holds at most that
// many things: not reported, even with GFL007.any_loop.

// exchange tries UDP first and TCP after a truncated answer.
func exchange(parent context.Context, tcpOnly bool, ask func(context.Context, string) (bool, error)) error {
	networks := []string{"udp", "tcp"}
	if tcpOnly {
		networks = []string{"tcp"}
	}
	for _, network := range networks {
		ctx, cancel := context.WithTimeout(parent, time.Second)
		defer cancel()
		truncated, err := ask(ctx, network)
		if err != nil {
			return err
		}
		if !truncated {
			return nil
		}
	}
	return nil
}

type probe struct {
	network string
	family  int
}

// probeStack opens one socket per probe, cut to one on some systems.
func probeStack() []bool {
	probes := []probe{{"tcp4", syscall.AF_INET}, {"tcp6", syscall.AF_INET6}}
	if runtime.GOOS == "openbsd" {
		probes = probes[:1]
	}
	var ok []bool
	for _, p := range probes {
		fd, err := syscall.Socket(p.family, syscall.SOCK_STREAM, 0)
		if err != nil {
			ok = append(ok, false)
			continue
		}
		defer syscall.Close(fd)
		ok = append(ok, p.network != "")
	}
	return ok
}

// zoneSource looks in at most two roots.
func zoneSource(goroot string) string {
	var roots []string
	if goroot != "" {
		roots = append(roots, goroot+"/lib/time")
	}
	if wd, err := os.Getwd(); err == nil {
		roots = append(roots, wd)
	}
	for _, r := range roots {
		f, err := os.Open(r)
		if err != nil {
			continue
		}
		defer f.Close()
		if st, err := f.Stat(); err == nil && st.IsDir() {
			return r
		}
	}
	return ""
}

// grown is filled in a loop first: its length is not known, so it is reported.
func grown(paths []string) int {
	var all []string
	for _, p := range paths {
		all = append(all, p)
	}
	n := 0
	for _, p := range all {
		f, err := os.Open(p)
		if err != nil {
			continue
		}
		defer f.Close() // want "defer f.Close\(\) in a loop runs only when grown returns"
		n++
	}
	return n
}
