package leaky

import "strings"

type Record struct {
	Key   string
	Value string
}

// Index keeps a key from each line of a big file.
type Index struct {
	keys []string
	last Record
}

func (ix *Index) Load(file string) {
	for _, line := range strings.Split(file, "\n") {
		if k, _, ok := strings.Cut(line, "="); ok {
			ix.keys = append(ix.keys, line[:len(k)])
		}
	}
	ix.last = Record{Key: file[:8], Value: file[8:16]}
}
