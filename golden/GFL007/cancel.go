// gofixleak-options: GFL007.any_loop
package golden

import (
	"context"
	"net/http"
	"time"
)

// fetchAll keeps every request's timer and context alive until it returns.
func fetchAll(parent context.Context, client *http.Client, urls []string) []int {
	var codes []int
	for _, url := range urls {
		ctx, cancel := context.WithTimeout(parent, 5*time.Second)
		defer cancel() // want "defer cancel\(\) in a loop runs only when fetchAll returns"
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			continue
		}
		resp, err := client.Do(req)
		if err != nil {
			continue
		}
		defer resp.Body.Close() // want "defer resp.Body.Close\(\) in a loop runs only when fetchAll returns"
		codes = append(codes, resp.StatusCode)
	}
	return codes
}

// poll waits on a context per round until one succeeds.
func poll(parent context.Context, check func(context.Context) bool) {
	for {
		ctx, cancel := context.WithCancel(parent)
		defer cancel() // want "defer cancel\(\) in a loop runs only when poll returns"
		if check(ctx) {
			break
		}
	}
}
