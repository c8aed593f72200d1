// gofixleak-options: GFL007.any_loop
package golden

import (
	"errors"
	"net/http"
	"net/url"
	"os"
	"time"
)

// firstReachable declares a local `url`, so `continue` cannot become
// `return false, url.URL{}, nil` inside the body: no fix.
func firstReachable(hosts []string) (url.URL, error) {
	for _, h := range hosts {
		url := "http://" + h
		resp, err := http.Get(url)
		if err != nil {
			continue
		}
		defer resp.Body.Close() // want "defer resp.Body.Close\(\) in a loop runs only when firstReachable returns.*no automatic fix: the loop body declares its own `url`"
		if resp.StatusCode == http.StatusOK {
			return *resp.Request.URL, nil
		}
	}
	return url.URL{}, errors.New("no host answered")
}

// newest names its FileInfo `time`, which the zero time.Time{} would need.
func newest(paths []string) (time.Time, bool) {
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			continue
		}
		defer f.Close() // want "defer f.Close\(\) in a loop runs only when newest returns.*declares its own `time`"
		time, err := f.Stat()
		if err != nil {
			continue
		}
		if time.Size() > 0 {
			return time.ModTime(), true
		}
	}
	return time.Time{}, false
}

// firstParsed calls a result `new`, which *new(T) would need.
func firstParsed[T any](paths []string, parse func(*os.File) (T, bool)) T {
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			continue
		}
		defer f.Close() // want "defer f.Close\(\) in a loop runs only when firstParsed returns.*declares its own `new`"
		new, ok := parse(f)
		if !ok {
			continue
		}
		return new
	}
	var zero T
	return zero
}

// firstURL shadows `url` too, but its zero value is nil: fixed.
func firstURL(hosts []string) (*url.URL, error) {
	for _, h := range hosts {
		url := "http://" + h
		resp, err := http.Get(url)
		if err != nil {
			continue
		}
		defer resp.Body.Close() // want "defer resp.Body.Close\(\) in a loop runs only when firstURL returns"
		if resp.StatusCode == http.StatusOK {
			return resp.Request.URL, nil
		}
	}
	return nil, errors.New("no host answered")
}
