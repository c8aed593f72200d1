// gofixleak-options: GFL001.any_size
package golden

type Endpoint struct {
	Host string
	Port string
}

type Config struct {
	Name     string
	Endpoint *Endpoint
	Backup   Endpoint
}

func fill(c *Config, line string) {
	c.Name = line[5:10]                // want "GFL001 field c.Name \\(reached through a pointer\\) keeps the substring line\\[5:10\\]"
	c.Endpoint.Host = line[:5]         // want "GFL001 field c.Endpoint.Host \\(reached through a pointer\\)"
	c.Backup.Port = line[len(line)-4:] // want "GFL001 field c.Backup.Port keeps"
}

func fillLocal(line string) Config {
	var c Config
	// c is a local value: nothing outlives the call but the returned copy.
	c.Name = line[5:10]
	return c
}
