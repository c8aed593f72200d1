// gofixleak-options: GFL002.any_size
package golden

// The buffer made here also reaches other code, which may write to it later:
// the view would see those writes and a copy would not, so every fix is unsafe.
type Packet struct {
	head []byte
	body []byte
	all  []byte
	done func()
}

var outbox = make(chan []byte, 1)

func (p *Packet) returned() []byte {
	buf := make([]byte, 4096)
	p.head = buf[:16] // want "GFL002 field p.head of the receiver keeps the subslice buf\\[:16\\]"
	return buf
}

func (p *Packet) sent() {
	buf := make([]byte, 4096)
	p.head = buf[:16] // want "GFL002 field p.head of the receiver keeps the subslice buf\\[:16\\]"
	outbox <- buf
}

func (p *Packet) captured() {
	buf := make([]byte, 4096)
	p.head = buf[:16] // want "GFL002 field p.head of the receiver keeps the subslice buf\\[:16\\]"
	p.done = func() { buf[0] = 1 }
}

func (p *Packet) aliased() {
	buf := make([]byte, 4096)
	alias := buf
	p.head = buf[:16] // want "GFL002 field p.head of the receiver keeps the subslice buf\\[:16\\]"
	alias[3] = 1
}

func (p *Packet) appended(all [][]byte) [][]byte {
	buf := make([]byte, 4096)
	p.head = buf[:16] // want "GFL002 field p.head of the receiver keeps the subslice buf\\[:16\\]"
	return append(all, buf)
}

// Through a local view: the rest of the view is returned.
func (p *Packet) viewReturned() []byte {
	buf := make([]byte, 4096)
	rest := buf[16:]
	p.head = buf[:16] // want "GFL002 field p.head of the receiver keeps the subslice buf\\[:16\\]"
	return rest
}

// Two disjoint views stored in the same packet are findings of their own: both are copied.
func (p *Packet) split(n int) {
	buf := make([]byte, 4096)
	p.head = buf[:16]       // want "GFL002 field p.head of the receiver keeps the subslice buf\\[:16\\]"
	p.body = buf[16 : n+16] // want "GFL002 field p.body of the receiver keeps the subslice buf\\[16 : n\\+16\\]"
}
