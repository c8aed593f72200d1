package golden

import (
	"sync"
	"testing"
	"time"
)

// t.Fatal ends the test's goroutine: the server goroutine is left blocked on its send.
func TestServeFatal(t *testing.T) {
	s := &server{addr: "localhost:0"}
	errCh := make(chan error) // want "GFL004 the goroutine started at line 13 blocks forever on `errCh <- s.serve\\(\\)` \\(line 13\\) when the select at line 14 takes `case <-time.After\\(time.Second\\)` and `t.Fatal` at line 20 ends the test"
	go func() { errCh <- s.serve() }()
	select {
	case err := <-errCh:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(time.Second):
		t.Fatal("timed out")
	}
}

func TestServeFailNow(t *testing.T) {
	s := &server{addr: "localhost:0"}
	done := make(chan struct{}) // want "GFL004 .* `t.FailNow` at line 35 ends the test"
	go func() {
		_ = s.serve()
		done <- struct{}{}
	}()
	select {
	case <-done:
	case <-time.After(time.Second):
		t.Log("timed out")
		t.FailNow()
	}
}

// Fatal before the receive at all.
func TestFatalBeforeReceive(t *testing.T) {
	s := &server{addr: "localhost:0"}
	result := make(chan error) // want "GFL004 .* when `t.Fatalf` at line 45 ends the test before result is received from"
	go func() { result <- s.serve() }()
	if s.addr == "" {
		t.Fatalf("no address")
	}
	if err := <-result; err != nil {
		t.Error(err)
	}
}

func BenchmarkServe(b *testing.B) {
	s := &server{addr: "localhost:0"}
	for range b.N {
		done := make(chan error) // want "GFL004 .* `b.Fatal` at line 60 ends the test"
		go func() { done <- s.serve() }()
		select {
		case <-done:
		case <-time.After(time.Second):
			b.Fatal("timed out")
		}
	}
}

// A helper of this file returns the channel: its make gets the buffer.
func startLocal(s *server) chan error {
	ch := make(chan error)
	go func() { ch <- s.serve() }()
	return ch
}

func TestLocalHelper(t *testing.T) {
	errCh := startLocal(&server{}) // want "GFL004 the goroutine startLocal starts \\(called at line 73\\) blocks forever on `ch <- s.serve\\(\\)` when the select at line 74 takes `case <-time.After\\(time.Second\\)` and `t.Fatalf` at line 78 ends the test"
	select {
	case err := <-errCh:
		t.Log(err)
	case <-time.After(time.Second):
		t.Fatalf("timed out")
	}
}

// A helper of another file: the advice names it, the fix belongs there.
func TestStartServer(t *testing.T) {
	errCh := StartServer(&server{}) // want "GFL004 the goroutine StartServer starts .* `t.Fatal` at line 89 ends the test; give the channel StartServer makes \\(server.go\\) a buffer for every send: 1"
	select {
	case err := <-errCh:
		t.Log(err)
	case <-time.After(time.Second):
		t.Fatal("timed out")
	}
}

// Look-alike: the helper's goroutine gives up by itself.
func TestGuarded(t *testing.T) {
	done := make(chan struct{})
	defer close(done)
	errCh := startGuarded(&server{}, done)
	select {
	case err := <-errCh:
		t.Log(err)
	case <-time.After(time.Second):
		t.Fatal("timed out")
	}
}

// Look-alike: the goroutine has room for its value.
func TestBuffered(t *testing.T) {
	errCh := make(chan error, 1)
	go func() { errCh <- (&server{}).serve() }()
	select {
	case err := <-errCh:
		t.Log(err)
	case <-time.After(time.Second):
		t.Fatal("timed out")
	}
}

// Look-alike: t.Fatal only after the value was received.
func TestFatalAfterReceive(t *testing.T) {
	errCh := make(chan error)
	go func() { errCh <- (&server{}).serve() }()
	if err := <-errCh; err != nil {
		t.Fatal(err)
	}
}

// Look-alike: t.Error does not end the test, and the receive still comes.
func TestErrorThenWait(t *testing.T) {
	errCh := make(chan error)
	go func() { errCh <- (&server{}).serve() }()
	timer := time.NewTimer(time.Second)
	defer timer.Stop()
	select {
	case <-timer.C:
		t.Error("slow")
		<-errCh
	case err := <-errCh:
		t.Log(err)
	}
}

// The done channel is closed (deferred) once wg.Wait() returns, so only the timeout
// abandons the workers that failed after the first.
func TestAddAll(t *testing.T) {
	errCh := make(chan error, 1) // want "GFL004 the goroutines started at line 148 block forever on `errCh <- err` \\(line 150\\) when the select at line 159 takes `case <-time.After\\(time.Second\\)` and `t.Fatal` at line 164 ends the test"
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			if err := (&server{}).serve(); err != nil {
				errCh <- err
			}
		})
	}
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		wg.Wait()
	}()
	select {
	case err := <-errCh:
		t.Fatalf("unexpected error: %v", err)
	case <-finished:
	case <-time.After(time.Second):
		t.Fatal("should finish in time")
	}
}

// Look-alike: nothing closes errs, but t.Fatalf ends the range on its first value, which
// the length check says is there.
func TestCreateAll(t *testing.T) {
	errs := make(chan error, 4)
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := (&server{}).serve(); err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	if len(errs) > 0 {
		for err := range errs {
			t.Fatalf("%v", err)
		}
	}
}
