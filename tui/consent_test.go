package tui

import (
	"context"
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"carekiosk/model"
	"carekiosk/store"
)

// signInCount returns how many sign-ins today's session holds.
func signInCount(t *testing.T, st *store.Store) int {
	t.Helper()
	s := sessionByTitle(t, st, fixtureSession)
	sis, err := st.SignIns(context.Background(), s.ID)
	if err != nil {
		t.Fatal(err)
	}
	return len(sis)
}

// lastSignIn returns the newest sign-in of today's session.
func lastSignIn(t *testing.T, st *store.Store) model.SignIn {
	t.Helper()
	s := sessionByTitle(t, st, fixtureSession)
	sis, err := st.SignIns(context.Background(), s.ID)
	if err != nil || len(sis) == 0 {
		t.Fatal(err, len(sis))
	}
	return sis[len(sis)-1]
}

// newFamilyToNotice types a new family at the kiosk and submits it; the
// consent notice must then be on screen.
func newFamilyToNotice(k *kiosk) string {
	toCheckin(k)
	k.keys("enter")
	k.waitFor("来过的家庭")
	k.keys("ctrl+n")
	k.waitFor("登记新家庭")
	k.keys("李小宝", "tab", "8", "tab", "王芳", "tab", "13900001234", "tab", "tab", "王芳", "enter")
	return k.waitFor("签到须知", "为 李*宝 签到", "y  同意并签到", "esc  不同意，返回")
}

// TestKioskConsentNewFamilyAgrees: a new family at the kiosk sees the whole
// notice before anything is stored; a stray key points at y; y stores the
// sign-in with the notice's version.
func TestKioskConsentNewFamilyAgrees(t *testing.T) {
	st, dir := copyStore(t, advancingClock(screenNow))
	k := startKiosk(t, st, dir, 80, 24, screenNow)
	v := newFamilyToNotice(k)
	if strings.Contains(v, "李小宝") {
		t.Errorf("the notice shows the child's full name:\n%s", v)
	}
	n := model.ConsentFor("zh", model.ContactOf(model.DefaultSettings(), "温溪片卫生院"))
	flat := strings.Join(strings.Fields(v), "")
	for _, p := range append(n.Lines(), n.Head, n.Agree) {
		if !strings.Contains(flat, strings.Join(strings.Fields(p), "")) {
			t.Errorf("the notice lacks %q:\n%s", p, v)
		}
	}
	if got := signInCount(t, st); got != 4 {
		t.Fatalf("%d sign-ins while the notice is shown, want the fixture's 4", got)
	}
	k.keys("enter") // not an answer: the notice stays and says which keys answer
	k.waitFor("请按 y 键同意，或按 esc 键返回", "签到须知")
	if got := signInCount(t, st); got != 4 {
		t.Fatalf("enter on the notice stored a sign-in (%d)", got)
	}
	// Another family's card scanned meanwhile (its y and n are part of the
	// code) neither answers this notice nor replaces it.
	k.keys("CKNYNYNYNY", "enter")
	k.waitFor("家庭卡已读到，请稍候", "为 李*宝 签到")
	if got := signInCount(t, st); got != 4 {
		t.Fatalf("a scan during the notice stored a sign-in (%d)", got)
	}
	k.keys("y")
	k.waitFor("已签到 5 组家庭", "李*宝")
	si := lastSignIn(t, st)
	if si.ChildName != "李小宝" || si.Method != model.MethodKiosk || si.ConsentVersion != model.ConsentVersion {
		t.Errorf("sign-in after agreeing: %+v", si)
	}
}

// TestKioskConsentDeclineStoresNothing: esc on the notice stores nothing,
// says so, and returns to the form with everything typed kept; agreeing
// later still works. A card scanned for a family that never agreed is asked
// too, and n declines it.
func TestKioskConsentDeclineStoresNothing(t *testing.T) {
	st, dir := copyStore(t, advancingClock(screenNow))
	env := newEnv(t, st)
	k := startKiosk(t, st, dir, 80, 24, screenNow)
	newFamilyToNotice(k)
	k.keys("esc")
	k.waitFor("没有签到，什么都没有保存", "登记新家庭", "李小宝", "13900001234")
	if got := signInCount(t, st); got != 4 {
		t.Fatalf("%d sign-ins after declining, want 4", got)
	}
	fams, err := st.FindFamilies(context.Background(), model.FamilyQuery{ChildName: "李小宝"})
	if err != nil || len(fams) != 0 {
		t.Fatalf("declining created a family: %v %+v", err, fams)
	}
	// She changes her mind: enter on the signature asks again.
	k.keys("enter")
	k.waitFor("签到须知", "为 李*宝 签到")
	k.keys("y")
	k.waitFor("已签到 5 组家庭", "李*宝")
	if si := lastSignIn(t, st); si.ConsentVersion != model.ConsentVersion {
		t.Errorf("consent version %q", si.ConsentVersion)
	}

	// The scanner path: the name, the notice, then n.
	fam := familyOf(t, st, env.child)
	signCard(k, fam.CardCode, fam.Caregivers[0].Name, false)
	k.waitFor("签到须知", "为 "+model.MaskName(env.child)+" 签到")
	k.keys("n")
	k.waitFor("没有签到，什么都没有保存", "谁签名")
	if got := signInCount(t, st); got != 5 {
		t.Fatalf("%d sign-ins after declining the card, want 5", got)
	}
}

