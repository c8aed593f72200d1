// gofixleak-options: GFL001.any_size
package golden

type Name string

type Record struct {
	name Name
	raw  string
}

func (r *Record) Fill(line Name) {
	r.name = line[:6] // want "GFL001 field r.name of the receiver keeps the substring line\\[:6\\]"
}
