package golden

import "context"

type desc struct{ digest string }

func withLease(ctx context.Context) (context.Context, func(context.Context) error, error) {
	return ctx, func(context.Context) error { return nil }, nil
}

func pullAll(ctx context.Context, descs []desc) error { return nil }
func addResource(ctx context.Context, d desc) error   { return nil }
func missing(ctx context.Context, d desc) bool        { return d.digest == "" }

// A release that ends the scope of a context its constructor made (a lease,
// a transaction) is not moved: what the iteration did with that context may
// rely on it lasting until the function returns.  Reported, with no fix.
func refetch(ctx context.Context, wanted <-chan desc, all []desc) error {
	for d := range wanted {
		if missing(ctx, d) {
			ctx, done, err := withLease(ctx)
			if err != nil {
				return err
			}
			defer done(context.WithoutCancel(ctx)) // want "no automatic fix: done ends the scope of ctx, a context withLease made"
			if err := pullAll(ctx, all); err != nil {
				return err
			}
		}
		if err := addResource(ctx, d); err != nil {
			return err
		}
	}
	return nil
}
