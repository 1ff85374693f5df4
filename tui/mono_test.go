package tui

import (
	"context"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"carekiosk/model"
)

// TestFocusWithoutColour: with the colours taken away (a monochrome
// console), the input with the focus is still marked, on a text field, a
// choice and a set of options alike.
func TestFocusWithoutColour(t *testing.T) {
	st, dir := copyStore(t, advancingClock(screenNow))
	k := startKiosk(t, st, dir, 80, 24, screenNow)
	k.waitFor(fixtureSession)
	k.keys("n")
	k.waitFor("计划一次")
	marked := func(label string) {
		t.Helper()
		for _, l := range strings.Split(ansi.Strip(k.view()), "\n") {
			if strings.HasPrefix(l, label+" ") {
				if !strings.Contains(l, "> ") {
					t.Errorf("the focused %s is not marked: %q", label, l)
				}
				continue
			}
			if strings.Contains(l, "> ") && !strings.HasPrefix(l, " ") {
				t.Errorf("%q is marked while %s has the focus", l, label)
			}
		}
	}
	marked("日期")
	k.keys("tab")
	k.waitFor("< ")
	marked("活动月龄")
	k.keys("tab", "tab", "tab")
	marked("内容领域")
}

// TestWithdrawNoteWrapsWhole: at 80 columns the 签到表 tab's note on a
// withdrawn sign-in breaks between words: the child's name, the date and
// the time stay whole and no line starts with a closing mark.
func TestWithdrawNoteWrapsWhole(t *testing.T) {
	st, dir := copyStore(t, advancingClock(screenNow))
	ctx := context.Background()
	s := sessionByTitle(t, st, fixtureSession)
	sis, err := st.SignIns(ctx, s.ID)
	if err != nil || len(sis) < 2 {
		t.Fatal(err, len(sis))
	}
	if err := st.WithdrawSignIn(ctx, model.WithdrawInput{SessionID: s.ID, SignInID: sis[1].ID, Who: "陈晓燕",
		Reason: "签到有误（选错孩子或重复签到），指导员在活动中撤销"}); err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"zh", "en"} {
		set, _ := st.Settings(ctx)
		set.Lang = model.Lang(lang)
		if err := st.SaveSettings(ctx, set); err != nil {
			t.Fatal(err)
		}
		k := startKiosk(t, st, dir, 80, 24, screenNow)
		k.waitFor(map[string]string{"zh": "待进行的活动", "en": "Sessions to run"}[lang])
		k.tm.Send(gotoMsg{to: scrHistory, sessionID: s.ID})
		k.waitFor(fixtureSession)
		k.keys("tab")
		v := k.waitFor(map[string]string{"zh": "已撤销", "en": "withdrawn"}[lang])
		var note []string
		for _, l := range strings.Split(v, "\n") {
			if strings.Contains(l, "已撤销") || strings.Contains(l, "withdrawn") || len(note) > 0 && len(note) < 4 {
				note = append(note, strings.TrimRight(l, " "))
			}
		}
		joined := strings.Join(note, "\n")
		for _, whole := range []string{sis[1].ChildName, "2026-11-22", "陈晓燕"} {
			if !strings.Contains(joined, whole) {
				t.Errorf("%s: %q split:\n%s", lang, whole, joined)
			}
		}
		for _, l := range note[1:] {
			if l != "" && strings.ContainsAny(string([]rune(l)[:1]), noLineStart) {
				t.Errorf("%s: a line starts with a closing mark:\n%s", lang, joined)
			}
		}
		k.tm.Quit()
	}
}
