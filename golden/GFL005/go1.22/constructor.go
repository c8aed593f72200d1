package golden

import (
	"errors"
	"time"
)

// newTicker returns a fresh ticker, or nil with an error.
func newTicker(d time.Duration) (*time.Ticker, error) {
	if d <= 0 {
		return nil, errors.New("ticker: non-positive interval")
	}
	t := time.NewTicker(d)
	return t, nil
}

// mustTicker never returns nil.
func mustTicker(d time.Duration) (*time.Ticker, int) {
	return time.NewTicker(d), 1
}

var shared *time.Ticker

// keptTicker keeps the ticker it returns: the caller does not own it alone.
func keptTicker(d time.Duration) (*time.Ticker, error) {
	t := time.NewTicker(d)
	shared = t
	return t, nil
}

func WaitTwice(d time.Duration) error {
	t, err := newTicker(d) // want "GFL005 ticker t is never stopped"
	if err != nil {
		return err
	}
	<-t.C
	<-t.C
	return nil
}

func NoNil(d time.Duration) int {
	t, n := mustTicker(d) // want "GFL005 ticker t is never stopped"
	<-t.C
	return n
}

func Unchecked(d time.Duration) {
	t, err := newTicker(d) // want "GFL005 ticker t is never stopped"
	if err != nil {
		println(err.Error())
	}
	<-t.C
}

func Kept(d time.Duration) error {
	t, err := keptTicker(d)
	if err != nil {
		return err
	}
	<-t.C
	return nil
}
