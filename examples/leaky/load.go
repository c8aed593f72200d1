package leaky

import (
	"io"
	"net/http"
	"os"
)

// LoadIndex reads a whole file: every key Index.Load keeps pins all of it.
func LoadIndex(path string) (*Index, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	ix := &Index{}
	ix.Load(string(data))
	return ix, nil
}

// Upload reads a whole request body: the session it remembers pins all of it.
func Upload(r *http.Request) (*Session, error) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, err
	}
	return Remember(string(body)), nil
}
