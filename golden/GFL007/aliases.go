// gofixleak-options: GFL007.any_loop
package golden

import (
	stdctx "context"
	e "errors"
	"os"
	"time"
)

type handle = *os.File

type sizeMap = map[string]int64

var errClosed = e.New("closed")

// measure uses renamed imports, an alias type in the results and a renamed errors package.
func measure(ctx stdctx.Context, paths []string) (sizeMap, error) {
	out := sizeMap{}
	for _, p := range paths {
		ctx, cancel := stdctx.WithTimeout(ctx, time.Second)
		defer cancel() // want "defer cancel\(\) in a loop runs only when measure returns"
		var f handle
		f, err := os.Open(p)
		if err != nil {
			return out, err
		}
		defer f.Close() // want "defer f.Close\(\) in a loop runs only when measure returns"
		if ctx.Err() != nil {
			return out, errClosed
		}
		fi, err := f.Stat()
		if err != nil {
			return nil, e.New("stat failed")
		}
		out[p] = fi.Size()
	}
	return out, nil
}
