// gofixleak-options: GFL001.any_size
package golden

var lastToken string

// Before Go 1.18 the copy is string([]byte(...)), which a local byte type
// would change: reported, but no fix.
func rememberToken(line string, i int) {
	type byte = uint8
	var sep byte = ' '
	if line[i] == sep {
		lastToken = line[:i] // want "GFL001 package-level variable lastToken keeps the substring line\\[:i\\]"
	}
}
