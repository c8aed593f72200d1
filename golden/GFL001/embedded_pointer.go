// gofixleak-options: GFL001.any_size
package golden

type Meta struct {
	Name string
}

type Object struct {
	*Meta
	id string
}

type Copy struct {
	Meta
	id string
}

// A value receiver, but Name is promoted through the embedded *Meta: the
// write reaches memory that outlives the call.
func (o Object) SetName(line string, i int) {
	o.Name = line[:i] // want "GFL001 field o.Name \\(reached through an embedded pointer\\) keeps the substring line\\[:i\\]"
	o.id = line[i:]   // a field of the copy: lost at return
}

func rename(o Object, line string, i int) {
	o.Meta.Name = line[:i] // want "GFL001 field o.Meta.Name \\(reached through a pointer\\)"
}

// An embedded value is part of the copy.
func (c Copy) SetName(line string, i int) {
	c.Name = line[:i]
	c.id = line[i:]
}
