package tui

import (
	"strings"
	"testing"

	"carekiosk/demo"
)

// TestInstructorBarNamesHomeKey: on the check-in screen with the PIN, the
// bottom line names the key that goes home as the screen and the README do
// (h), not a Home key most kiosk keyboards lack; pressing h goes home.
func TestInstructorBarNamesHomeKey(t *testing.T) {
	st, dir := copyStore(t, advancingClock(screenNow))
	k := startKiosk(t, st, dir, 80, 24, screenNow)
	toCheckin(k)
	k.keys("esc")
	k.waitFor("离开签到屏需要指导员 PIN")
	k.keys(demo.PIN, "enter")
	view := k.waitFor("签到有误：上下选中那一行，按 x 撤销")
	lines := strings.Split(strings.TrimRight(view, "\n"), "\n")
	bottom := lines[len(lines)-1]
	if !strings.Contains(bottom, "h 首页") || strings.Contains(bottom, "home") {
		t.Fatalf("bottom line %q: want h 首页", bottom)
	}
	checkFits(t, view, 80, 24)
	k.keys("h")
	k.waitFor("待进行的活动")
}
