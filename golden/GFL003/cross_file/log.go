// gofixleak-options: GFL003.any_owner
package golden

func (l *Log) Add(e *Event) {
	l.events = append(l.events, e)
	l.history = append(l.history, e)
}

func (l *Log) Oldest() *Event {
	e := l.events[0]
	l.events = l.events[1:] // want "GFL003 l.events\\[0\\] keeps its \\*Event alive"
	return e
}

// History is handed out in types.go, so zeroing here is only an unsafe fix.
func (l *Log) Forget() {
	l.history = l.history[1:] // want "GFL003 l.history\\[0\\] keeps its \\*Event alive"
}
