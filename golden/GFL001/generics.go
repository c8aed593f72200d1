// gofixleak-options: GFL001.any_size
package golden

type Box[S ~string] struct {
	value S
}

func (b *Box[S]) Put(s S) {
	b.value = s[1:5] // want "GFL001 field b.value of the receiver"
}

func Fill[S ~string](b *Box[S], s S) {
	b.value = s[:2] // want "GFL001 field b.value \\(reached through a pointer\\)"
}
