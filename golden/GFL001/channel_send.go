// gofixleak-options: GFL001.any_size
package golden

func firstWords(lines []string, out chan<- string) {
	for _, line := range lines {
		out <- line[:10] // want "GFL001 a send on channel out keeps the substring line\\[:10\\]"
	}
}
