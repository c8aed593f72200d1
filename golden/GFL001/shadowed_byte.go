// gofixleak-options: GFL001.any_size
package golden

var lastToken string

// A local type named byte does not stop strings.Clone, which needs neither
// byte nor string.
func rememberToken(line string, i int) {
	type byte = uint8
	var sep byte = ' '
	if line[i] == sep {
		lastToken = line[:i] // want "GFL001 package-level variable lastToken keeps the substring line\\[:i\\]"
	}
}
