package tui

import (
	"context"
	"strings"
	"testing"

	"carekiosk/model"
)

// TestEnglishKeepsMeaning: in English at 80x24 the relations stay
// distinguishable, the five content areas are all shown, nothing the
// families read is cut, the key bar names each key once and offers
// settings, and counts agree in number.
func TestEnglishKeepsMeaning(t *testing.T) {
	st, dir := copyStore(t, advancingClock(screenNow))
	ctx := context.Background()
	set, _ := st.Settings(ctx)
	set.Lang = "en"
	if err := st.SaveSettings(ctx, set); err != nil {
		t.Fatal(err)
	}
	k := startKiosk(t, st, dir, 80, 24, screenNow)
	home := k.waitFor("Sessions to run", fixtureSession)
	bar := home[strings.LastIndex(home, "\n")+1:]
	if strings.Contains(bar, "up up") || !strings.Contains(bar, "s settings") {
		t.Errorf("home key bar: %q", bar)
	}
	k.keys("n")
	k.waitFor("Plan a care group session")
	flat := strings.Join(strings.Fields(k.view()), " ")
	for _, a := range model.ContentAreas {
		if !strings.Contains(flat, a.Label(model.LangEN)) {
			t.Errorf("content area %q not shown:\n%s", a.Label(model.LangEN), k.view())
		}
	}
	k.keys("esc")
	k.waitFor("Sessions to run")
	k.keys("enter")
	v := k.waitFor("4 families, 4 children signed in")
	if !strings.Contains(v, "No smartphone? Press Enter here") || strings.Contains(v, "gran..") || strings.Contains(v, "grandm..") {
		t.Errorf("check-in in English:\n%s", v)
	}
	if !strings.Contains(v, "dad's mum") {
		t.Errorf("奶奶 is not told apart from 外婆:\n%s", v)
	}
	checkFits(t, k.view(), 80, 24)
	if got := familiesText(model.LangEN, 1, 1); got != "1 family, 1 child signed in" {
		t.Errorf("one family reads %q", got)
	}
}
