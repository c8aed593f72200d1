package golden

func (c *slRecord) wide() []byte {
	len := func(b []byte) int { return cap(b) }
	return c.label[:len(c.label):len(c.label)]
}

func (c *slRecord) tagWith(more ...byte) []byte {
	return append(c.tag[:len(c.tag):len(c.tag)], more...)
}
