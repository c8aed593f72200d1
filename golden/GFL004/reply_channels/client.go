package golden

import (
	"context"
	"time"
)

// The requester gives up on ctx.Done(): the loop blocks forever on `req.reply <-`, and
// with it every later request.
func (s *store) Get(ctx context.Context, key string) (result, error) {
	reply := make(chan result) // want "GFL004 the responder to the request made at line 12 blocks forever on `req.reply <- result{len\\(req.key\\)}` \\(line 31 of server.go\\) when the select at line 13 takes `case <-ctx.Done\\(\\)` and returns at line 17"
	s.requests <- request{key: key, reply: reply}
	select {
	case r := <-reply:
		return r, nil
	case <-ctx.Done():
		return result{}, ctx.Err()
	}
}

// A positional request value and a timeout.
func (s *store) GetWithin(key string, d time.Duration) (result, bool) {
	reply := make(chan result) // want "GFL004 .* when the select at line 25 takes `case <-time.After\\(d\\)` and returns at line 29"
	s.requests <- request{key, reply}
	select {
	case r := <-reply:
		return r, true
	case <-time.After(d):
		return result{}, false
	}
}

// Handed to a method that puts it in the request value; a select with default.
func (s *store) send(key string, reply chan result) {
	s.requests <- request{key: key, reply: reply}
}

func (s *store) TryGet(key string) (result, bool) {
	reply := make(chan result) // want "GFL004 .* when the select at line 41 takes its default case and returns at line 45"
	s.send(key, reply)
	select {
	case r := <-reply:
		return r, true
	default:
		return result{}, false
	}
}

// A closure handed to the loop: whoever runs it may run it again, so the buffer is unsafe.
func (s *store) Compute(ctx context.Context) (int, error) {
	out := make(chan int) // want "GFL004 the closure handed away at line 52 blocks forever on `out <- slow\\(\\)` \\(line 52\\) when the select at line 53 takes `case <-ctx.Done\\(\\)`"
	s.jobs <- func() { out <- slow() }
	select {
	case v := <-out:
		return v, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// time.AfterFunc runs its function once, in its own goroutine; nothing stops this timer.
func Deadline(ctx context.Context, d time.Duration) error {
	expired := make(chan struct{}) // want "GFL004 the closure handed away at line 64 blocks forever on `expired <- struct{}{}` \\(line 64\\) when the select at line 65 takes `case <-ctx.Done\\(\\)`"
	time.AfterFunc(d, func() { expired <- struct{}{} })
	select {
	case <-expired:
		return context.DeadlineExceeded
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Look-alike: the requester always waits for the answer.
func (s *store) MustGet(key string) result {
	reply := make(chan result)
	s.requests <- request{key: key, reply: reply}
	return <-reply
}

// Look-alike: the responder answers in a select that cannot block.
func (s *store) Ask(ctx context.Context) int {
	answer := make(chan int)
	s.polite <- ask{answer: answer}
	select {
	case v := <-answer:
		return v
	case <-ctx.Done():
		return 0
	}
}

// Look-alike: a request is answered on one of its two channels, never both.
func (s *store) Lookup(key string) (result, error) {
	found := make(chan result)
	errs := make(chan error)
	s.lookups <- lookup{key: key, found: found, err: errs}
	select {
	case r := <-found:
		return r, nil
	case err := <-errs:
		return result{}, err
	}
}

// Look-alike: room for the answer already.
func (s *store) GetBuffered(ctx context.Context, key string) (result, error) {
	reply := make(chan result, 1)
	s.requests <- request{key: key, reply: reply}
	select {
	case r := <-reply:
		return r, nil
	case <-ctx.Done():
		return result{}, ctx.Err()
	}
}

// Look-alike: handed to code the analysis cannot see (a function value) which may answer in a select.
func GetVia(ctx context.Context, submit func(chan result)) (result, error) {
	reply := make(chan result)
	submit(reply)
	select {
	case r := <-reply:
		return r, nil
	case <-ctx.Done():
		return result{}, ctx.Err()
	}
}

// Look-alike: the timer is stopped, so its function runs only if it fired first (a race
// the rule leaves alone).
func StoppedDeadline(ctx context.Context, d time.Duration) error {
	expired := make(chan struct{})
	timer := time.AfterFunc(d, func() { expired <- struct{}{} })
	defer timer.Stop()
	select {
	case <-expired:
		return context.DeadlineExceeded
	case <-ctx.Done():
		return ctx.Err()
	}
}
