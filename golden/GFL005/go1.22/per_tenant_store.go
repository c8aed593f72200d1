package golden

import (
	"context"
	"time"
)

// Still reported: a store is built per tenant and closed when the tenant is pruned; the close
// cancels the context and the goroutine returns without stopping its ticker.
type TenantStore struct {
	close context.CancelFunc
}

func NewTenantStore(refresh func()) *TenantStore {
	ctx, cancel := context.WithCancel(context.Background())
	st := &TenantStore{close: cancel}
	t := time.NewTicker(time.Minute) // want "GFL005 ticker t is used only by a goroutine that can return without stopping it"
	go func() {
		for {
			select {
			case <-t.C:
				refresh()
			case <-ctx.Done():
				return
			}
		}
	}()
	return st
}

// Still reported: a field ticker of a value made for every connection.
type session struct {
	keepalive *time.Ticker
}

func newSession() *session {
	return &session{keepalive: time.NewTicker(30 * time.Second)} // want "GFL005 field session.keepalive holds a ticker that nothing in package golden stops"
}

func serveConns(conns []string) {
	for range conns {
		_ = newSession()
	}
}
