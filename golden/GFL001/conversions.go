// gofixleak-options: GFL001.any_size
package golden

type FullName string

type Descriptor struct {
	parent string
	short  FullName
	value  any
}

// A named string's substring converted to string is copied as a string; one
// converted back keeps its type; one stored in an interface keeps its dynamic type.
func (d *Descriptor) set(n FullName, i, j int) {
	d.parent = string(n[:i])          // want "GFL001 field d.parent of the receiver keeps the substring n\\[:i\\]"
	d.short = FullName(string(n[j:])) // want "GFL001 field d.short of the receiver keeps the substring n\\[j:\\]"
	d.value = n[:i]                   // want "GFL001 field d.value of the receiver keeps the substring n\\[:i\\]"
	parent := string(n[j+1:])
	d.parent = parent // want "GFL001 field d.parent of the receiver keeps parent, a substring of n"
	d.value = parent  // want "GFL001 field d.value of the receiver keeps parent, a substring of n"
}

// Converting to []byte copies: nothing is kept.
func (d *Descriptor) bytes(n FullName, i int) {
	d.value = []byte(n[:i])
}
