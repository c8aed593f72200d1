// Package leaky holds the leaks gofixleak finds and fixes, as a demonstration.
package leaky

import (
	"net/http"
	"strings"
)

// Session IDs are cut from large request headers and cached for hours.
var sessions = map[string]*Session{}

type Session struct {
	ID    string
	Agent string
}

func Remember(r *http.Request) *Session {
	header := r.Header.Get("Cookie")
	i := strings.Index(header, "sid=")
	if i < 0 || len(header) < i+36 {
		return nil
	}
	id := header[i+4 : i+36]
	s := &Session{ID: id}
	s.Agent = r.Header.Get("User-Agent")[:16]
	sessions[id] = s
	return s
}
