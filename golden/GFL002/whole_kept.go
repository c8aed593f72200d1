// gofixleak-options: GFL002.any_size
package golden

// A message parser keeps the whole buffer in raw, then views of it in other fields: the views
// keep nothing that raw does not.
type hello struct {
	raw     []byte
	random  []byte
	session []byte
	suites  []byte
}

func (m *hello) unmarshal(data []byte) bool {
	if len(data) < 40 {
		return false
	}
	m.raw = data
	m.random = data[4:36]
	n := int(data[36])
	if len(data) < 37+n {
		return false
	}
	m.session = data[37 : 37+n]
	data = data[37+n:]
	if len(data) < 2 {
		return false
	}
	k := int(data[0])
	m.suites = data[1 : 1+k]
	return true
}

type record struct {
	body []byte
	key  []byte
}

// The whole buffer is stored on one path only: the view may be all that is kept.
func (r *record) parse(buf []byte, keep bool) {
	if keep {
		r.body = buf
	}
	r.key = buf[2:10] // want "GFL002 field r.key of the receiver keeps the subslice buf\\[2:10\\]"
}

// The variable names another array by the time the view is taken.
func (r *record) swap(buf, other []byte) {
	r.body = buf
	buf = other
	r.key = buf[2:10] // want "GFL002 field r.key of the receiver keeps the subslice buf\\[2:10\\]"
}

// Another object holds the whole buffer.
func (r *record) split(buf []byte, into *record) {
	into.body = buf
	r.key = buf[2:10] // want "GFL002 field r.key of the receiver keeps the subslice buf\\[2:10\\]"
}

// The whole buffer is stored after the view: a return in between could skip it.
func (r *record) late(buf []byte) {
	r.key = buf[2:10] // want "GFL002 field r.key of the receiver keeps the subslice buf\\[2:10\\]"
	r.body = buf
}
