package store

import (
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"carekiosk/model"
)

// folderState lists a folder's files with each one's SHA-256, so a test can
// tell that nothing in it was created, removed or changed.
func folderState(t testing.TB, dir string) string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		return "unreadable: " + err.Error()
	}
	var lines []string
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		sum := sha256.Sum256(b)
		lines = append(lines, e.Name()+" "+hex.EncodeToString(sum[:])+" "+errString(err))
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// walSQLite makes an SQLite file in WAL mode (as most programs leave theirs)
// with a table, and runs extra statements on it.
func walSQLite(t testing.TB, p string, stmts ...string) {
	t.Helper()
	db, err := sql.Open("sqlite", p)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range append([]string{"PRAGMA journal_mode=WAL", "CREATE TABLE x(a)", "INSERT INTO x VALUES (1)"}, stmts...) {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	db.Close()
}

// A file that is refused — another program's database, a damaged one, one
// of a newer carekiosk — is left as it was, and so is its folder: no -wal or
// -shm file appears beside it, whether the kiosk opens it or a read-only
// command (check, export).
func TestRefusedFileAndFolderUnchanged(t *testing.T) {
	cases := map[string]func(t *testing.T, dir string){
		"other sqlite (WAL)": func(t *testing.T, dir string) { walSQLite(t, filepath.Join(dir, FileName)) },
		"other program's id (WAL)": func(t *testing.T, dir string) {
			walSQLite(t, filepath.Join(dir, FileName), "PRAGMA application_id = 1234")
		},
		"newer carekiosk (WAL)": func(t *testing.T, dir string) {
			walSQLite(t, filepath.Join(dir, FileName), "PRAGMA application_id = 1129007439", "PRAGMA user_version = 99")
		},
		"damaged carekiosk (WAL)": func(t *testing.T, dir string) {
			s, err := Open(dir, Options{Clock: fixedClock(testNow)})
			if err != nil {
				t.Fatal(err)
			}
			seedStation(t, s)
			sess := openSession(t, s, model.AgeBand{Min: 7, Max: 9})
			for i := 0; i < 100; i++ {
				if _, err := s.SignIn(t.Context(), kioskSignIn(sess.ID, "孩子"+string(rune('甲'+i)), "2026-02-10", "13812345678")); err != nil {
					t.Fatal(err)
				}
			}
			s.Close()
			p := filepath.Join(dir, FileName)
			b, _ := os.ReadFile(p)
			for page := 4096; page+12 <= len(b); page += 4096 {
				for i := page; i < page+12; i++ {
					b[i] ^= 0x5a
				}
			}
			os.WriteFile(p, b, 0o600)
		},
	}
	for name, make := range cases {
		for _, ro := range []bool{false, true} {
			t.Run(name+map[bool]string{false: " kiosk", true: " read-only"}[ro], func(t *testing.T) {
				dir := t.TempDir()
				make(t, dir)
				if b, _ := os.ReadFile(filepath.Join(dir, FileName)); len(b) < 20 || b[18] != 2 {
					t.Fatal("the test file is not in WAL mode")
				}
				before := folderState(t, dir)
				s, err := Open(dir, Options{ReadOnly: ro})
				if err == nil {
					s.Close()
					t.Fatal("opened")
				}
				if model.ErrorCode(err) != model.ESTORAGE {
					t.Errorf("error: %v", err)
				}
				if after := folderState(t, dir); after != before {
					t.Errorf("the folder changed:\nbefore\n%s\nafter\n%s", before, after)
				}
			})
		}
	}
}
