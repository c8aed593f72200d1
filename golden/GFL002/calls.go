// gofixleak-options: --unsafe-fixes GFL002.any_size
package golden

import "io"

var latest [][]byte

// remember keeps its parameter for good in a package-level slice.
func remember(b []byte) { latest = append(latest, b) }

// The caller passes a view of a buffer it read: the copy belongs at the call.  The callee keeps
// the slice where gofixleak cannot follow it, so the fix is unsafe.
func handle(r io.Reader) {
	buf := make([]byte, 64<<10)
	n, _ := io.ReadFull(r, buf)
	remember(buf[4:n]) // want "GFL002 package-level variable latest \\(through remember's parameter b\\) keeps the subslice buf\\[4:n\\]"
}

type Window struct {
	recent []float64
}

// keep stores its parameter in a field of the receiver.
func (w *Window) keep(samples []float64) { w.recent = samples }

func (w *Window) update(samples []float64) {
	w.keep(samples[len(samples)-30:]) // want "GFL002 field w.recent of the receiver \\(through w.keep's parameter samples\\) keeps the subslice samples\\[len\\(samples\\)-30:\\]"
}

// A function that only reads its parameter keeps nothing.
func sum(xs []float64) (total float64) {
	for _, x := range xs {
		total += x
	}
	return total
}

func (w *Window) tail(samples []float64) float64 { return sum(samples[len(samples)-30:]) }

// A window whose capacity the package uses is meaning, not waste.
type Ring struct {
	buf []int
}

func (r *Ring) set(b []int) { r.buf = b }

func (r *Ring) grow() { r.buf = r.buf[:cap(r.buf)] }

func (r *Ring) reset(all []int) { r.set(all[:8]) }
