package tui

import (
	"strings"
	"testing"
)

// TestHelpFromTextFields: in a text field ? is typed, so the bottom line
// names F1 for the help, and F1 opens it; elsewhere ? opens it.
func TestHelpFromTextFields(t *testing.T) {
	st, dir := copyStore(t, advancingClock(screenNow))
	k := startKiosk(t, st, dir, 80, 24, screenNow)
	k.waitFor(fixtureSession, "? 帮助")
	k.keys("n")
	k.waitFor("计划一次")
	k.keys("tab", "tab", "认识?")
	// ? is typed; after Chinese, in 中 mode, as the Chinese question mark.
	v := k.waitFor("认识？", "F1 帮助")
	if strings.Contains(v, "? 帮助") {
		t.Fatalf("a text field's bottom line offers ? for help:\n%s", v)
	}
	k.keys("f1")
	k.waitFor("按键说明")
	k.keys("esc")
	k.waitFor("认识？")
}

// TestCheckinHelpHasNoQuit: the check-in screen's help does not offer
// ctrl+c, which does not quit there.
func TestCheckinHelpHasNoQuit(t *testing.T) {
	st, dir := copyStore(t, advancingClock(screenNow))
	k := startKiosk(t, st, dir, 80, 24, screenNow)
	toCheckin(k)
	k.keys("?")
	v := k.waitFor("按键说明")
	if strings.Contains(v, "退出(需PIN)") {
		t.Fatalf("the check-in help offers ctrl+c to quit:\n%s", v)
	}
}
