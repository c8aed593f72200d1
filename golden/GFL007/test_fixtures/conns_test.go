package golden

import (
	"net"
	"os"
	"testing"
)

// A test's loop over its servers or a count sets up what the test holds until it
// ends: not reported (the connections are meant to stay open while it checks).
func TestHoldsClients(t *testing.T) {
	servers := []string{"127.0.0.1:1", "127.0.0.1:2"}
	for _, addr := range servers {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Skip(err)
		}
		defer c.Close()
		c.Write([]byte("ping"))
	}
	for i := 0; i < len(servers)*100; i++ {
		f, err := os.Open(os.DevNull)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		f.Stat()
	}
}

// A benchmark loop runs b.N times: every iteration's file stays open until the
// benchmark function returns.
func BenchmarkOpen(b *testing.B) {
	for i := 0; i < b.N; i++ {
		f, err := os.Open(os.DevNull)
		if err != nil {
			b.Fatal(err)
		}
		defer f.Close() // want "defer f.Close\(\) in a loop runs only when BenchmarkOpen returns"
		f.Stat()
	}
}
