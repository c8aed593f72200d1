package golden

import (
	"context"
	"time"
)

func Fetch(ctx context.Context, keys []string) (map[string]string, error) {
	replies := make(chan reply) // want "GFL004 the goroutines running lookup started at line 11 block forever on `out <- reply\\{key, load\\(key\\)\\}` when the select at line 16 takes `case <-deadline` and returns at line 20"
	for _, k := range keys {
		go lookup(k, replies)
	}
	deadline := time.After(time.Second)
	got := make(map[string]string, len(keys))
	for len(got) < len(keys) {
		select {
		case r := <-replies:
			got[r.key] = r.value
		case <-deadline:
			return got, context.DeadlineExceeded
		}
	}
	return got, nil
}
