package golden

import "errors"

type conn struct{ ok bool }

func (c *conn) handshake() error {
	if !c.ok {
		return errors.New("handshake failed")
	}
	return nil
}

// subscribe calls handler once for every message until the subscription ends.
func subscribe(subject string, handler func(msg string)) {
	for _, m := range []string{subject, subject} {
		handler(m)
	}
}
