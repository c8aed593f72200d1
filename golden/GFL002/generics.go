// gofixleak-options: GFL002.any_size
package golden

// Box keeps a window of its items; T is whatever the box holds.
type Box[T any] struct {
	items []T
	head  []T
}

func (b *Box[T]) Load(src []T) {
	all := make([]T, len(src))
	copy(all, src)
	b.head = all[:3] // want "GFL002 field b.head of the receiver keeps the subslice all\\[:3\\]"
}

// A generic function: make keeps the type parameter S.
func keepTail[S ~[]E, E any](dst *S, n int) {
	all := make(S, 100)
	*dst = all[len(all)-n:] // want "GFL002 the memory dst points to keeps the subslice all\\[len\\(all\\)-n:\\]"
}

// An instantiated generic container.
var words Box[string]

func loadWords(src []string) {
	all := make([]string, len(src))
	copy(all, src)
	words.head = all[len(all)-5:] // want "GFL002 field words.head keeps the subslice all\\[len\\(all\\)-5:\\]"
}
