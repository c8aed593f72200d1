// gofixleak-options: GFL001.any_size
package golden

const flagPrefix = "--name="

type Options struct {
	Name   string
	Exe    string
	Quoted string
	All    string
	Suffix string
	Host   string
}

// Dropping a constant number of bytes keeps nearly all of the string: a copy
// would duplicate it to free a few bytes, so these are left alone.
func (o *Options) parse(arg, src, line string) {
	o.Name = arg[len(flagPrefix):]
	o.Exe = src[:len(src)-len(".go")]
	o.Quoted = line[1 : len(line)-1]
	o.All = line[:]
	o.Host = line[len("Host: "):]
}

// Keeping a few bytes from the end of a long string pins all of it.
func (o *Options) suffix(line string) {
	o.Suffix = line[len(line)-4:] // want "GFL001 field o.Suffix of the receiver keeps the substring line\\[len\\(line\\)-4:\\]"
}
