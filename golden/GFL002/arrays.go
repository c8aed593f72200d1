package golden

type Parser struct {
	name  []byte
	block []byte
	small []byte
}

// A large local array escapes to the heap and stays alive through the subslice.
func (p *Parser) readBlock(fill func([]byte) int) {
	var buf [8192]byte
	n := fill(buf[:])
	p.block = buf[:n] // want "GFL002 field p.block of the receiver keeps the subslice buf\\[:n\\], which pins the whole backing array of buf"
}

// A pointer to a large array.
func (p *Parser) readName(arr *[4096]byte, n int) {
	p.name = arr[:n] // want "GFL002 field p.name of the receiver keeps the subslice arr\\[:n\\]"
}

// A small array of known size: copying would not save anything worth it.
func (p *Parser) readSmall(fill func([]byte) int) {
	var scratch [64]byte
	n := fill(scratch[:])
	p.small = scratch[:n]
}
