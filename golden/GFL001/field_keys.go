// gofixleak-options: GFL001.any_size
package golden

type Label struct {
	name  string
	value string
}

var (
	labels  []*Label
	byName  = map[string]*Label{}
	ordered []Label
	counts  map[string]int
)

// A field key that spells like the local is the field, not a use of it.
func addLabel(line string, i int) {
	name := line[:i]
	value := line[i+1 : 2*i]
	labels = append(labels, &Label{name: name, value: value}) // want "GFL001 package-level variable labels keeps name, a substring of line" "GFL001 package-level variable labels keeps value, a substring of line"
}

// A local stored in several places is copied once, where it is made.
func indexLabel(line string, i int) {
	name := line[:i]
	byName[name] = &Label{name: name} // want "GFL001 a key of map byName keeps name, a substring of line" "GFL001 map element byName\\[name\\] keeps name, a substring of line"
}

// Elided literal types: the element type of the outer literal decides.
func appendLabels(line string, i int) {
	name := line[:i]
	ordered = append(ordered, []Label{{name: name}}...) // want "GFL001 package-level variable ordered keeps name, a substring of line"
	ordered = append(ordered, Label{name: name})        // want "GFL001 package-level variable ordered keeps name, a substring of line"
}

// In a map literal a key is a value: the local is used there.
func countName(line string, i int) {
	name := line[:i]
	counts = map[string]int{name: 1} // want "GFL001 package-level variable counts keeps name, a substring of line"
}
