package golden

type document struct {
	title    string
	sections []section
}

type section struct {
	heading string
	doc     *document
}
