package tui

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"carekiosk/model"
	"carekiosk/store"
)

// keyEnv is what the key tests build their screens on: a copy of the
// fixture, today's session, a closed one, and a family not signed in yet.
type keyEnv struct {
	t       *testing.T
	st      *store.Store
	dir     string
	today   string
	closed  string
	planned string
	last4   string
	child   string
}

func newKeyEnv(t *testing.T) *keyEnv {
	t.Helper()
	st, dir := copyStore(t, advancingClock(screenNow))
	ctx := context.Background()
	e := &keyEnv{t: t, st: st, dir: dir}
	open, err := st.Sessions(ctx, model.SessionFilter{States: []model.SessionState{model.StateOpen}, Limit: 1})
	if err != nil || len(open) == 0 {
		t.Fatalf("no open session in the fixture: %v", err)
	}
	e.today = open[0].ID
	closed, err := st.Sessions(ctx, model.SessionFilter{States: []model.SessionState{model.StateClosed}, Newest: true, Limit: 1})
	if err != nil || len(closed) == 0 {
		t.Fatalf("no closed session in the fixture: %v", err)
	}
	e.closed = closed[0].ID
	set, err := st.Settings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	p, err := st.CreateSession(ctx, model.NewSessionInput{Date: model.MustDate("2026-11-25"), StationID: set.StationID, Band: model.AgeBand{Min: 10, Max: 12},
		Title: "认识颜色", Instructor: "陈晓燕", Areas: []model.ContentArea{model.AreaNutrition}})
	if err != nil {
		t.Fatal(err)
	}
	e.planned = p.ID
	env := newEnv(t, st)
	e.last4, e.child = env.last4, env.child
	e.possibleDuplicate(ctx, set)
	return e
}

// possibleDuplicate signs in, to a session of its own, a new family with
// the phone of a family already signed in today: the store marks it 可能重复,
// so the families screen has its duplicates panel.
func (e *keyEnv) possibleDuplicate(ctx context.Context, set model.Settings) {
	si, err := e.st.SignIns(ctx, e.today)
	if err != nil || len(si) == 0 {
		e.t.Fatalf("no sign-ins today: %v", err)
	}
	s, err := e.st.CreateSession(ctx, model.NewSessionInput{Date: model.MustDate("2026-11-22"), StationID: set.StationID, Band: model.AgeBand{Min: 25, Max: 30},
		Title: "一起读绘本", Instructor: "陈晓燕", Areas: []model.ContentArea{model.AreaNutrition}})
	if err != nil {
		e.t.Fatal(err)
	}
	if _, err := e.st.AdvanceSession(ctx, s.ID, model.StateOpen); err != nil {
		e.t.Fatal(err)
	}
	if _, err := e.st.SignIn(ctx, model.SignInInput{SessionID: s.ID, Children: []model.ChildInput{{Name: "周可欣", AgeMonths: 27}}, Caregiver: "周红",
		Phone: si[0].Phone, Relation: model.RelGrandmaP, Method: model.MethodKiosk, SignedName: "周红", ConsentVersion: model.ConsentVersion}); err != nil {
		e.t.Fatal(err)
	}
}

// common is a fresh Common on the environment's store, as the root makes it.
func (e *keyEnv) common() *Common {
	set, err := e.st.Settings(context.Background())
	if err != nil {
		e.t.Fatal(err)
	}
	c := &Common{Ctx: context.Background(), Width: 80, Height: 24, Styles: DefaultStyles(), Store: e.st, Clock: fixedClock(screenNow),
		Settings: set, URL: fixedURL{}, DataDir: e.dir, Exporter: testExporter{st: e.st, targets: []string{"/media/usb/KIOSK"}}}
	c.setLang(set.Lang)
	return c
}

// tickCode is the code of every tea.Tick command: the key tests do not wait
// for timers.
var tickCode = reflect.ValueOf(tea.Tick(time.Hour, func(time.Time) tea.Msg { return nil })).Pointer()

