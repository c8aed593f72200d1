// gofixleak-options: GFL002.any_size
package golden

import "io"

type Parser struct {
	name  []byte
	block []byte
	small []byte
}

// A large local array escapes to the heap and stays alive through the subslice.
func (p *Parser) readBlock(r io.Reader) error {
	var buf [8192]byte
	n, err := io.ReadFull(r, buf[:])
	if err != nil {
		return err
	}
	p.block = buf[:n] // want "GFL002 field p.block of the receiver keeps the subslice buf\\[:n\\], which pins the whole backing array of buf"
	return nil
}

// A pointer to a large array that the caller owns.
func (p *Parser) readName(arr *[4096]byte, n int) {
	p.name = arr[:n] // want "GFL002 field p.name of the receiver keeps the subslice arr\\[:n\\]"
}

// A small array of known size: copying would not save anything worth it.
func (p *Parser) readSmall(r io.Reader) {
	var scratch [64]byte
	n, _ := r.Read(scratch[:])
	p.small = scratch[:n]
}
