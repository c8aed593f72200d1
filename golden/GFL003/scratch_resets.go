// gofixleak-options: GFL003.any_owner
package golden

type memTable struct{ arena []byte }

func (m *memTable) markFlushed() {}

type DB struct {
	imm     []*memTable
	mt      *memTable
	scratch []*memTable
}

func (db *DB) newMemTable() *memTable { return &memTable{arena: make([]byte, 64<<20)} }

// The reset is followed by a call of another method of the owner, which puts
// nothing back into db.imm: the memtables stay reachable.  Reported.
func (db *DB) dropAll() {
	for _, mt := range db.imm {
		mt.markFlushed()
	}
	db.imm = db.imm[:0] // want "GFL003 the elements of db.imm dropped by resetting it to length 0 keep their \\*memTable values alive"
	db.mt = db.newMemTable()
}

// A scratch buffer reset and refilled by the same call: the slots are reused
// at once.  Not reported.
func (db *DB) collect(tables map[string]*memTable) int {
	db.scratch = db.scratch[:0]
	for _, t := range tables {
		db.scratch = append(db.scratch, t)
	}
	return len(db.scratch)
}

// Reset at the start of a call, refilled by another method of the receiver.
type unpacker struct{ lbs []string }

func (u *unpacker) unpack(line string) { u.lbs = append(u.lbs, line) }

func (u *unpacker) process(line string) int {
	u.lbs = u.lbs[:0]
	u.unpack(line)
	return len(u.lbs)
}
