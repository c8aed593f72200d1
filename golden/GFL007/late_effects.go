// gofixleak-options: --unsafe-fixes GFL007.any_loop

package golden

import (
	"log"
	"log/slog"
	"os"
)

func mkTemp() (string, func()) {
	dir, err := os.MkdirTemp("", "golden")
	if err != nil {
		panic(err)
	}
	return dir, func() { os.RemoveAll(dir) }
}

func useDirs(dirs []string) {}

// tempDirs keeps the names of what cleanup removes past the iteration: the
// code after the loop may use directories the fix has already removed (unsafe).
func tempDirs(n int) {
	var dirs []string
	for i := 0; i < n; i++ {
		dir, cleanup := mkTemp()
		defer cleanup()
		dirs = append(dirs, dir)
	}
	useDirs(dirs)
}

// openUnlessKept reads keep when it runs, and the function sets keep after
// the loop: the fix would decide at the end of each iteration (unsafe).
func openUnlessKept(paths []string) int {
	keep := false
	n := 0
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			continue
		}
		defer func() { // want "defer func\(\) {...}\(\) in a loop runs only when openUnlessKept returns"
			if !keep {
				f.Close()
			}
		}()
		n++
	}
	keep = true
	return n
}

// logTo hands the file to the log package, which writes to it after the
// loop: no fix.
func logTo(paths []string) {
	for _, p := range paths {
		f, err := os.Create(p)
		if err != nil {
			continue
		}
		defer f.Close()
		log.SetOutput(f)
		log.Print("start")
	}
	log.Print("after the loop")
}

// slogTo makes the file the default slog output: no fix.
func slogTo(paths []string) {
	for _, p := range paths {
		f, err := os.Create(p)
		if err != nil {
			continue
		}
		defer f.Close()
		slog.SetDefault(slog.New(slog.NewTextHandler(f, nil)))
		slog.Info("start")
	}
	slog.Info("after the loop")
}

type server struct{ name string }

func newServer(name string) *server { return &server{name: name} }

func (s *server) start() error { return nil }
func (s *server) close()       {}

// startBoth keeps each server in an array that the code after the loop
// uses: no fix.
func startBoth() string {
	var servers [2]*server
	for i, name := range []string{"a", "b"} {
		servers[i] = newServer(name)
		defer servers[i].close()
		if err := servers[i].start(); err != nil {
			return ""
		}
	}
	return servers[0].name + servers[1].name
}
