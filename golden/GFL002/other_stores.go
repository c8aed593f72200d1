// gofixleak-options: GFL002.any_size
package golden

type Entry struct {
	Key  []byte
	Vals []int
}

var (
	cache   = map[string][]byte{}
	entries []*Entry
	lines   = make(chan []byte, 8)
	batches [][]int
)

// A map element: gofixleak cannot follow the value into the map, so the fix is unsafe.
func remember(id string, packet []byte) {
	buf := make([]byte, len(packet))
	copy(buf, packet)
	cache[id] = buf[:16] // want "GFL002 map element cache\\[id\\] keeps the subslice buf\\[:16\\]"
}

// A channel send: the copy is made in a variable declared just before.
func emit(block []byte) {
	data := make([]byte, 1<<16)
	copy(data, block)
	lines <- data[2:10] // want "GFL002 a send on channel lines keeps the subslice data\\[2:10\\]"
}

// An element appended to a package-level slice.
func collect(all []int) {
	chunk := make([]int, len(all))
	copy(chunk, all)
	batches = append(batches, chunk[:4]) // want "GFL002 package-level variable batches keeps the subslice chunk\\[:4\\]"
}

// A field of a composite literal stored for good: the copy is named after the field.
func index(record []byte) {
	raw := make([]byte, len(record))
	copy(raw, record)
	e := &Entry{Key: raw[:8]} // want "GFL002 package-level variable entries keeps the subslice raw\\[:8\\]"
	entries = append(entries, e)
}
