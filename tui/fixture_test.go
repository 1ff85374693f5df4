package tui

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"carekiosk/demo"
	"carekiosk/model"
	"carekiosk/store"
)

// testNow is the store's clock at the start of the fixture: 09:30 in
// Asia/Shanghai on the session day.
var testNow = time.Date(2026, 11, 22, 1, 30, 0, 0, time.UTC)

// screenNow is the fixed time the screens see, half an hour later.
var screenNow = testNow.Add(30 * time.Minute)

// templateDir holds the demo database every test copies.
var templateDir string

// fixtureSession is the title of today's session in the fixture.
const fixtureSession = "辅食添加与咀嚼"

func advancingClock(t time.Time) model.Clock {
	return model.Clock{Now: func() time.Time { t = t.Add(time.Millisecond); return t }}
}

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "tui-fixture-")
	if err != nil {
		panic(err)
	}
	if err := buildFixture(dir); err != nil {
		os.RemoveAll(dir)
		panic(err)
	}
	templateDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// buildFixture fills dir with the demo year and today's session: open, four
// children signed in (one outside the band, one by phone), notes on the
// first segment.
func buildFixture(dir string) error {
	ctx := context.Background()
	clock := advancingClock(testNow)
	st, err := store.Open(dir, store.Options{Clock: clock})
	if err != nil {
		return err
	}
	defer st.Close()
	if _, err := demo.Fill(ctx, st, demo.Options{Today: model.MustDate("2026-11-21"), Seed: 11, Clock: clock}); err != nil {
		return err
	}
	set, err := st.Settings(ctx)
	if err != nil {
		return err
	}
	today := model.MustDate("2026-11-22")
	s, err := st.CreateSession(ctx, model.NewSessionInput{Date: today, StationID: set.StationID, Band: model.AgeBand{Min: 7, Max: 9},
		Title: fixtureSession, Instructor: "陈晓燕", Areas: []model.ContentArea{model.AreaNutrition},
		Planned: [4]string{"", "7-9月龄辅食的性状与添加顺序", "家长分享孩子吃饭的小故事", "小手抓一抓：手指食物游戏"}})
	if err != nil {
		return err
	}
	if _, err := st.AdvanceSession(ctx, s.ID, model.StateOpen); err != nil {
		return err
	}
	due, err := st.FamiliesDue(ctx, model.AgeBand{Min: 7, Max: 9}, today, today, 3)
	if err != nil {
		return err
	}
	older, err := st.FamiliesDue(ctx, model.AgeBand{Min: 13, Max: 18}, today, today, 1)
	if err != nil {
		return err
	}
	for i, d := range append(due, older...) {
		cg := d.Family.Caregivers[0]
		// Kiosk sign-ins under the earlier notice: these families are
		// asked for today's.
		method, consent := model.MethodKiosk, "2026-11-v1"
		if i == 1 {
			method, consent = model.MethodPhone, model.ConsentVersion
		}
		if _, err := st.SignIn(ctx, model.SignInInput{SessionID: s.ID, FamilyID: d.Family.ID, Children: []model.ChildInput{{ChildID: d.Child.ID, AgeMonths: -1}},
			Caregiver: cg.Name, Phone: cg.Phone, Relation: cg.Relation, Method: method, SignedName: cg.Name, ConsentVersion: consent}); err != nil {
			return err
		}
	}
	notes := "每位家长介绍了孩子的名字和月龄"
	ten := 10
	for _, u := range []struct {
		k model.SegmentKind
		u model.SegmentUpdate
	}{{model.SegIntroductions, model.SegmentUpdate{PlannedMinutes: &ten, Notes: &notes}}} {
		if _, err := st.UpdateSegment(ctx, s.ID, u.k, u.u); err != nil {
			return err
		}
	}
	return nil
}