// settle runs cmd and hands what it returns to s until nothing is left,
// the way the program would; messages for the root (navigation, the status
// line, the PIN) are returned instead.
func settle(s screen, cmd tea.Cmd) []tea.Msg {
	var out []tea.Msg
	queue := []tea.Cmd{cmd}
	for n := 0; len(queue) > 0 && n < 500; n++ {
		c := queue[0]
		queue = queue[1:]
		if c == nil || reflect.ValueOf(c).Pointer() == tickCode {
			continue
		}
		switch msg := c().(type) {
		case nil:
		case tea.BatchMsg:
			queue = append(queue, msg...)
		case gotoMsg, flashMsg, askPINMsg, quitMsg, settingsMsg:
			out = append(out, msg)
		case errMsg:
			out = append(out, msg)
			queue = append(queue, s.Update(msg))
		default:
			queue = append(queue, s.Update(msg))
		}
	}
	return out
}

// keyMsg turns a key's name ("enter", "ctrl+n", "x") into a key press.
func keyMsg(name string) tea.KeyPressMsg {
	if m, ok := namedKey(name); ok {
		return m
	}
	special := map[string]rune{"home": tea.KeyHome, "end": tea.KeyEnd, "pgup": tea.KeyPgUp, "pgdown": tea.KeyPgDown,
		"backspace": tea.KeyBackspace, "delete": tea.KeyDelete, "insert": tea.KeyInsert}
	if r, ok := special[name]; ok {
		return tea.KeyPressMsg{Code: r}
	}
	if n, ok := strings.CutPrefix(name, "ctrl+"); ok && len(n) == 1 {
		return tea.KeyPressMsg{Code: rune(n[0]), Mod: tea.ModCtrl}
	}
	if n, ok := strings.CutPrefix(name, "f"); ok && len(n) > 0 {
		var i int
		if _, err := fmt.Sscan(n, &i); err == nil {
			return tea.KeyPressMsg{Code: tea.KeyF1 + rune(i-1)}
		}
	}
	r := []rune(name)
	if len(r) != 1 {
		panic("no key named " + name)
	}
	return tea.KeyPressMsg{Code: r[0], Text: name}
}

// press sends keys (names, or text typed rune by rune) and settles each.
func press(s screen, keys ...string) {
	for _, k := range keys {
		if _, ok := namedKey(k); ok || len([]rune(k)) == 1 {
			settle(s, s.Update(keyMsg(k)))
			continue
		}
		for _, r := range k {
			settle(s, s.Update(keyMsg(string(r))))
		}
	}
}

// allKeys is every key a person or a scanner may press, less those the root
// takes before any screen (ctrl+c, F1; ? outside text fields).
func allKeys() []string {
	var out []string
	for r := rune(0x21); r < 0x7f; r++ {
		if r != '?' {
			out = append(out, string(r))
		}
	}
	out = append(out, "space", "enter", "esc", "tab", "shift+tab", "up", "down", "left", "right",
		"home", "end", "pgup", "pgdown", "backspace", "delete", "insert")
	for i := 2; i <= 12; i++ {
		out = append(out, fmt.Sprintf("f%d", i))
	}
	for r := 'a'; r <= 'z'; r++ {
		if r != 'c' {
			out = append(out, "ctrl+"+string(r))
		}
	}
	return out
}

// modeHelp is the help the ? screen shows for the screen as it is.
func modeHelp(s screen) []key.Binding {
	if f, ok := s.(fullHelper); ok {
		return f.FullHelp()
	}
	return s.ShortHelp()
}

// rootKeys are handled by the root before any screen: quit, help.
var rootKeys = []string{"ctrl+c", "f1", "?"}

// helpKeys lists the keys of the enabled bindings, less the root's.
func helpKeys(bs []key.Binding) []string {
	var out []string
	for _, b := range bs {
		if b.Enabled() {
			for _, k := range b.Keys() {
				if !slices.Contains(rootKeys, k) {
					out = append(out, k)
				}
			}
		}
	}
	return out
}

