package golden

import "time"

func ping(host string) bool { return host != "" }

// Each iteration makes a new channel; a timed-out ping is left blocked on the old one.
func pingAll(hosts []string) int {
	alive := 0
	for _, h := range hosts {
		ok := make(chan bool) // want "GFL004 the goroutine started at line 12 blocks forever on `ok <- ping\\(h\\)` \\(line 12\\) when the loop makes a new ok at line 11 before receiving every send"
		go func() { ok <- ping(h) }()
		select {
		case up := <-ok:
			if up {
				alive++
			}
		case <-time.After(time.Second):
		}
	}
	return alive
}
