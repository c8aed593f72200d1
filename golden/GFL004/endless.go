package golden

type event struct{ id int }

func next() event { return event{} }

func handle(event) {}

// The producer never stops: there is no last send, and the loop is meant to run for ever.
func serveEvents() {
	events := make(chan event)
	go func() {
		for {
			events <- next()
		}
	}()
	for e := range events {
		handle(e)
	}
}