// keyState is one screen in one mode, built afresh for every key tried.
type keyState struct {
	name  string
	build func(e *keyEnv, c *Common) screen
	// answersAnyKey: a question where any key other than its answer keeps
	// things as they were and says so (withdraw, delete).
	answersAnyKey bool
	// nudges: any other key points at the answer keys (the consent notice).
	nudges bool
	// height of the terminal, when not 24: a page is tried where it needs
	// scrolling.
	height int
}

// opened is a screen after its Init has settled.
func opened(s screen) screen {
	settle(s, s.Init())
	return s
}

// keyStates are every screen in every mode with keys of its own.
func keyStates() []keyState {
	states := []keyState{
		{name: "home", build: func(e *keyEnv, c *Common) screen { return opened(newHome(c)) }},
		{name: "home/deleting", answersAnyKey: true, build: func(e *keyEnv, c *Common) screen {
			h := opened(newHome(c)).(*home)
			for i, it := range h.items() {
				if it.ID == e.planned {
					h.sel = i
				}
			}
			out := settle(h, h.Update(keyMsg("d")))
			if h.deleting == "" {
				e.t.Fatalf("d did not ask to delete the planned session: %v %d", out, h.sel)
			}
			return h
		}},
		{name: "checkin/list", build: func(e *keyEnv, c *Common) screen { return opened(newCheckin(c, e.today)) }},
		{name: "checkin/search", build: func(e *keyEnv, c *Common) screen {
			s := opened(newCheckin(c, e.today))
			press(s, "enter")
			return s
		}},
		{name: "checkin/search-found", build: func(e *keyEnv, c *Common) screen {
			s := opened(newCheckin(c, e.today))
			press(s, "enter", e.last4, "enter")
			return s
		}},
		{name: "checkin/unlocked", build: func(e *keyEnv, c *Common) screen {
			s := opened(newCheckin(c, e.today))
			settle(s, s.Update(unlockedMsg{}))
			return s
		}},
		{name: "checkin/withdrawing", answersAnyKey: true, build: func(e *keyEnv, c *Common) screen {
			s := opened(newCheckin(c, e.today))
			settle(s, s.Update(unlockedMsg{}))
			press(s, "x")
			return s
		}},
		{name: "checkin/consent", nudges: true, build: func(e *keyEnv, c *Common) screen {
			s := opened(newCheckin(c, e.today))
			settle(s, s.Update(consentNeededMsg{in: model.SignInInput{SessionID: e.today}, who: e.child}))
			return s
		}},
		{name: "running", build: func(e *keyEnv, c *Common) screen { return opened(newRunning(c, e.today)) }},
		{name: "running/notes", build: func(e *keyEnv, c *Common) screen {
			s := opened(newRunning(c, e.today))
			press(s, "e")
			return s
		}},
		{name: "summary/review", build: func(e *keyEnv, c *Common) screen {
			s := opened(newSummary(c, e.today, false)).(*summary)
			saved := *s.s
			saved.Summary.Handover = "按时交接"
			settle(s, s.Update(summarySavedMsg{s: &saved}))
			return s
		}},
		{name: "summary/confirm", build: func(e *keyEnv, c *Common) screen {
			s := opened(newSummary(c, e.today, false)).(*summary)
			saved := *s.s
			saved.Summary.Handover = "按时交接"
			settle(s, s.Update(summarySavedMsg{s: &saved}))
			press(s, "c")
			return s
		}},
		{name: "summary/closed", build: func(e *keyEnv, c *Common) screen { return opened(newSummary(c, e.closed, false)) }},
		{name: "history", build: func(e *keyEnv, c *Common) screen { return opened(newHistory(c, "")) }},
		{name: "history/closed-record", height: 10, build: func(e *keyEnv, c *Common) screen {
			h := opened(newHistory(c, "")).(*history)
			for i, s := range h.sessions {
				if s.ID == e.closed {
					h.sel = i
				}
			}
			press(h, "enter")
			return h
		}},
		{name: "history/open-record", height: 10, build: func(e *keyEnv, c *Common) screen {
			h := opened(newHistory(c, "")).(*history)
			for i, s := range h.sessions {
				if s.ID == e.today {
					h.sel = i
				}
			}
			press(h, "enter")
			return h
		}},
		{name: "families", build: func(e *keyEnv, c *Common) screen { return opened(newFamilies(c)) }},
		{name: "station_key", build: func(e *keyEnv, c *Common) screen { return opened(newStationKey(c, c.Exporter.(StationKeyGiver))) }},
		{name: "families/duplicates", build: func(e *keyEnv, c *Common) screen {
			s := opened(newFamilies(c)).(*families)
			press(s, "tab")
			if !s.dups.focused {
				e.t.Fatal("tab did not reach the possible duplicates")
			}
			return s
		}},
		{name: "families/deciding", build: func(e *keyEnv, c *Common) screen {
			s := opened(newFamilies(c))
			press(s, "tab", "m")
			return s
		}},
		{name: "families/found", build: func(e *keyEnv, c *Common) screen {
			s := opened(newFamilies(c))
			press(s, e.child, "enter")
			return s
		}},
		{name: "families/detail", height: 8, build: func(e *keyEnv, c *Common) screen {
			s := opened(newFamilies(c))
			press(s, e.child, "enter", "enter")
			return s
		}},
		{name: "families/erasing", build: func(e *keyEnv, c *Common) screen {
			s := opened(newFamilies(c))
			press(s, e.child, "enter", "enter")
			settle(s, s.Update(eraseAskMsg{}))
			return s
		}},
	}
	// Forms: one state per input of the form, so the focused input's own
	// keys are tried.
	forms := []struct {
		name  string
		n     int
		build func(e *keyEnv, c *Common) screen
	}{
		{"new_session", 9, func(e *keyEnv, c *Common) screen { return opened(newNewSession(c)) }},
		{"edit_session", 9, func(e *keyEnv, c *Common) screen { return opened(newEditSession(c, e.planned)) }},
		{"checkin/pick", 5, func(e *keyEnv, c *Common) screen {
			s := opened(newCheckin(c, e.today))
			press(s, "enter", e.last4, "enter", "enter")
			return s
		}},
		{"checkin/new_family", 8, func(e *keyEnv, c *Common) screen {
			s := opened(newCheckin(c, e.today))
			press(s, "ctrl+n")
			return s
		}},
		{"summary/edit", 4, func(e *keyEnv, c *Common) screen { return opened(newSummary(c, e.today, false)) }},
		{"summary/correct", 4, func(e *keyEnv, c *Common) screen {
			s := opened(newSummary(c, e.closed, false))
			press(s, "x")
			return s
		}},
		{"settings", 13, func(e *keyEnv, c *Common) screen { return opened(newSettings(c)) }},
		{"export", 3, func(e *keyEnv, c *Common) screen { return opened(newExport(c, c.Exporter)) }},
		{"pin_setup", 2, func(e *keyEnv, c *Common) screen { return opened(newPINSetup(c)) }},
		{"clock", 2, func(e *keyEnv, c *Common) screen { return opened(newClockScreen(c)) }},
	}
	for _, f := range forms {
		for i := range f.n {
			build := f.build
			states = append(states, keyState{name: fmt.Sprintf("%s/input%d", f.name, i), build: func(e *keyEnv, c *Common) screen {
				s := build(e, c)
				for range i {
					press(s, "tab")
				}
				return s
			}})
		}
	}
	return states
}

