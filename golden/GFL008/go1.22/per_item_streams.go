package golden

import "time"

// Loops over a stream of items (log lines, records) with a long or
// configurable timeout: each item leaves a timer pending for the whole
// timeout, so a busy stream keeps rate x timeout of them.  Reported.

type entry struct{ line string }

type stage struct{ maxWait time.Duration }

// run flushes a multi-line block after maxWait without a new line.
func (s *stage) run(in <-chan entry, flush func([]entry)) {
	var block []entry
	for {
		select {
		case <-time.After(s.maxWait): // want "time.After in a loop makes a new timer on every iteration"
			flush(block)
			block = nil
		case e, ok := <-in:
			if !ok {
				flush(block)
				return
			}
			block = append(block, e)
		}
	}
}

// consume flushes a partition after an hour without records.
func consume(records <-chan []byte, process func([]byte), idle func()) {
	for {
		select {
		case rec, ok := <-records:
			if !ok {
				return
			}
			process(rec)
		case <-time.After(time.Hour): // want "time.After in a loop makes a new timer on every iteration"
			idle()
		}
	}
}

// sleepThenWait sleeps a second per round, but its one-hour timeout keeps
// up to 3600 timers pending: pacing does not bound it, reported.
func sleepThenWait(answers <-chan int) {
	for {
		time.Sleep(time.Second)
		select {
		case <-answers:
		case <-time.After(time.Hour): // want "time.After in a loop makes a new timer on every iteration"
			return
		}
	}
}
