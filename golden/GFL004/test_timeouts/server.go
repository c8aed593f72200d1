// gofixleak-options: GFL004.failure_paths
package golden

import "errors"

type server struct{ addr string }

func (s *server) serve() error {
	if s.addr == "" {
		return errors.New("no address")
	}
	return nil
}

// StartServer runs the server in a goroutine; its result comes on the channel it returns.
func StartServer(s *server) <-chan error {
	errCh := make(chan error)
	go func() {
		errCh <- s.serve()
	}()
	return errCh
}

// startGuarded gives up its send when nobody listens any more.
func startGuarded(s *server, done <-chan struct{}) chan error {
	errCh := make(chan error)
	go func() {
		select {
		case errCh <- s.serve():
		case <-done:
		}
	}()
	return errCh
}
