package paperimport

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A stick holds sheets at its top and in folders, beside files that are not
// sheets, hidden ones and Excel's lock files; too deep a folder is not read.
func TestFindSheets(t *testing.T) {
	root := t.TempDir()
	for _, p := range []string{"2024签到表.xlsx", "统计表/2024统计表.CSV", "统计表/说明.docx", "a/b/深.xlsx", "a/b/c/太深.xlsx",
		".Trashes/旧.xlsx", "~$2024签到表.xlsx", "老表.xls"} {
		full := filepath.Join(root, p)
		if err := os.MkdirAll(filepath.Dir(full), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	var got []string
	for _, p := range FindSheets([]string{root}) {
		rel, _ := filepath.Rel(root, p)
		got = append(got, filepath.ToSlash(rel))
	}
	if want := "2024签到表.xlsx|a/b/深.xlsx|统计表/2024统计表.CSV|老表.xls"; strings.Join(got, "|") != want {
		t.Fatalf("found %q, want %s", got, want)
	}
}
