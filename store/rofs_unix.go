//go:build unix

package store

import (
	"errors"
	"syscall"
)

// readOnlyStorage reports whether dir is on a file system mounted read-only
// (a write-protected card, a backup stick mounted ro). Nothing can change a
// file there, so SQLite may read it as immutable, without the -shm file it
// could not create.
func readOnlyStorage(dir string) bool {
	return errors.Is(syscall.Access(dir, 2 /* W_OK */), syscall.EROFS)
}