// TestKioskConsentAgreedBeforeNotAsked: a family that agreed to the current
// notice at an earlier session signs in at once; a family whose earlier
// sign-ins carry no or an older version is asked.
func TestKioskConsentAgreedBeforeNotAsked(t *testing.T) {
	st, dir := copyStore(t, advancingClock(screenNow))
	env := newEnv(t, st)
	ctx := context.Background()
	fam := familyOf(t, st, env.child)
	mum := fam.Caregivers[0]
	if ok, err := st.Consented(ctx, model.SignInInput{FamilyID: fam.ID, Phone: mum.Phone, Relation: mum.Relation}); err != nil || ok {
		t.Fatalf("the fixture family already agreed (%v)", err)
	}
	// Last week, on her phone, the mother agreed to this notice.
	set, _ := st.Settings(ctx)
	past, err := st.CreateSession(ctx, model.NewSessionInput{Date: model.MustDate("2026-11-15"), StationID: set.StationID,
		Band: model.AgeBand{Min: 7, Max: 9}, Title: "上周的活动", Instructor: "陈晓燕"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.AdvanceSession(ctx, past.ID, model.StateOpen); err != nil {
		t.Fatal(err)
	}
	cg := fam.Caregivers[0]
	if _, err := st.SignIn(ctx, model.SignInInput{SessionID: past.ID, FamilyID: fam.ID, Children: []model.ChildInput{{ChildID: fam.Children[0].ID, AgeMonths: -1}},
		Caregiver: cg.Name, Phone: cg.Phone, Relation: cg.Relation, Method: model.MethodPhone, SignedName: cg.Name, ConsentVersion: model.ConsentVersion}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.UpdateSummary(ctx, past.ID, model.Summary{Handover: "无", Cooperation: "好", Incidents: "无", Other: "无"}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.CloseSession(ctx, past.ID); err != nil {
		t.Fatal(err)
	}

	k := startKiosk(t, st, dir, 80, 24, screenNow)
	toCheckin(k)
	k.keys("enter", env.last4, "enter")
	k.waitFor("> " + model.MaskName(env.child) + " ")
	k.keys("enter")
	k.waitFor("请输入您的姓名作为签名")
	k.keys(cg.Name, "enter")
	// No notice: the sign-in is stored straight away (a notice would wait
	// for y and this would time out).
	k.waitFor("已签到 5 组家庭", model.MaskName(env.child))
	si := lastSignIn(t, st)
	if si.FamilyID != fam.ID || si.ConsentVersion != model.ConsentVersion || si.Method != model.MethodKiosk {
		t.Errorf("sign-in of a family that agreed before: %+v", si)
	}

	// A returning family that signed in before without the current notice
	// (the fixture's kiosk sign-ins, the demo's older phone version) is asked.
	due, err := st.FamiliesDue(ctx, model.AgeBand{Min: 10, Max: 12}, model.MustDate("2026-11-22"), model.MustDate("2026-11-22"), 1)
	if err != nil || len(due) != 1 {
		t.Fatal(err, len(due))
	}
	if cg := due[0].Family.Caregivers[0]; func() bool {
		ok, _ := st.Consented(ctx, model.SignInInput{FamilyID: due[0].Family.ID, Phone: cg.Phone, Relation: cg.Relation})
		return ok
	}() {
		t.Fatal("the second family already agreed")
	}
	signCard(k, due[0].Family.CardCode, due[0].Family.Caregivers[0].Name, true) // 10-12 months: outside the band, ticked by hand
	k.waitFor("签到须知", "为 "+model.MaskName(due[0].Child.Name))
	k.keys("y")
	k.waitFor("已签到 6 组家庭")
}

// TestConsentScreens: the notice at 80x24 and 120x40, in Chinese and in
// English, fits the terminal with nothing cut, and matches the goldens.
func TestConsentScreens(t *testing.T) {
	for _, lang := range model.Langs {
		for _, sz := range sizes {
			t.Run(fmt.Sprintf("consent_%s_%dx%d", lang, sz[0], sz[1]), func(t *testing.T) {
				st, dir := copyStore(t, advancingClock(screenNow))
				ctx := context.Background()
				if lang == "en" {
					set, _ := st.Settings(ctx)
					set.Lang = "en"
					if err := st.SaveSettings(ctx, set); err != nil {
						t.Fatal(err)
					}
				}
				k := startKiosk(t, st, dir, sz[0], sz[1], screenNow)
				k.waitFor(fixtureSession)
				k.keys("enter")
				if lang == "en" {
					k.waitFor("4 families, 4 children signed in")
				} else {
					k.waitFor("已签到 4 组家庭")
				}
				k.keys("enter", "ctrl+n", "李小宝", "tab", "8", "tab", "王芳", "tab", "13900001234", "tab", "tab", "王芳", "enter")
				n := model.ConsentFor(lang, model.ContactOf(model.DefaultSettings(), "温溪片卫生院"))
				k.waitFor(n.Head, "李*宝")
				screen := k.view()
				checkFits(t, screen, sz[0], sz[1])
				// Nothing is cut: every word of the notice is on the screen.
				plain := ansi.Strip(screen)
				flat := strings.Join(strings.Fields(plain), " ")
				for _, p := range append(n.Lines(), n.Agree) {
					if !strings.Contains(flat, strings.Join(strings.Fields(p), " ")) && !strings.Contains(strings.ReplaceAll(flat, " ", ""), strings.ReplaceAll(p, " ", "")) {
						t.Errorf("cut or missing: %q", p)
					}
				}
				if strings.Contains(plain, "..") {
					t.Errorf("a line was truncated:\n%s", plain)
				}
				golden.RequireEqual(t, []byte(normalize(screen)))
			})
		}
	}
}

// TestWrapCJK: Chinese wraps between characters but never puts a closing
// mark first on a line; English wraps at spaces; no line is wider than asked.
func TestWrapCJK(t *testing.T) {
	cases := []struct {
		in   string
		w    int
		want []string
	}{
		{"用途：记录孩子", 6, []string{"用途：", "记录孩", "子"}},
		{"一二三，四五", 6, []string{"一二", "三，四", "五"}},
		{"How long: 3 years", 9, []string{"How long:", "3 years"}},
		{"abcdefghij", 4, []string{"abcd", "efgh", "ij"}},
		{"", 5, []string{""}},
	}
	for _, c := range cases {
		got := wrapCJK(c.in, c.w)
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("wrapCJK(%q, %d) = %q, want %q", c.in, c.w, got, c.want)
		}
	}
	set := model.DefaultSettings()
	set.StationPhone = "0578-6123456"
	zh, en := model.ConsentFor("zh", model.ContactOf(set, "温溪片卫生院")), model.ConsentFor("en", model.ContactOf(set, "Wenxi"))
	for _, p := range append(zh.Lines(), en.Lines()...) {
		for w := 8; w <= 80; w += 3 {
			for _, l := range wrapCJK(p, w) {
				if ansi.StringWidth(l) > w {
					t.Fatalf("line %q wider than %d", l, w)
				}
				if l != "" && strings.ContainsRune("，。、；：", []rune(l)[0]) {
					t.Fatalf("line starts with a closing mark: %q", l)
				}
			}
		}
	}
}

// TestConsentResize: the notice fits every size, and the two answers stay
// on screen even when the terminal is too small for the whole text.
func TestConsentResize(t *testing.T) {
	for _, lang := range model.Langs {
		st, dir := copyStore(t, advancingClock(screenNow))
		if lang == "en" {
			ctx := context.Background()
			set, _ := st.Settings(ctx)
			set.Lang = "en"
			if err := st.SaveSettings(ctx, set); err != nil {
				t.Fatal(err)
			}
		}
		k := startKiosk(t, st, dir, 80, 24, screenNow)
		k.waitFor(fixtureSession)
		fam := familyOf(t, st, newEnv(t, st).child)
		k.keys("enter")
		if lang == "en" {
			k.waitFor("4 families, 4 children signed in")
		} else {
			k.waitFor("已签到 4 组家庭")
		}
		signCard(k, fam.CardCode, fam.Caregivers[0].Name, false)
		k.waitFor(model.Consent(lang).Head)
		yes, no := "同意并签到", "不同意，返回"
		if lang == "en" {
			yes, no = "agree and sign in", "do not agree, go back"
		}
		for _, sz := range [][2]int{{40, 12}, {50, 16}, {60, 20}, {81, 25}, {100, 30}, {200, 60}, {80, 24}} {
			k.tm.Send(tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
			v := k.view()
			t.Run(fmt.Sprintf("%s_%dx%d", lang, sz[0], sz[1]), func(t *testing.T) {
				checkFits(t, v, sz[0], sz[1])
				plain := ansi.Strip(v)
				body := strings.Join(strings.Split(plain, "\n")[1:sz[1]-2], "\n") // without header, status, help
				if !strings.Contains(body, yes) || !strings.Contains(body, no) {
					t.Errorf("the answers are not on the notice:\n%s", plain)
				}
			})
		}
	}
}

// signCard scans a one-child family's card and signs with name; tick first
// ticks the child (one outside the session's band is not ticked).
func signCard(k *kiosk, code, name string, tick bool) {
	k.t.Helper()
	k.keys(code, "enter")
	k.waitFor(model.MaskName(name)) // the screen faces families
	if tick {
		k.keys("shift+tab", "shift+tab", "shift+tab", "shift+tab", "space", "tab", "tab", "tab", "tab")
	}
	k.keys(name, "enter")
}
