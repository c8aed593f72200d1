// gofixleak-options: GFL001.any_size
// Package golden has a file without imports: the fix adds the first one.
package golden

type Holder struct{ s string }

func (h *Holder) Keep(s string) {
	h.s = s[:2] // want "GFL001 field h.s of the receiver"
}