// effect reports whether k does something on s: a command, or a change on
// the screen.
func effect(s screen, k string) bool {
	before := s.View()
	cmd := s.Update(keyMsg(k))
	return cmd != nil || s.View() != before
}

// TestEveryKeyInHelp drives every screen in every mode with every key:
// each key of the mode's help (what ? shows) must do something there — on
// the screen as it opens, or after one of the arrow or tab keys has moved
// the selection — and every other key must do nothing: no command, and
// outside text fields no change on the screen either. A key handled but
// left out of the help, or a help entry nobody handles, fails it.
func TestEveryKeyInHelp(t *testing.T) {
	e := newKeyEnv(t)
	for _, st := range keyStates() {
		t.Run(st.name, func(t *testing.T) {
			e.t = t
			common := func() *Common {
				c := e.common()
				if st.height > 0 {
					c.Height = st.height
				}
				return c
			}
			s := st.build(e, common())
			help := helpKeys(modeHelp(s))
			if len(help) == 0 {
				t.Fatalf("the help lists no keys:\n%s", s.View())
			}
			for _, k := range slices.Compact(slices.Sorted(slices.Values(help))) {
				if effect(st.build(e, common()), k) {
					continue
				}
				moved := false
				for _, nav := range []string{"down", "right", "tab", "up", "left"} {
					if nav == k {
						continue
					}
					s := st.build(e, common())
					s.Update(keyMsg(nav))
					if effect(s, k) {
						moved = true
						break
					}
				}
				if !moved {
					t.Errorf("the help lists %q, but it does nothing here:\n%s", k, s.View())
				}
			}
			for _, k := range allKeys() {
				help := helpKeys(modeHelp(s)) // what is typed may change it
				if slices.Contains(help, k) || k == "?" {
					continue
				}
				if st.answersAnyKey {
					// Any other key keeps things as they were, and says so.
					s := st.build(e, common())
					cmd := s.Update(keyMsg(k))
					if cmd == nil {
						t.Errorf("%q does not answer the question", k)
					} else if _, ok := cmd().(flashMsg); !ok {
						t.Errorf("%q answers the question with more than a word", k)
					}
					continue
				}
				title, editing, before := s.Title(), s.Editing(), s.View()
				cmd := s.Update(keyMsg(k))
				switch {
				case st.nudges && cmd == nil:
					// any other key points at the answers
				case cmd != nil:
					t.Errorf("%q is not in the help but gives a command", k)
				case s.Title() != title:
					t.Errorf("%q is not in the help but changes the screen to %q", k, s.Title())
				case !editing && s.View() != before:
					t.Errorf("%q is not in the help but changes the screen:\n%s", k, s.View())
				}
			}
		})
	}
}

