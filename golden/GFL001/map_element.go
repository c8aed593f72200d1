// gofixleak-options: GFL001.any_size
package golden

type Index struct {
	byName map[string]int
}

func (ix *Index) Add(line string, pos int) {
	ix.byName[line[:8]] = pos // want "GFL001 a key of map ix.byName keeps the substring line\\[:8\\]"
}

func remember(seen map[int]string, id int, body string) {
	seen[id] = body[:32] // want "GFL001 map element seen\\[id\\] keeps the substring body\\[:32\\]"
}

func count(words string) int {
	// A map made here and dropped at return keeps nothing alive.
	local := make(map[string]bool)
	local[words[:3]] = true
	return len(local)
}
