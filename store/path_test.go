package store

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// A data folder whose name holds characters with a meaning in SQLite URIs
// (# ? %) still keeps its database inside that folder, and read-only opening
// finds it there.
func TestDataFolderWithURICharacters(t *testing.T) {
	for _, name := range []string{"站点#2", "what?now", "100%", "a%41b", "a b"} {
		t.Run(name, func(t *testing.T) {
			parent := t.TempDir()
			dir := filepath.Join(parent, name)
			s, err := Open(dir, Options{Clock: fixedClock(testNow)})
			if err != nil {
				t.Fatal(err)
			}
			seedStation(t, s)
			s.Close()
			if _, err := os.Stat(filepath.Join(dir, FileName)); err != nil {
				t.Fatalf("database not in the data folder: %v", err)
			}
			entries, _ := os.ReadDir(parent)
			if len(entries) != 1 {
				var names []string
				for _, e := range entries {
					names = append(names, e.Name())
				}
				t.Errorf("stray files beside the data folder: %q", names)
			}
			ro, err := Open(dir, Options{ReadOnly: true})
			if err != nil {
				t.Fatal(err)
			}
			defer ro.Close()
			if rep, err := ro.Check(context.Background()); err != nil || !rep.OK() {
				t.Errorf("check: %+v %v", rep, err)
			}
		})
	}
}
