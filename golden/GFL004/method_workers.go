package golden

import (
	"context"
	"time"
)

type fetcher struct {
	base string
}

type page struct{ body string }

func (f *fetcher) get(url string) page { return page{body: f.base + url} }

// A method of a package type sends on its parameter once, then returns.
func (f *fetcher) fetchInto(url string, out chan<- page) {
	out <- f.get(url)
}

func (f *fetcher) Fetch(ctx context.Context, url string) (page, error) {
	ch := make(chan page) // want "GFL004 the goroutine running f.fetchInto started at line 23 blocks forever on `out <- f.get\\(url\\)` when the select at line 24 takes `case <-ctx.Done\\(\\)` and returns at line 28"
	go f.fetchInto(url, ch)
	select {
	case p := <-ch:
		return p, nil
	case <-ctx.Done():
		return page{}, ctx.Err()
	}
}

// A value receiver through a local copy works the same way.
func FetchCopy(ctx context.Context, f fetcher, url string) (page, error) {
	ch := make(chan page) // want "GFL004 the goroutine running f.fetchInto started at line 35"
	go f.fetchInto(url, ch)
	select {
	case p := <-ch:
		return p, nil
	case <-time.After(time.Second):
		return page{}, context.DeadlineExceeded
	}
}

// A local function variable started with go, one per item.
func FetchAll(ctx context.Context, f *fetcher, urls []string) ([]page, error) {
	fetchOne := func(url string, out chan<- page) {
		out <- f.get(url)
	}
	ch := make(chan page) // want "GFL004 the goroutines running fetchOne started at line 52 block forever on `out <- f.get\\(url\\)` when the select at line 55 takes `case <-ctx.Done\\(\\)`"
	var pages []page
	for _, u := range urls {
		go fetchOne(u, ch)
	}
	for range urls {
		select {
		case p := <-ch:
			pages = append(pages, p)
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	return pages, nil
}

// The method goes on after its send: the buffer is only offered as an unsafe fix.
func (f *fetcher) fetchAndLog(url string, out chan<- page) {
	out <- f.get(url)
	println("sent", url)
}

func (f *fetcher) FetchLogged(ctx context.Context, url string) (page, error) {
	ch := make(chan page) // want "GFL004 the goroutine running f.fetchAndLog started at line 73"
	go f.fetchAndLog(url, ch)
	select {
	case p := <-ch:
		return p, nil
	case <-ctx.Done():
		return page{}, ctx.Err()
	}
}

type source interface {
	fetchInto(url string, out chan<- page)
}

// An interface method could be anything: left alone.
func FetchFrom(ctx context.Context, s source, url string) (page, error) {
	ch := make(chan page)
	go s.fetchInto(url, ch)
	select {
	case p := <-ch:
		return p, nil
	case <-ctx.Done():
		return page{}, ctx.Err()
	}
}

// The method hands the channel on to a method of the package, whose send is followed.
func (f *fetcher) relay(url string, out chan<- page) {
	f.fetchInto(url, out)
}

func (f *fetcher) FetchRelayed(ctx context.Context, url string) (page, error) {
	ch := make(chan page) // want "GFL004 the goroutine running f.relay started at line 105 blocks forever on `out <- f.get\\(url\\)` when the select at line 106 takes `case <-ctx.Done\\(\\)`"
	go f.relay(url, ch)
	select {
	case p := <-ch:
		return p, nil
	case <-ctx.Done():
		return page{}, ctx.Err()
	}
}

// A function variable assigned again may run something else: left alone.
func FetchSwapped(ctx context.Context, f *fetcher, url string, quiet bool) (page, error) {
	fetchOne := func(url string, out chan<- page) {
		out <- f.get(url)
	}
	if quiet {
		fetchOne = f.fetchInto
	}
	ch := make(chan page)
	go fetchOne(url, ch)
	select {
	case p := <-ch:
		return p, nil
	case <-ctx.Done():
		return page{}, ctx.Err()
	}
}

type embedded struct{ fetcher }

// A promoted method is not followed.
func FetchEmbedded(ctx context.Context, e *embedded, url string) (page, error) {
	ch := make(chan page)
	go e.fetchInto(url, ch)
	select {
	case p := <-ch:
		return p, nil
	case <-ctx.Done():
		return page{}, ctx.Err()
	}
}

// A method expression takes the receiver as its first argument: not followed.
func FetchExpr(ctx context.Context, f *fetcher, url string) (page, error) {
	ch := make(chan page)
	go (*fetcher).fetchInto(f, url, ch)
	select {
	case p := <-ch:
		return p, nil
	case <-ctx.Done():
		return page{}, ctx.Err()
	}
}
