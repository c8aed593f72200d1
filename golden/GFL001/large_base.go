package golden

import (
	"io"
	"net/http"
	"os"
	"strings"
)

// Without the any_size option a substring is reported only when its base is shown to be
// large: a whole file or body read into memory, or a piece of one.

var lastID string

var owners = map[string]string{}

type Cache struct {
	etags map[string]string
	title string
}

func remember(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	body := string(data)
	lastID = body[:16] // want "GFL001 package-level variable lastID keeps the substring body\\[:16\\], which pins all of body"
	return nil
}

func (c *Cache) fetch(resp *http.Response, url string) error {
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	text := string(raw)
	if i := strings.Index(text, "\"etag\":\""); i >= 0 {
		rest := text[i+8:]
		c.etags[url] = rest[:strings.IndexByte(rest, '"')] // want "GFL001 map element c.etags\\[url\\] keeps the substring rest\\[:strings.IndexByte\\(rest, '\"'\\)\\], which pins all of rest"
	}
	return nil
}

// Each line of a file read whole shares the file's memory: a key cut from one line pins the file.
func loadOwners(path string) {
	data, _ := os.ReadFile(path)
	for _, line := range strings.Split(string(data), "\n") {
		user, _, ok := strings.Cut(line, ":")
		if at := strings.IndexByte(user, '@'); ok && at > 0 {
			owners[user[:at]] = "group" // want "GFL001 a key of map owners keeps the substring user\\[:at\\], which pins all of user"
		}
	}
}

func (c *Cache) titleOf(path string) {
	page, _ := os.ReadFile(path)
	start := strings.Index(string(page), "<title>")
	end := strings.Index(string(page), "</title>")
	if start >= 0 && end > start {
		c.title = string(page)[start+7 : end] // want "GFL001 field c.title of the receiver keeps the substring"
	}
}

var kept string

// A parameter is large when a call in the package passes a whole read: the function keeps a
// view of what its caller read.
func keepHead(s string) {
	kept = s[:strings.IndexByte(s, '\n')] // want "GFL001 package-level variable kept keeps the substring"
}

func loadHead(path string) {
	data, _ := os.ReadFile(path)
	keepHead(string(data))
}
