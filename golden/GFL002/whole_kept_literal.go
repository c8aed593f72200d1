// gofixleak-options: GFL002.any_size
package golden

// The message is made holding the whole buffer, so views of it stored in other fields of the
// same message keep nothing more alive.
type rawFrame struct {
	raw     []byte
	header  []byte
	payload []byte
}

var lastFrame *rawFrame

func decodeRawFrame(data []byte, n int) {
	f := &rawFrame{raw: data}
	f.header = data[:n]
	data = data[n:]
	f.payload = data[n:]
	lastFrame = f
}

// The buffer is stored in the holder after the view: the view is reported.
func lateRawFrame(data []byte, n int) {
	f := &rawFrame{}
	f.header = data[:n] // want "GFL002 field f.header \\(f is kept in package-level variable lastFrame\\) keeps the subslice data\\[:n\\]"
	f.raw = data
	lastFrame = f
}
