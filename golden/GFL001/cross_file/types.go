package golden

// Server and registry are declared here; server.go stores into them.
type Server struct {
	addr string
}

var registry map[string]*Server
