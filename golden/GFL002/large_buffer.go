package golden

import (
	"net"
	"os"
)

// Without the any_size option a subslice is reported only when its backing array is shown to
// be large: made here with room for several KiB (a read buffer sized for the largest message),
// or a whole file read into memory.

const maxDatagramSize = 65535

type Conn struct {
	receiveCh chan []byte
	msgs      [][]byte
}

// Each datagram view keeps its fresh 64 KiB buffer alive while it waits in the queue.
func readLoop(pc net.PacketConn, conns map[string]*Conn) {
	for {
		buf := make([]byte, maxDatagramSize)
		n, addr, err := pc.ReadFrom(buf)
		if err != nil {
			return
		}
		conn := conns[addr.String()]
		if conn == nil {
			continue
		}
		conn.receiveCh <- buf[:n] // want "GFL002 a send on channel conn.receiveCh keeps the subslice buf\\[:n\\], which pins the whole backing array of buf"
	}
}

func (c *Conn) queue(pc net.PacketConn) error {
	var buf [64 << 10]byte
	n, _, err := pc.ReadFrom(buf[:])
	if err != nil {
		return err
	}
	c.msgs = append(c.msgs, buf[:n]) // want "GFL002 field c.msgs of the receiver keeps the subslice buf\\[:n\\], which pins the whole backing array of buf"
	return nil
}

type Index struct{ magic []byte }

func (ix *Index) open(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	ix.magic = data[:8] // want "GFL002 field ix.magic of the receiver keeps the subslice data\\[:8\\], which pins the whole backing array of data"
	return nil
}
