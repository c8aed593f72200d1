// gofixleak-options: GFL001.any_size
package golden

type Words struct{ first string }

func (w *Words) Take(strings []string) {
	// The parameter named strings hides the package: the fix copies without it.
	w.first = strings[0][:3] // want "GFL001 field w.first of the receiver"
}
