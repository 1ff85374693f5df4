//go:build unix

package countydb_test

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"carekiosk/county"
	"carekiosk/countydb"
	"carekiosk/model"
)

// TestCountyFileModes: the county's folder is 0700 and county.db, its WAL
// and its shared-memory file 0600 whatever the umask (the database holds
// the county's private keys), as the station's are; a folder and a
// database an older carekiosk made 0755 and 0644 are tightened when
// opened.
func TestCountyFileModes(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	dir := filepath.Join(t.TempDir(), "县中心")
	check := func(p string, want os.FileMode) {
		t.Helper()
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != want {
			t.Errorf("%s is %04o, want %04o", filepath.Base(p), got, want)
		}
	}
	clock := model.Clock{Now: func() time.Time { return time.Date(2026, 11, 30, 2, 0, 0, 0, time.UTC) }}
	seed, id, err := county.NewKeys()
	if err != nil {
		t.Fatal(err)
	}
	for _, reopen := range []bool{false, true} {
		d, err := countydb.Open(dir, !reopen, countydb.Options{Clock: clock})
		if err != nil {
			t.Fatal(err)
		}
		if !reopen {
			// The keys are written: the WAL holds them until a checkpoint.
			if err := d.Init(t.Context(), "青田县", 2026, seed, id); err != nil {
				t.Fatal(err)
			}
		}
		check(dir, 0o700)
		for _, f := range []string{countydb.FileName, countydb.FileName + "-wal", countydb.FileName + "-shm"} {
			check(filepath.Join(dir, f), 0o600)
		}
		if err := d.Close(); err != nil {
			t.Fatal(err)
		}
		os.Chmod(filepath.Join(dir, countydb.FileName), 0o644)
		os.Chmod(dir, 0o755)
	}
}
