package tui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/width"
)

// TestNoAmbiguousCharacters: no rendered screen (every golden) contains an
// East-Asian-ambiguous character, which a CJK terminal would draw two cells
// wide and so shift columns. The QR code's half block is the one exception
// (it only appears when the screen is too small for two-cell modules).
func TestNoAmbiguousCharacters(t *testing.T) {
	var files []string
	filepath.WalkDir("testdata", func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".golden") {
			files = append(files, p)
		}
		return nil
	})
	if len(files) < 30 {
		t.Fatalf("only %d goldens", len(files))
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(b), "\n") {
			for _, r := range line {
				if r != '\u2580' && width.LookupRune(r).Kind() == width.EastAsianAmbiguous {
					t.Errorf("%s:%d: ambiguous character %q in %q", f, i+1, r, line)
					break
				}
			}
		}
	}
}