// copyStore opens a private copy of the fixture database.
func copyStore(t testing.TB, clock model.Clock) (*store.Store, string) {
	t.Helper()
	dir := t.TempDir()
	ents, err := os.ReadDir(templateDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if e.IsDir() {
			continue
		}
		src, err := os.Open(filepath.Join(templateDir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		dst, err := os.Create(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(dst, src); err != nil {
			t.Fatal(err)
		}
		src.Close()
		dst.Close()
	}
	st, err := store.Open(dir, store.Options{Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st, dir
}

// fixedURL is the check-in address in tests, so the QR code never changes.
type fixedURL struct{}

func (fixedURL) URL(string) string { return "http://192.168.1.20:8080/c/TEST" }

// probe asks the wrapped model for its current view.
type probe struct{ ch chan string }

// probed wraps the root so a test can read the view between messages
// without racing the program's goroutine.
type probed struct{ m *Model }

func (p probed) Init() tea.Cmd { return p.m.Init() }

func (p probed) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if pr, ok := msg.(probe); ok {
		pr.ch <- p.m.View().Content
		return p, nil
	}
	_, cmd := p.m.Update(msg)
	return p, cmd
}

func (p probed) View() tea.View { return p.m.View() }

// kiosk runs the kiosk on a store under teatest.
type kiosk struct {
	t  *testing.T
	tm *teatest.TestModel
	w  int
	h  int
}

func startKiosk(t *testing.T, st Store, dir string, w, h int, now time.Time) *kiosk {
	t.Helper()
	return startModel(t, New(Options{Store: st, Clock: fixedClock(now), URL: fixedURL{}, DataDir: dir}), w, h)
}

// fixedClock always reads now.
func fixedClock(now time.Time) model.Clock { return model.Clock{Now: func() time.Time { return now }} }

// replaceAll replaces every old with new.
func replaceAll(s, old, new string) string { return strings.ReplaceAll(s, old, new) }

// startModel runs a kiosk model under teatest.
func startModel(t *testing.T, m *Model, w, h int) *kiosk {
	t.Helper()
	tm := teatest.NewTestModel(t, probed{m: m}, teatest.WithInitialTermSize(w, h), teatest.WithProgramOptions(tea.WithFilter(Filter)))
	k := &kiosk{t: t, tm: tm, w: w, h: h}
	t.Cleanup(func() { tm.Quit() })
	return k
}

// view returns the current screen without colours.
func (k *kiosk) view() string {
	ch := make(chan string, 1)
	k.tm.Send(probe{ch: ch})
	select {
	case v := <-ch:
		return v
	case <-time.After(10 * time.Second):
		k.t.Fatal("the program did not answer")
		return ""
	}
}

// waitFor waits until the plain screen contains every text.
func (k *kiosk) waitFor(texts ...string) string {
	k.t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		v := ansi.Strip(k.view())
		ok := true
		for _, s := range texts {
			if !strings.Contains(v, s) {
				ok = false
			}
		}
		if ok {
			return v
		}
		if time.Now().After(deadline) {
			k.t.Fatalf("screen never showed %q; it shows:\n%s", texts, v)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// waitGone waits until the plain screen no longer contains text.
func (k *kiosk) waitGone(text string) {
	k.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		v := ansi.Strip(k.view())
		if !strings.Contains(v, text) {
			return
		}
		if time.Now().After(deadline) {
			k.t.Fatalf("screen still shows %q:\n%s", text, v)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// keys sends named keys ("enter", "esc", "tab", "ctrl+n", ...) or text.
func (k *kiosk) keys(keys ...string) {
	for _, s := range keys {
		if msg, ok := namedKey(s); ok {
			k.tm.Send(msg)
			continue
		}
		k.tm.Type(s)
	}
}

func namedKey(s string) (tea.KeyPressMsg, bool) {
	switch s {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}, true
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}, true
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}, true
	case "shift+tab":
		return tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}, true
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}, true
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}, true
	case "left":
		return tea.KeyPressMsg{Code: tea.KeyLeft}, true
	case "right":
		return tea.KeyPressMsg{Code: tea.KeyRight}, true
	case "space":
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}, true
	case "ctrl+c":
		return tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}, true
	case "ctrl+n":
		return tea.KeyPressMsg{Code: 'n', Mod: tea.ModCtrl}, true
	case "f1":
		return tea.KeyPressMsg{Code: tea.KeyF1}, true
	case "ctrl+a":
		return tea.KeyPressMsg{Code: 'a', Mod: tea.ModCtrl}, true
	case "ctrl+u":
		return tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl}, true
	case "ctrl+s":
		return tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl}, true
	}
	return tea.KeyPressMsg{}, false
}

var cardCodeRe = regexp.MustCompile(`CK[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}`)

// normalize removes colours and the random card codes from a screen.
func normalize(s string) string {
	return cardCodeRe.ReplaceAllString(ansi.Strip(s), "CKXXXXXXXX")
}

// checkFits fails when a line is wider than the terminal or the screen has
// the wrong number of lines.
func checkFits(t *testing.T, screen string, w, h int) {
	t.Helper()
	lines := strings.Split(screen, "\n")
	if len(lines) != h {
		t.Errorf("%d lines, want %d", len(lines), h)
	}
	for i, l := range lines {
		if n := ansi.StringWidth(l); n > w {
			t.Errorf("line %d is %d cells wide, terminal %d: %q", i, n, w, ansi.Strip(l))
		}
	}
}
