package main

import (
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"carekiosk/store"
)

// folderState lists a folder's files with each one's SHA-256 ("absent" when
// the folder does not exist).
func folderState(t *testing.T, dir string) string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return "absent"
	}
	var lines []string
	for _, e := range entries {
		b, _ := os.ReadFile(filepath.Join(dir, e.Name()))
		sum := sha256.Sum256(b)
		lines = append(lines, e.Name()+" "+hex.EncodeToString(sum[:]))
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// check, export and the kiosk's start-up refuse a file they cannot use and
// leave it and its folder exactly as they were: no -wal or -shm beside it,
// no folder made, no export written. export and check also refuse a
// missing or 0-byte database rather than set one up (which would write
// bundle 1 of a station with no unit).
func TestRefusedFilesStayAsTheyWere(t *testing.T) {
	files := map[string]func(t *testing.T, dir string){
		"missing folder": func(t *testing.T, dir string) { os.Remove(dir) },
		"no database":    func(t *testing.T, dir string) {},
		"0-byte file": func(t *testing.T, dir string) {
			os.WriteFile(filepath.Join(dir, store.FileName), nil, 0o600)
		},
		"another program's database": func(t *testing.T, dir string) {
			db, err := sql.Open("sqlite", filepath.Join(dir, store.FileName))
			if err != nil {
				t.Fatal(err)
			}
			for _, q := range []string{"PRAGMA journal_mode=WAL", "CREATE TABLE notes(body)", "INSERT INTO notes VALUES ('x')"} {
				if _, err := db.Exec(q); err != nil {
					t.Fatal(err)
				}
			}
			db.Close()
		},
		"newer carekiosk": func(t *testing.T, dir string) {
			db, err := sql.Open("sqlite", filepath.Join(dir, store.FileName))
			if err != nil {
				t.Fatal(err)
			}
			for _, q := range []string{"PRAGMA journal_mode=WAL", "CREATE TABLE sessions(id)", "PRAGMA application_id = 1129007439", "PRAGMA user_version = 999"} {
				if _, err := db.Exec(q); err != nil {
					t.Fatal(err)
				}
			}
			db.Close()
		},
		"damaged": func(t *testing.T, dir string) {
			s, err := store.Open(dir, store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			s.Close()
			p := filepath.Join(dir, store.FileName)
			b, _ := os.ReadFile(p)
			for page := 4096; page+12 <= len(b); page += 4096 {
				for i := page; i < page+12; i++ {
					b[i] ^= 0x5a
				}
			}
			os.WriteFile(p, b, 0o600)
		},
	}
	commands := map[string]func(data, out string) []string{
		"check":  func(data, out string) []string { return []string{"check", "--data", data} },
		"export": func(data, out string) []string { return []string{"export", "--data", data, "--out", out} },
		"export xlsx": func(data, out string) []string {
			return []string{"export", "--data", data, "--out", out, "--format", "xlsx"}
		},
		"kiosk": func(data, out string) []string { return []string{"--data", data, "--no-phone"} },
	}
	for fname, make := range files {
		for cname, args := range commands {
			if cname == "kiosk" && (fname == "missing folder" || fname == "no database" || fname == "0-byte file") {
				continue // the kiosk sets up a new station there
			}
			t.Run(fname+"/"+cname, func(t *testing.T) {
				data := filepath.Join(t.TempDir(), "data")
				os.Mkdir(data, 0o700)
				make(t, data)
				out := t.TempDir()
				before := folderState(t, data)
				code, stdout, errs := runCLI(t, args(data, out)...)
				if code != 1 || errs == "" {
					t.Errorf("exit %d\n%s\n%s", code, stdout, errs)
				}
				if after := folderState(t, data); after != before {
					t.Errorf("the data folder changed:\nbefore\n%s\nafter\n%s\n%s", before, after, errs)
				}
				if got := folderState(t, out); got != "" {
					t.Errorf("the export folder is not empty:\n%s", got)
				}
			})
		}
	}
}
