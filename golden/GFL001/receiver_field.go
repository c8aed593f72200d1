// gofixleak-options: GFL001.any_size
package golden

type Parser struct {
	name  string
	token string
}

func (p *Parser) Parse(line string) {
	p.name = line[:4] // want "GFL001 field p.name of the receiver keeps the substring line\\[:4\\]"
	// Nested parentheses around the store do not hide it.
	p.token = (line[4:10]) // want "GFL001 field p.token of the receiver keeps the substring line\\[4:10\\]"
}

// A value receiver works on a copy: the store is lost when the method returns.
func (p Parser) Peek(line string) string {
	p.name = line[:4]
	return p.name
}
