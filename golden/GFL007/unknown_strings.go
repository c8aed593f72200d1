// gofixleak-options: GFL007.any_loop
package golden

import (
	"os"
	"path/filepath"
)

// filepath.EvalSymlinks and os.UserCacheDir are not among gofixleak's stubs: the type of what they
// return is unknown, but a value passed where only a string fits (os.RemoveAll, filepath.Join, a
// []string, a string field) is a path, which names state outside the program: removing it at the end
// of each iteration is no release of something the iteration holds, so the fix is not safe.
type workspace struct {
	Dir string
}

func stageAll(paths []string) error {
	for _, p := range paths {
		dir, err := filepath.EvalSymlinks(p)
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir) // want "defer os.RemoveAll\(dir\) in a loop runs only when stageAll returns"
		if err := os.WriteFile(filepath.Join(dir, "stage"), nil, 0o600); err != nil {
			return err
		}
	}
	return nil
}

func collectDirs(names []string) ([]string, error) {
	var dirs []string
	for _, name := range names {
		base, err := os.UserCacheDir()
		if err != nil {
			return nil, err
		}
		defer func() { // want "defer func\(\) {...}\(\) in a loop runs only when collectDirs returns"
			_ = os.RemoveAll(base)
		}()
		dirs = append(dirs, base)
		_ = name
	}
	return dirs, nil
}

func lastWorkspace(w *workspace, names []string) error {
	for range names {
		dir, err := filepath.EvalSymlinks(".")
		if err != nil {
			return err
		}
		defer os.Remove(dir) // want "defer os.Remove\(dir\) in a loop runs only when lastWorkspace returns"
		w.Dir = dir
	}
	return nil
}
