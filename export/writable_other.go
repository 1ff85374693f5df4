//go:build !unix

package export

import "os"

// writable reports whether this process may create files in dir: where
// there is no access(2) (Windows, where the county verifies bundles), it
// creates and removes a small file there.
func writable(dir string) bool {
	fi, err := os.Stat(dir)
	if err != nil || !fi.IsDir() {
		return false
	}
	f, err := os.CreateTemp(dir, ".carekiosk-probe-*")
	if err != nil {
		return false
	}
	name := f.Name()
	f.Close()
	return os.Remove(name) == nil
}
