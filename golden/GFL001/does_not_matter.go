// gofixleak-options: GFL001.any_size
package golden

import (
	"os"
	"strings"
	"sync"
)

// Substrings stored for good that keep nothing alive the program would not keep anyway: none is
// reported.  Each shape was seen in real code (configuration loaders, zero-copy parsers, pools).

// The whole string is already kept by the same object, filled through &s first.
type QueryArg struct {
	Name      string
	sOriginal string
}

func (qa *QueryArg) UnmarshalYAML(f func(any) error) error {
	var s string
	if err := f(&s); err != nil {
		return err
	}
	qa.sOriginal = s
	n := strings.IndexByte(s, '=')
	if n < 0 {
		return nil
	}
	qa.Name = s[:n]
	return nil
}

// A key=value split kept in one object: together the pieces are the whole string.
type Tag struct {
	Key   string
	Value string
}

func (t *Tag) unmarshal(s string) {
	n := strings.IndexByte(s, '=')
	t.Key = s[:n]
	t.Value = s[n+1:]
}

type Label struct {
	Name  string
	Value string
}

var globalLabels []Label

func addLabel(s string) {
	n := strings.IndexByte(s, '=')
	globalLabels = append(globalLabels, Label{Name: s[:n], Value: s[n+1:]})
}

// Pieces of one string stored in a loop partition it.
type pieces struct {
	parts []string
}

type span struct{ start, n int }

func (p *pieces) cut(all string, offs []span) {
	for _, o := range offs {
		p.parts = append(p.parts, all[o.start:o.start+o.n])
	}
}

// Consecutive cuts: each token ends where the next one starts.
type sanitizer struct {
	tokens []string
}

func (sc *sanitizer) split(name string) {
	s := name
	for len(s) > 0 {
		n := strings.IndexAny(s, "/_.-: ")
		if n < 0 {
			sc.tokens = append(sc.tokens, s)
			return
		}
		if n > 0 {
			sc.tokens = append(sc.tokens, s[:n])
		}
		s = s[n+1:]
	}
}

// A flag.Value's Set parses the command line once.
type DictInt struct {
	keys []string
}

func (d *DictInt) String() string { return strings.Join(d.keys, ",") }

func (d *DictInt) Set(value string) error {
	for _, x := range strings.Split(value, ",") {
		if n := strings.IndexByte(x, ':'); n > 0 {
			d.keys = append(d.keys, x[:n])
		}
	}
	return nil
}

// The command line lives as long as the process.
var settings = map[string]bool{}

func parseArgs() {
	for _, arg := range os.Args[1:] {
		if i := strings.IndexByte(arg, '='); i > 0 {
			settings[arg[:i]] = true
		}
	}
}

// So does package-level data that is never reassigned.
var (
	envs = loadEnv()
	env  = map[string]int{}
)

func loadEnv() []string { return os.Environ() }

func indexEnv() {
	for i, s := range envs {
		if j := strings.IndexByte(s, '='); j > 0 {
			env[s[:j]] = i
		}
	}
}

// A zero-copy parser whose rows reset their fields themselves.
type Row struct {
	Metric string
	Value  float64
}

func (r *Row) reset() {
	r.Metric = ""
	r.Value = 0
}

func (r *Row) unmarshal(s string) {
	r.reset()
	n := strings.IndexByte(s, ' ')
	r.Metric = s[:n]
}

// A pooled object zeroed as a whole when it goes back to its pool.
type Batch struct {
	id  string
	seq uint64
}

var batchPool sync.Pool

func (b *Batch) returnToPool() {
	*b = Batch{}
	batchPool.Put(b)
}

func parseBatch(reply string) *Batch {
	b, _ := batchPool.Get().(*Batch)
	if b == nil {
		b = new(Batch)
	}
	o := strings.LastIndexByte(reply, '.')
	b.id = reply[o+1:]
	return b
}

// Values that sit in a slice their owner clears on Reset.
type Metadata struct {
	Metric string
	Help   string
}

type MetadataRows struct {
	Rows []Metadata
}

func (ms *MetadataRows) Reset() {
	clear(ms.Rows)
	ms.Rows = ms.Rows[:0]
}

func unmarshalMetadata(dst []Metadata, s string) []Metadata {
	idx := strings.IndexByte(s, ' ')
	dst = append(dst, Metadata{})
	md := &dst[len(dst)-1]
	md.Metric = s[:idx]
	return dst
}

// A set the function drains and empties again before it returns.
type collector struct {
	dirty map[string]struct{}
}

func (c *collector) collect(keys []string, flush func(string)) {
	for _, key := range keys {
		if idx := strings.IndexByte(key, '/'); idx > 0 {
			c.dirty[key[:idx]] = struct{}{}
		}
	}
	for name := range c.dirty {
		flush(name)
	}
	c.dirty = map[string]struct{}{}
}

// A cursor the package advances over its input: the rest is consumed, then dropped.
type lexer struct {
	rest string
}

func (l *lexer) init(src string, skip int) { l.rest = src[skip:] }

func (l *lexer) next(n int) string {
	token := l.rest[:n]
	l.rest = l.rest[n:]
	return token
}

// The code says the view is deliberate.
type Rows struct {
	first string
}

// Unmarshal unmarshals rows from s.
//
// s shouldn't be modified when rs is in use.
func (rs *Rows) Unmarshal(s string) {
	rs.first = s[:strings.IndexByte(s, '\n')]
}

// A cache's Set is not a flag.Value (no String method): its keys are reported.
type Cache struct {
	keys []string
}

func (c *Cache) Set(line string) error {
	c.keys = append(c.keys, line[:8]) // want "GFL001 field c.keys of the receiver keeps the substring line\\[:8\\]"
	return nil
}
