package golden

// A resolver made per file and dropped when the walk returns: its scope
// stack dies with it a moment later.  Not reported.
type resolvedScope struct{ names []string }

type fileResolver struct{ stack []*resolvedScope }

func (r *fileResolver) open(s *resolvedScope) { r.stack = append(r.stack, s) }

func (r *fileResolver) close() { r.stack = r.stack[:len(r.stack)-1] }

func resolveOneFile(decls [][]string, visit func(*fileResolver)) {
	r := &fileResolver{}
	for _, d := range decls {
		r.open(&resolvedScope{names: d})
		visit(r)
		r.close()
	}
}

// An exported builder the package only ever makes in a local for one call
// and drops: short-lived even though importers could keep one.  Not reported.
type callFrame struct{ args []int }

type TableBuilder struct{ frames []*callFrame }

func (b *TableBuilder) enter(args []int) { b.frames = append(b.frames, &callFrame{args: args}) }

func (b *TableBuilder) leave() { b.frames = b.frames[:len(b.frames)-1] }

func BuildTable(calls [][]int) int {
	b := &TableBuilder{}
	n := 0
	for _, c := range calls {
		b.enter(c)
		n += len(b.frames)
		b.leave()
	}
	return n
}

// A per-query merge iterator: unexported, handed out only as an interface,
// consumed and dropped with the query.  Not reported.
type RowIterator interface{ Next() bool }

type rowBatch struct{ rows [][]byte }

type mergeRows struct{ buf []*rowBatch }

func NewMergeRows(batches []*rowBatch) RowIterator { return &mergeRows{buf: batches} }

func (m *mergeRows) refill(b *rowBatch) { m.buf = append(m.buf, b) }

func (m *mergeRows) Next() bool {
	if len(m.buf) == 0 {
		return false
	}
	m.buf = m.buf[1:]
	return true
}

// A pop through a pointer to the caller's local variadic slice: the slice
// dies when the caller returns.  Not reported.
type argType struct{ params []*argType }

func nextArg(types *[]*argType) *argType {
	t := (*types)[0]
	*types = (*types)[1:]
	return t
}
