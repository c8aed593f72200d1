package golden

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"strings"
	"time"
)

// Try loops: the body returns when an attempt works, and only `continue`
// after a failure brings the loop round again (the next candidate, a retry
// with fewer arguments).  They repeat a handful of times; not reported.

type sessions interface{ Next() string }

// firstSession asks each session of a group until one answers.
func firstSession(ctx context.Context, it sessions, call func(context.Context, string) error) error {
	var lastErr error
	for {
		id := it.Next()
		if id == "" {
			if lastErr != nil {
				return lastErr
			}
			return errors.New("no active sessions")
		}
		attemptCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		if err := call(attemptCtx, id); err != nil {
			lastErr = err
			continue
		}
		return nil
	}
}

// run retries a command without the options the server rejected.
func run(ctx context.Context, args []string) ([]byte, error) {
	for {
		cmd := exec.CommandContext(ctx, "git", args...)
		log, err := os.CreateTemp("", "git-log")
		if err != nil {
			return nil, err
		}
		defer log.Close()
		cmd.Stderr = log
		out, err := cmd.Output()
		if err != nil {
			if shorter := withoutDepth(args); len(shorter) < len(args) {
				args = shorter
				continue
			}
			return out, err
		}
		return out, nil
	}
}

func withoutDepth(args []string) []string {
	var out []string
	for _, a := range args {
		if !strings.HasPrefix(a, "--depth") {
			out = append(out, a)
		}
	}
	return out
}
