package tui

import (
	"context"
	"testing"

	"carekiosk/demo"
)

// In English the follow-up, the charts and the backfill form fit 80x24 and
// speak English.
func TestEnglishFollowUpAndCharts(t *testing.T) {
	st, dir := copyStore(t, advancingClock(screenNow))
	ctx := context.Background()
	set, _ := st.Settings(ctx)
	set.Lang = "en"
	if err := st.SaveSettings(ctx, set); err != nil {
		t.Fatal(err)
	}
	k := startKiosk(t, st, dir, 80, 24, screenNow)
	k.waitFor("Sessions to run", "Families due: 9 (7-9 mo 2026-11-22)", "the list needs the PIN")
	k.keys("i")
	k.waitFor("the families to invite need the instructor PIN")
	k.keys(demo.PIN, "enter")
	for _, want := range [][]string{{"Invite to:", "To invite 9 (told 0)", "Last came"}, {"New band"}, {"Came on"}} {
		v := k.waitFor(want...)
		checkFits(t, k.view(), 80, 24)
		if testing.Verbose() {
			t.Log("\n" + v)
		}
		k.keys("tab")
	}
	k.keys("esc")
	k.waitFor("Sessions to run")
	k.keys("g")
	for _, want := range []string{"quota pace", "Families per session", "Ages: "} {
		v := k.waitFor(want)
		checkFits(t, k.view(), 80, 24)
		if testing.Verbose() {
			t.Log("\n" + v)
		}
		k.keys("tab")
	}
	k.keys("esc")
	k.waitFor("Sessions to run")
	k.keys("b")
	k.waitFor("a backfill needs the instructor PIN")
	k.keys(demo.PIN, "enter")
	v := k.waitFor("Held on paper", "Sign-in sheet", "Health education")
	checkFits(t, k.view(), 80, 24)
	if testing.Verbose() {
		t.Log("\n" + v)
	}
}
