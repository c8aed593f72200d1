// gofixleak-options: GFL001.any_size
package golden

import (
	"os"
	"strings"
)

var registry = map[string]int{}

// register keeps its parameter name for good, as a key of a package-level map.
func register(name string, id int) { registry[name] = id }

// A caller that passes a substring keeps all of its string there: the copy belongs at the call.
func load(line string, id int) {
	register(line[:strings.IndexByte(line, ' ')], id) // want "GFL001 a key of map registry \\(through register's parameter name\\) keeps the substring line\\[:strings.IndexByte\\(line, ' '\\)\\]"
}

// Through a local, too.
func loadNamed(line string, id int) {
	name := line[2:10]
	register(name, id) // want "GFL001 a key of map registry \\(through register's parameter name\\) keeps name, a substring of line"
}

// A function that hands its parameter on to one that keeps it keeps it too.
func forward(name string) { register(name, 0) }

func loadForwarded(line string) {
	forward(line[1:9]) // want "GFL001 a key of map registry \\(through forward's parameter name\\) keeps the substring line\\[1:9\\]"
}

type Cache struct {
	names []string
}

// add keeps its parameter in a field of its receiver.
func (c *Cache) add(name string) { c.names = append(c.names, name) }

func (c *Cache) fill(body string) {
	c.add(body[4:12]) // want "GFL001 field c.names of the receiver \\(through c.add's parameter name\\) keeps the substring body\\[4:12\\]"
}

// A receiver made here and dropped at return: nothing outlives the call.
func count(body string) int {
	c := &Cache{}
	c.add(body[4:12])
	return len(c.names)
}

var events = make(chan string, 16)

// publish sends its parameter on a channel.
func publish(topic string) { events <- topic }

func announce(msg string) {
	publish(msg[:16]) // want "GFL001 a send on channel events \\(through publish's parameter topic\\) keeps the substring msg\\[:16\\]"
}

// A function that only reads its parameter keeps nothing.
func lookup(name string) int { return registry[name] }

func find(line string) int { return lookup(line[:8]) }

// A parameter the function changes before keeping it is not what the caller passed.
func normalize(name string) {
	name = strings.ToLower(name)
	registry[name] = 1
}

func loadNormalized(line string) { normalize(line[:8]) }

// The command line lives as long as the process: nothing to free.
func fromArgs() { register(os.Args[1][:4], 0) }

// A setter whose owner resets the field itself (a zero-copy design) keeps nothing for long.
type Row struct {
	Metric string
}

func (r *Row) setMetric(s string) { r.Metric = s }

func (r *Row) reset() { r.Metric = "" }

func (r *Row) parse(line string) { r.setMetric(line[:strings.IndexByte(line, ' ')]) }

// A key=value split handed to one function that keeps both: the pieces are the whole string.
var env = map[string]string{}

func setenv(key, value string) { env[key] = value }

func applyEnv(args []string) {
	for _, kv := range args {
		if i := strings.IndexByte(kv, '='); i > 0 {
			setenv(kv[:i], kv[i+1:])
		}
	}
}

// A trie insert passing on the suffixes of a key it keeps itself: the key is kept anyway.
type trie struct {
	prefix string
	next   *trie
}

func (t *trie) add(key string) {
	if t.prefix == "" {
		t.prefix = key
		return
	}
	if t.next == nil {
		t.next = &trie{}
	}
	t.next.add(key[1:])
}
