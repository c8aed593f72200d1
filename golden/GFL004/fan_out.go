package golden

import "context"

type result struct {
	id  int
	err error
}

func work(id int) result { return result{id: id} }

// One goroutine per element; the first error returns and strands the rest.
func all(ids []int) ([]int, error) {
	ch := make(chan result) // want "GFL004 the goroutines started at line 16 block forever on `ch <- work\\(id\\)` \\(line 17\\) when the loop at line 21 that receives from ch is left early \\(the function returns at line 24\\)"
	for _, id := range ids {
		go func() {
			ch <- work(id)
		}()
	}
	out := make([]int, 0, len(ids))
	for range ids {
		r := <-ch
		if r.err != nil {
			return nil, r.err
		}
		out = append(out, r.id)
	}
	return out, nil
}

// Counted loops: the fix reuses the loop's bound, but a count that may be negative only
// gets an unsafe fix (make panics on it; see negative_count.go).
func firstN(n int) error {
	errc := make(chan error) // want "GFL004 the goroutines started at line 36 block forever .* when the loop at line 38 that receives from errc is left early"
	for i := 0; i < n; i++ {
		go func() { errc <- work(i).err }()
	}
	for i := 0; i < n; i++ {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}

func ranged(ctx context.Context, workers int) error {
	errc := make(chan error) // want "GFL004 the goroutines started at line 49 block forever .* when the select at line 52 takes `case <-ctx.Done\\(\\)` and returns at line 56"
	for i := range workers {
		go func() { errc <- work(i).err }()
	}
	for range workers {
		select {
		case err := <-errc:
			_ = err
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// The fastest replica wins; the others block forever on their sends.
func fastest(replicas map[string]int) int {
	ch := make(chan int) // want "GFL004 the goroutines started at line 66 block forever .* when the function receives fewer values than are sent and returns at line 68"
	for _, id := range replicas {
		go func() { ch <- work(id).id }()
	}
	return <-ch
}
