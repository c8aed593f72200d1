package golden

type Event struct {
	Name string
	Data map[string]string
}

// Log keeps events in a slice declared here and used from log.go.
type Log struct {
	events  []*Event
	history []*Event
}

// History hands the slice out: callers keep views of its array.
func (l *Log) History() []*Event {
	return l.history
}
