package golden

import "time"

var global *time.Ticker

type holder struct {
	tickers map[string]*time.Ticker
}

func worker(t *time.Ticker) {
	for i := 0; i < 3; i++ {
		<-t.C
	}
	t.Stop()
}

// Nothing here is reported: each ticker leaves the function, so its new owner must stop it.

func Returned(d time.Duration) *time.Ticker {
	t := time.NewTicker(d)
	<-t.C
	return t
}

func Global(d time.Duration) {
	t := time.NewTicker(d)
	global = t
}

func InMap(h *holder, d time.Duration) {
	t := time.NewTicker(d)
	h.tickers["x"] = t
}

func Sent(ch chan<- *time.Ticker, d time.Duration) {
	t := time.NewTicker(d)
	ch <- t
}

func Passed(d time.Duration) {
	t := time.NewTicker(d)
	worker(t)
}

func ToGoroutine(d time.Duration) {
	t := time.NewTicker(d)
	go worker(t)
}

func CapturedByGoroutine(d time.Duration) {
	t := time.NewTicker(d)
	go func() {
		<-t.C
		t.Stop()
	}()
}

func ChannelHandedOut(d time.Duration) <-chan time.Time {
	t := time.NewTicker(d)
	return t.C
}

func MethodValue(d time.Duration) func() {
	t := time.NewTicker(d)
	return t.Stop
}

func Reassigned(d time.Duration, longer bool) {
	t := time.NewTicker(d)
	if longer {
		t = time.NewTicker(2 * d)
	}
	<-t.C
}

func PackageLevel() *time.Ticker { return global }

var packageTicker = time.NewTicker(time.Hour)
