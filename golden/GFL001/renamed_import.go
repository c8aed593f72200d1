// gofixleak-options: GFL001.any_size
package golden

import str "strings"

type Token struct{ text string }

func (t *Token) Set(line string) {
	t.text = str.TrimSpace(line)[:1] // want "GFL001 field t.text of the receiver keeps the substring str.TrimSpace\\(line\\)\\[:1\\]"
}
