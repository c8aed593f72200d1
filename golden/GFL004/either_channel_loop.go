package golden

import "context"

type query struct{ id int }
type answer struct {
	q query
	n int
}

func run(ctx context.Context, q query) (int, error) { return q.id, ctx.Err() }

// Each query gets exactly one send, on results or on failures, and the loop receives one value
// from either channel per query without ever leaving early: every send is received.
func runAll(ctx context.Context, queries []query, workers int) ([]answer, error) {
	pending := make(chan query)
	go func() {
		for _, q := range queries {
			pending <- q
		}
		close(pending)
	}()
	results, failures := make(chan answer), make(chan error)
	for range workers {
		go func() {
			for q := range pending {
				n, err := run(ctx, q)
				if err != nil {
					failures <- err
				} else {
					results <- answer{q, n}
				}
			}
		}()
	}
	out := make([]answer, 0, len(queries))
	var first error
	for range queries {
		select {
		case a := <-results:
			out = append(out, a)
		case err := <-failures:
			if first == nil {
				first = err
			}
		}
	}
	return out, first
}

// Still reported: the loop returns on the first failure, leaving the other workers blocked.
func runUntilFailure(ctx context.Context, queries []query) ([]answer, error) {
	results, failures := make(chan answer), make(chan error) // want "GFL004 the goroutines started at line 55 block forever on `results <- answer\\{q, n\\}` \\(line 61\\) when the select at line 66 takes `case err := <-failures` and returns at line 70" "GFL004 the goroutines started at line 55 block forever on `failures <- err` \\(line 58\\) when the loop at line 65 that receives from failures is left early"
	for _, q := range queries {
		go func() {
			n, err := run(ctx, q)
			if err != nil {
				failures <- err
				return
			}
			results <- answer{q, n}
		}()
	}
	out := make([]answer, 0, len(queries))
	for range queries {
		select {
		case a := <-results:
			out = append(out, a)
		case err := <-failures:
			return nil, err
		}
	}
	return out, nil
}
