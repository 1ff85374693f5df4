package tui

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"carekiosk/model"
)

// wrapCJK returns at every width, however small: a Chinese character is two
// cells wide, so on a one-cell line it gets a line of its own instead of
// the wrapping never ending (the kiosk froze while the consent notice was
// on a terminal shrunk to one column).
func TestWrapCJKNarrowerThanACharacter(t *testing.T) {
	n := model.Consent("zh")
	for _, w := range []int{1, 2, 3} {
		done := make(chan []string, 1)
		go func() { done <- wrapCJK(n.Why, w) }()
		select {
		case lines := <-done:
			if got := strings.Join(lines, ""); got != n.Why {
				t.Errorf("width %d: the text changed: %q", w, got)
			}
			for _, l := range lines {
				if lw := ansi.StringWidth(l); lw > max(w, 2) {
					t.Errorf("width %d: line %q is %d cells", w, l, lw)
				}
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("wrapCJK(%d) did not return", w)
		}
	}
}
