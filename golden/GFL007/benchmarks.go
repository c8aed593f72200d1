package golden

import (
	"context"
	"os"
	"testing"
	"time"
)

// A benchmark loop runs as often as the benchmark wants: nothing there means to hold one file
// per iteration, even when the defer is the iteration's last statement.
func BenchmarkOpenDevNull(b *testing.B) {
	for i := 0; i < b.N; i++ {
		f, err := os.Open(os.DevNull)
		if err != nil {
			b.Fatal(err)
		}
		defer f.Close() // want "defer f.Close\(\) in a loop runs only when BenchmarkOpenDevNull returns"
	}
}

func BenchmarkTimeouts(b *testing.B) {
	for range b.N {
		_, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel() // want "defer cancel\(\) in a loop runs only when BenchmarkTimeouts returns"
	}
}

// Not a benchmark loop: the iteration makes rows of files and only defers their release, so the
// loop looks meant to hold them all (see negatives.go).
func holdDevNull(n int) {
	for i := 0; i < n; i++ {
		f, err := os.Open(os.DevNull)
		if err != nil {
			return
		}
		defer f.Close()
	}
}
