package tui

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"carekiosk/model"
)

// consentScreen is a check-in screen on today's open session, fed its
// messages by hand (no store behind it: the commands are not run).
func consentScreen(t *testing.T) *checkin {
	t.Helper()
	c := &Common{Ctx: context.Background(), Width: 80, Height: 24, Styles: DefaultStyles(), Settings: model.DefaultSettings(),
		Clock: model.Clock{Now: func() time.Time { return screenNow }}, URL: fixedURL{}}
	c.setLang("zh")
	s := &model.Session{ID: "s1", Date: model.MustDate("2026-11-22"), Band: model.AgeBand{Min: 7, Max: 9}, Title: fixtureSession,
		Instructor: "陈晓燕", State: model.StateOpen}
	k := newCheckin(c, s.ID)
	k.Update(sessionLoadedMsg{s: s})
	return k
}

// Two family cards scanned one right after the other: the second family's
// notice must not replace the first one's while that is on screen, or the
// first caregiver's y would sign in (and record consent for) the other
// family. The notice on screen stays; the second family signs in again.
func TestConsentNoticeNotReplacedByAnotherFamily(t *testing.T) {
	k := consentScreen(t)
	a := model.SignInInput{FamilyID: "famA", Method: model.MethodCard, Children: []model.ChildInput{{ChildID: "a1"}}}
	b := model.SignInInput{FamilyID: "famB", Method: model.MethodCard, Children: []model.ChildInput{{ChildID: "b1"}}}
	k.Update(consentNeededMsg{in: a, who: "王小明"})
	if cmd := k.Update(consentNeededMsg{in: b, who: "李欣怡"}); cmd == nil {
		t.Error("the second family was dropped without a word")
	}
	if k.mode != modeConsent || k.ask == nil || k.ask.in.FamilyID != "famA" {
		t.Fatalf("the notice on screen is now for %+v", k.ask)
	}
	if v := k.View(); !strings.Contains(v, "为 王小明 签到") || strings.Contains(v, "李欣怡") {
		t.Fatalf("notice after the second card:\n%s", v)
	}

	// A third card whose family agreed before is stored meanwhile: the
	// notice stays for the family still reading it.
	k.Update(signedInMsg{res: &model.SignInResult{FamilyID: "famC"}})
	if k.mode != modeConsent || k.ask == nil || k.ask.in.FamilyID != "famA" {
		t.Fatalf("another family's sign-in took the notice away: mode %v, ask %+v", k.mode, k.ask)
	}

	// Its own answer still closes it.
	k.ask.busy = true
	k.Update(signedInMsg{res: &model.SignInResult{FamilyID: "famA"}})
	if k.mode != modeList || k.ask != nil {
		t.Fatalf("after the family's own sign-in: mode %v, ask %+v", k.mode, k.ask)
	}
}

// TestLowerCaseKDoesNotOpenKioskForm: a scanner typing a card code in lower
// case, or a child pressing k, does not open the kiosk form on the QR
// screen; enter, the documented key, does.
func TestLowerCaseKDoesNotOpenKioskForm(t *testing.T) {
	k := consentScreen(t)
	k.Update(tea.KeyPressMsg{Code: 'k', Text: "k"})
	if k.mode != modeList {
		t.Fatalf("k opened mode %v", k.mode)
	}
	k.Update(tea.KeyPressMsg{Code: tea.KeyEnter})
	if k.mode != modeKiosk {
		t.Fatalf("enter left mode %v", k.mode)
	}
}
