// gofixleak-options: GFL001.any_size
package golden

type Entry struct {
	Key   string
	Value string
}

var (
	cache   []Entry
	current *Entry
)

func store(line string) {
	cache = append(cache, Entry{Key: line[:8], Value: line[9:20]}) // want "GFL001 package-level variable cache keeps the substring line\\[:8\\]" "GFL001 package-level variable cache keeps the substring line\\[9:20\\]"
	current = &Entry{
		Key: line[:8], // want "GFL001 package-level variable current keeps the substring line\\[:8\\]"
	}
}
