package golden

type reply struct {
	key, value string
}

func load(key string) string { return key }

func lookup(key string, out chan<- reply) {
	out <- reply{key, load(key)}
}
