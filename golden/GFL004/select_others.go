package golden

import "context"

type server struct {
	quit chan struct{}
}

func lookup(key string) (string, error) { return key, nil }

// A stop channel of the caller, or of the server: nobody receives the value after it.
func getUntil(stop <-chan struct{}, key string) (string, bool) {
	ch := make(chan string) // want "GFL004 the goroutine started at line 14 blocks forever on `ch <- key` \\(line 14\\) when the select at line 15 takes `case <-stop` and returns at line 19"
	go func() { ch <- key }()
	select {
	case v := <-ch:
		return v, true
	case <-stop:
		return "", false
	}
}

func (s *server) get(key string) (string, bool) {
	ch := make(chan string) // want "GFL004 .* when the select at line 26 takes `case <-s.quit` and returns at line 30"
	go func() { ch <- key }()
	select {
	case v := <-ch:
		return v, true
	case <-s.quit:
		return "", false
	}
}

// `started` is closed before the send: taking it leaves the send behind.
func getStarted(key string) (string, bool) {
	ch := make(chan string) // want "GFL004 .* when the select at line 42 takes `case <-started` and returns at line 46"
	started := make(chan struct{})
	go func() {
		close(started)
		ch <- key
	}()
	select {
	case v := <-ch:
		return v, true
	case <-started:
		return "", false
	}
}

// `done` is closed after the send (deferred or written after it): while the channel is
// unbuffered it is only closed once the value was taken, so nothing is left behind.
func getDeferred(key string) (string, error) {
	ch := make(chan string)
	done := make(chan struct{})
	go func() {
		defer close(done)
		v, err := lookup(key)
		if err != nil {
			return
		}
		ch <- v
	}()
	select {
	case v := <-ch:
		return v, nil
	case <-done:
		return "", context.Canceled
	}
}

func getAfter(key string) (string, bool) {
	ch := make(chan string)
	done := make(chan struct{})
	go func() {
		if v, err := lookup(key); err == nil {
			ch <- v
		}
		close(done)
	}()
	select {
	case v := <-ch:
		return v, true
	case <-done:
		return "", false
	}
}

// A case on a channel nothing ever sends on or closes (made here, or left nil) can
// never be taken.
func getQuiet(key string) string {
	ch := make(chan string)
	quiet := make(chan struct{})
	var never chan string
	go func() { ch <- key }()
	select {
	case v := <-ch:
		return v
	case <-quiet:
		return ""
	case v := <-never:
		return v
	}
}