// TestRootKeysInHelp does for the root's own two modes what
// TestEveryKeyInHelp does for the screens: the PIN prompt (enter, esc; the
// rest is typed, and gives no command) and the help page (esc, ? and F1
// close it; any other key does nothing, and never reaches the screen
// hidden under it).
func TestRootKeysInHelp(t *testing.T) {
	e := newKeyEnv(t)
	build := func(t *testing.T, pin bool) *Model {
		m := New(Options{Store: e.st, Clock: fixedClock(screenNow), URL: fixedURL{}, DataDir: e.dir})
		t.Cleanup(m.cancel)
		m.Update(startupCmd(m.c)())
		m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
		if pin {
			m.pin = newPINPrompt(m.c, "PIN", func() tea.Msg { return unlockedMsg{} })
		} else {
			m.showHelp = true
		}
		return m
	}
	for _, pin := range []bool{true, false} {
		t.Run(map[bool]string{true: "pin", false: "help"}[pin], func(t *testing.T) {
			m := build(t, pin)
			help := helpKeys(m.shortHelp())
			if !pin {
				help = append(help, "?", "f1") // they close the help as they open it
			}
			for _, k := range help {
				m := build(t, pin)
				before := m.View().Content
				_, cmd := m.Update(keyMsg(k))
				if cmd == nil && m.View().Content == before {
					t.Errorf("the help lists %q, but it does nothing here", k)
				}
			}
			keys := allKeys()
			if pin {
				keys = append(keys, "ctrl+c") // elsewhere it asks to quit, as the ? page says
			}
			for _, k := range keys {
				if slices.Contains(help, k) {
					continue
				}
				before := m.View().Content
				_, cmd := m.Update(keyMsg(k))
				switch {
				case cmd != nil:
					t.Errorf("%q is not in the help but gives a command", k)
				case pin && m.pin == nil, !pin && !m.showHelp:
					t.Errorf("%q is not in the help but closes it", k)
				case !pin && m.View().Content != before:
					t.Errorf("%q is not in the help but changes the page", k)
				}
			}
		})
	}
}
