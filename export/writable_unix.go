//go:build unix

package export

import (
	"os"
	"syscall"
)

// writable reports whether this process may create files in dir.
func writable(dir string) bool {
	fi, err := os.Stat(dir)
	if err != nil || !fi.IsDir() {
		return false
	}
	return syscall.Access(dir, 2 /* W_OK */) == nil
}
