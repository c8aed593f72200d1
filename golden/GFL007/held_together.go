// gofixleak-options: GFL007.any_loop
package golden

import "errors"

// A session that serves what the iteration declares on it must live as long as that declaration,
// which the loop holds on purpose (its release is the iteration's last statement): neither defer
// is reported.
type heldSession struct{ open bool }

type heldHandle struct{ s *heldSession }

func openHeldSession() (*heldSession, error) { return &heldSession{open: true}, nil }

func (s *heldSession) Close() error { s.open = false; return nil }

func (s *heldSession) Declare(name string) (*heldHandle, error) {
	if name == "" {
		return nil, errors.New("no name")
	}
	return &heldHandle{s: s}, nil
}

func (h *heldHandle) Drop() {}

func serveAll(names []string) error {
	for _, name := range names {
		s, err := openHeldSession()
		if err != nil {
			return err
		}
		defer s.Close()
		h, err := s.Declare(name)
		if err != nil {
			return err
		}
		defer h.Drop()
	}
	return nil
}

// The handle is not made from the session: the session's defer piles up like any other, and the
// handle's, held on purpose, keeps the loop from being rewritten.
func serveApart(names []string, shared *heldSession) error {
	for _, name := range names {
		s, err := openHeldSession()
		if err != nil {
			return err
		}
		defer s.Close() // want "defer s.Close\(\) in a loop runs only when serveApart returns"
		h, err := shared.Declare(name)
		if err != nil {
			return err
		}
		defer h.Drop()
	}
	return nil
}
