// gofixleak-options: GFL001.any_size
package golden

var words []string

// Cutting a string into consecutive pieces and keeping them all keeps all of
// the string anyway (encoding/csv does it on purpose, to allocate once).
func splitWords(s string) {
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == ' ' {
			words = append(words, s[start:i])
			start = i + 1
		}
	}
	words = append(words, s[start:])
}

type record struct {
	fields []string
}

func (r *record) fill(line string, ends []int) {
	prev := 0
	for i, end := range ends {
		r.fields[i] = line[prev:end]
		prev = end
	}
}

// A loop storing views of one string made outside it keeps pieces of that string: taken for a
// partition (the substring rule and the subslice rule alike), even when the start does not
// follow the pieces.
func (r *record) pick(line string, ends []int) {
	start := 0
	for i, end := range ends {
		r.fields[i] = line[start:end]
		start = end / 2
	}
}

// Outside a loop, one piece is all that is kept.
func (r *record) first(line string, end int) {
	r.fields[0] = line[1:end] // want "GFL001 element r.fields\\[0\\] keeps the substring line\\[1:end\\]"
}
