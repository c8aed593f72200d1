package golden

import "time"

func Batches(batches [][]int, d time.Duration) {
	for _, batch := range batches {
		t := time.NewTicker(d) // want "GFL005 ticker t is created on every iteration and not stopped before the next one"
		for range batch {
			<-t.C
		}
	}
}

// Stopped before the next iteration: nothing to report.
func BatchesStopped(batches [][]int, d time.Duration) {
	for _, batch := range batches {
		t := time.NewTicker(d)
		for range batch {
			<-t.C
		}
		t.Stop()
	}
}

func BatchesContinue(batches [][]int, d time.Duration) {
	for _, batch := range batches {
		t := time.NewTicker(d) // want "GFL005 ticker t is created on every iteration"
		if len(batch) == 0 {
			continue
		}
		<-t.C
		t.Stop()
	}
}

// Stopped before the next iteration, but not on the early return: the message says so.
func BatchesReturn(batches [][]int, d time.Duration) error {
	for _, batch := range batches {
		t := time.NewTicker(d) // want "GFL005 ticker t is not stopped on every path out of BatchesReturn.*stop it before returning"
		if len(batch) == 0 {
			return nil
		}
		<-t.C
		t.Stop()
	}
	return nil
}
