package golden

import (
	"runtime"
	"testing"
	"time"
)

// The goroutine is left blocked only once the test has timed out and failed: not reported
// by default (the failure_paths option reports it).
func TestHandshakeTimesOut(t *testing.T) {
	c := &conn{ok: true}
	result := make(chan error)
	go func() { result <- c.handshake() }()
	select {
	case err := <-result:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("handshake timed out")
	}
}

// A failed check before the receive: the server side blocks only in a failed test.
func TestServerSide(t *testing.T) {
	c := &conn{ok: true}
	done := make(chan bool)
	go func() {
		_ = c.handshake()
		done <- true
	}()
	if err := (&conn{}).handshake(); err == nil {
		t.Fatalf("expected an error")
	}
	<-done
}

// t.Error marks the test failed and it goes on to its end: a failure path too.
func TestCancelHangs(t *testing.T) {
	c := make(chan int)
	go func() {
		time.Sleep(time.Millisecond)
		c <- 1
	}()
	select {
	case v := <-c:
		if v == 0 {
			t.Error("not cancelled")
		}
	case <-time.After(30 * time.Second):
		t.Error("hung while cancelling")
	}
}

// A helper taking testing.TB fails the same way.
func waitHandshake(tb testing.TB, c *conn) {
	errs := make(chan error)
	go func() { errs <- c.handshake() }()
	select {
	case err := <-errs:
		if err != nil {
			tb.Fatal(err)
		}
	case <-time.After(time.Second):
		tb.FailNow()
	}
}

// A callback run per message, waited for with a timeout that fails the test.
func TestSubscribeTimesOut(t *testing.T) {
	got := make(chan string)
	subscribe("a", func(msg string) { got <- msg })
	select {
	case <-got:
	case <-time.After(time.Second):
		t.Fatal("no message")
	}
}

// Still reported: the sender is a finalizer, run by the runtime's one finalizer goroutine;
// blocked, it stops every later finalizer of the test binary.
func TestFinalizerRuns(t *testing.T) {
	done := make(chan struct{}) // want "GFL004 the closure handed away at line 86 blocks forever on `done <- struct\\{\\}\\{\\}` \\(line 86\\) when the select at line 88 takes `case <-time.After\\(time.Second\\)` and `t.Fatal` at line 91 ends the test"
	x := new(conn)
	runtime.SetFinalizer(x, func(*conn) { done <- struct{}{} })
	runtime.GC()
	select {
	case <-done:
	case <-time.After(time.Second):
		t.Fatal("finalizer did not run")
	}
}

// Still reported: the test passes and still leaves the goroutine blocked (a skip is no failure).
func TestShortSkips(t *testing.T) {
	c := &conn{ok: true}
	result := make(chan error) // want "GFL004 the goroutine started at line 99 blocks forever on `result <- c.handshake\\(\\)` \\(line 99\\) when `t.Skip` at line 101 ends the test before result is received from"
	go func() { result <- c.handshake() }()
	if testing.Short() {
		t.Skip("short mode")
	}
	if err := <-result; err != nil {
		t.Error(err)
	}
}

// Still reported: a test that gives up on a timeout without failing.
func TestBestEffort(t *testing.T) {
	c := &conn{ok: true}
	result := make(chan error) // want "GFL004 the goroutine started at line 112 blocks forever on `result <- c.handshake\\(\\)` \\(line 112\\) when the select at line 113 takes `case <-time.After\\(time.Second\\)` and reaches the end of the function"
	go func() { result <- c.handshake() }()
	select {
	case err := <-result:
		t.Log(err)
	case <-time.After(time.Second):
		t.Log("slow handshake, not waiting")
	}
}

// A test that skips itself when the wait times out gave up as a failed one does: not reported.
func TestSlowMachineSkips(t *testing.T) {
	c := &conn{ok: true}
	result := make(chan error)
	go func() { result <- c.handshake() }()
	select {
	case err := <-result:
		t.Log(err)
	case <-time.After(time.Minute):
		t.Skip("handshake too slow on this machine")
	}
}
