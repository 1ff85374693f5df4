//go:build unix

package export

import (
	"io/fs"
	"path/filepath"
	"syscall"
	"testing"

	"carekiosk/model"
)

// TestExportFileModes: whatever the umask, every folder an export makes is
// 0700 and every file 0600 (the forms and the bundle hold children's names).
func TestExportFileModes(t *testing.T) {
	f := newFixture(t)
	f.session("2026-03-10", "辅食添加", model.AgeBand{Min: 7, Max: 9}, kids(6), false)
	for _, mask := range []int{0o022, 0o000} {
		old := syscall.Umask(mask)
		out := filepath.Join(t.TempDir(), "U盘")
		_, err := Run(f.ctx, f.s, Options{OutDir: out}, nil)
		syscall.Umask(old)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
			if err != nil || p == out {
				return err
			}
			fi, _ := d.Info()
			want := fs.FileMode(0o600)
			if d.IsDir() {
				want = 0o700
			}
			if fi.Mode().Perm() != want {
				t.Errorf("umask %03o: %s is %04o, want %04o", mask, p, fi.Mode().Perm(), want)
			}
			n++
			return nil
		})
		if n < 8 {
			t.Fatalf("only %d files written", n)
		}
	}
}
