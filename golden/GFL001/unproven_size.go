package golden

import (
	"bufio"
	"io"
	"os"
	"strings"
)

// Substrings of strings nothing shows to be large: command-line arguments, dial addresses,
// patterns, environment settings, symbol names, lines read one at a time.  A copy would free a
// few bytes at most, so without the any_size option none is reported.

var toolFlag string

// The value of a -tool=path argument: the arguments live as long as the process anyway.
func parseArgs(args []string) {
	for _, arg := range args {
		if strings.HasPrefix(arg, "-tool=") {
			toolFlag = arg[strings.IndexByte(arg, '=')+1:]
		}
	}
}

type Config struct{ ServerName string }

// A dial address without its port: the address is a few dozen bytes.
func dialConfig(addr string, c *Config) {
	lastColon := strings.LastIndex(addr, ":")
	if lastColon == -1 {
		lastColon = len(addr)
	}
	hostname := addr[:lastColon]
	c.ServerName = hostname
}

type Regexp struct{ Name string }

// A capture name cut from a pattern the compiled expression keeps whole anyway.
func captureName(t string, re *Regexp) {
	end := strings.IndexRune(t, '>')
	if end > 3 {
		re.Name = t[3:end]
	}
}

var strdata = map[string]string{}

// -X name=value linker flags.
func addStrdata(arg string) {
	eq := strings.Index(arg, "=")
	if eq < 0 {
		return
	}
	name, value := arg[:eq], arg[eq+1:]
	strdata[name] = value
}

type symbol struct{ Name string }

var symbols = map[string]*symbol{}

// An interned name: the symbol table keeps the full name for the life of the process anyway.
func lookupSuffix(full *symbol, n int) {
	symbols[full.Name[len(full.Name)-n:]] = full
}

var services = map[string]map[string]int{}

// Lines read one at a time: each line is a fresh string of a few dozen bytes.
func readServices(r io.Reader) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := sc.Text()
		if i := strings.IndexByte(line, '/'); i > 0 {
			netw := line[i+1:]
			m := services[netw]
			if m == nil {
				m = map[string]int{}
				services[netw] = m
			}
		}
	}
}

var debugKey string

// An environment setting: small, and read once.
func parseDebug() {
	field := os.Getenv("GODEBUG")
	if i := strings.IndexByte(field, '='); i > 0 {
		debugKey = field[:i]
	}
}
