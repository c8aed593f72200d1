// gofixleak-options: GFL001.any_size
package golden

// lastID is kept for the whole life of the program.
var lastID string

func remember(body string) {
	lastID = body[:16] // want "GFL001 package-level variable lastID keeps the substring body\\[:16\\], which pins all of body"
}

// A package-level variable initialised with a substring keeps it too.
var header = load()[:8] // want "GFL001 package-level variable header keeps the substring load\\(\\)\\[:8\\]"

func load() string { return string(make([]byte, 1<<20)) }
