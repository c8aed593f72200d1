package golden

type document struct {
	title    string
	sections []section
}

type section struct {
	heading string
	doc     *document
}

func (d *document) add(heading string) {
	d.sections = append(d.sections, section{heading: heading, doc: d})
}
