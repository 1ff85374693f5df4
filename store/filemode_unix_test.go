//go:build unix

package store

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"carekiosk/model"
)

// withUmask runs fn with the process umask set to m.
func withUmask(t *testing.T, m int, fn func()) {
	old := syscall.Umask(m)
	defer syscall.Umask(old)
	fn()
}

// TestFileModes: the data folder is 0700 and the database, its WAL and its
// shared-memory file 0600 whatever the umask, a folder that already existed
// with 0755 and a database first made 0644 included; and secure_delete is
// on, so erased records do not linger in free pages.
func TestFileModes(t *testing.T) {
	for _, mask := range []int{0o022, 0o000} {
		withUmask(t, mask, func() {
			for _, pre := range []bool{false, true} {
				dir := filepath.Join(t.TempDir(), "data")
				if pre {
					os.Mkdir(dir, 0o755)
					os.Chmod(dir, 0o755)
				}
				s, err := Open(dir, Options{Clock: fixedClock(testNow)})
				if err != nil {
					t.Fatal(err)
				}
				seedStation(t, s)
				sess := openSession(t, s, model.AgeBand{Min: 7, Max: 9})
				if _, err := s.SignIn(context.Background(), kioskSignIn(sess.ID, "王小明", "2026-02-10", "13812345678")); err != nil {
					t.Fatal(err)
				}
				var secure int
				if err := s.w.QueryRow(`PRAGMA secure_delete`).Scan(&secure); err != nil || secure != 1 {
					t.Errorf("secure_delete %d %v", secure, err)
				}
				check := func(p string, want os.FileMode) {
					t.Helper()
					fi, err := os.Stat(p)
					if err != nil {
						t.Fatal(err)
					}
					if got := fi.Mode().Perm(); got != want {
						t.Errorf("umask %03o, folder existed %v: %s is %04o, want %04o", mask, pre, filepath.Base(p), got, want)
					}
				}
				check(dir, 0o700)
				for _, f := range []string{FileName, FileName + "-wal", FileName + "-shm"} {
					check(filepath.Join(dir, f), 0o600)
				}
				s.Close()
				// A database made by an older carekiosk as 0644 is tightened.
				os.Chmod(filepath.Join(dir, FileName), 0o644)
				os.Chmod(dir, 0o755)
				s, err = Open(dir, Options{Clock: fixedClock(testNow)})
				if err != nil {
					t.Fatal(err)
				}
				check(dir, 0o700)
				check(filepath.Join(dir, FileName), 0o600)
				s.Close()
			}
		})
	}
}
