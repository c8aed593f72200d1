package golden

import "time"

type result struct{ n int }

// A request carries the channel its answer goes back on.
type request struct {
	key   string
	reply chan result
}

type lookup struct {
	key   string
	found chan result
	err   chan error
}

type store struct {
	requests chan request
	lookups  chan lookup
	jobs     chan func()
	polite   chan ask
}

// loop answers every request once, on the channel the request brought.
func (s *store) loop() {
	for {
		select {
		case req := <-s.requests:
			req.reply <- result{len(req.key)}
		case l := <-s.lookups:
			s.answer(l)
		case job := <-s.jobs:
			job()
		}
	}
}

func (s *store) answer(l lookup) {
	if l.key == "" {
		l.err <- nil
		return
	}
	l.found <- result{len(l.key)}
}

type ask struct{ answer chan int }

// politeLoop never blocks on an answer nobody waits for.
func (s *store) politeLoop() {
	for a := range s.polite {
		select {
		case a.answer <- 1:
		default:
		}
	}
}

func slow() int {
	time.Sleep(time.Millisecond)
	return 1
}
