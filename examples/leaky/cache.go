// Package leaky holds the leaks gofixleak finds and fixes, as a demonstration.
package leaky

import "strings"

// Session IDs are cut from large request bodies and cached for hours.
var sessions = map[string]*Session{}

type Session struct {
	ID      string
	Request string // the request line
}

// Remember caches the session ID found in a request body (Upload passes a whole body).
func Remember(body string) *Session {
	i := strings.Index(body, "sid=")
	if i < 0 || len(body) < i+36 {
		return nil
	}
	id := body[i+4 : i+36]
	s := &Session{ID: id}
	if end := strings.IndexByte(body, '\n'); end > 0 {
		s.Request = body[:end]
	}
	sessions[id] = s
	return s
}
