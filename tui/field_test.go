package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"carekiosk/pinyin"
)

// pressField sends keys to a field: named keys, else each character as typed.
func pressField(f *field, keys ...string) {
	for _, k := range keys {
		if msg, ok := fieldKey(k); ok {
			f.update(msg)
			continue
		}
		for _, r := range k {
			f.update(tea.KeyPressMsg{Code: r, Text: string(r)})
		}
	}
}

func fieldKey(s string) (tea.KeyPressMsg, bool) {
	switch s {
	case "ctrl+left":
		return tea.KeyPressMsg{Code: tea.KeyLeft, Mod: tea.ModCtrl}, true
	case "ctrl+right":
		return tea.KeyPressMsg{Code: tea.KeyRight, Mod: tea.ModCtrl}, true
	case "home":
		return tea.KeyPressMsg{Code: tea.KeyHome}, true
	case "end":
		return tea.KeyPressMsg{Code: tea.KeyEnd}, true
	case "backspace":
		return tea.KeyPressMsg{Code: tea.KeyBackspace}, true
	case "delete":
		return tea.KeyPressMsg{Code: tea.KeyDelete}, true
	case "ctrl+space":
		return tea.KeyPressMsg{Code: tea.KeySpace, Mod: tea.ModCtrl}, true
	}
	return namedKey(s)
}

func TestFieldEditsAtTheCursor(t *testing.T) {
	f := newField("姓名", "", 20)
	pressField(f, "王明", "left", "小")
	if f.Value() != "王小明" {
		t.Fatalf("insert in the middle: %q", f.Value())
	}
	pressField(f, "home", "delete", "李", "end", "backspace", "敏")
	if f.Value() != "李小敏" {
		t.Fatalf("home, delete, end, backspace: %q", f.Value())
	}
	f.Set("今天 活动 顺利, ok")
	pressField(f, "ctrl+left", "ctrl+left")
	if f.cur != len([]rune("今天 活动 顺利")) {
		t.Errorf("two words left from the end: cursor at %d", f.cur)
	}
	pressField(f, "ctrl+left", "ctrl+left", "ctrl+right")
	if got := string(f.value[:f.cur]); got != "今天 活动 " {
		t.Errorf("by word: cursor after %q", got)
	}
	f.Set("王小明")
	pressField(f, "home", "backspace", "right", "right", "right", "right")
	if f.Value() != "王小明" || f.cur != 3 {
		t.Errorf("backspace at the start and right past the end: %q at %d", f.Value(), f.cur)
	}
	f.dropBeforeCursor(2)
	if f.Value() != "王" {
		t.Errorf("drop before the cursor: %q", f.Value())
	}
}

func TestFieldShowsTheCursorWhereItIs(t *testing.T) {
	st := DefaultStyles()
	f := newField("姓名", "", 20)
	f.Set("王小明")
	if v := ansi.Strip(f.view(st, true, 6, 40)); !strings.Contains(v, "王小明_") {
		t.Errorf("cursor at the end: %q", v)
	}
	pressField(f, "left")
	v := f.view(st, true, 6, 40)
	if ansi.Strip(v) != "姓名  > 王小明" || !strings.Contains(v, st.Selected.Render("明")) {
		t.Errorf("cursor on 明: %q", v)
	}
	// A long value scrolls to keep the cursor on screen.
	f.Set(strings.Repeat("一二三四五", 10))
	pressField(f, "home")
	if v := ansi.Strip(f.view(st, true, 6, 30)); !strings.HasPrefix(v, "姓名  > 一二三") || ansi.StringWidth(v) > 30 {
		t.Errorf("start of a long value: %q", v)
	}
}

func TestMultilineFieldWrapsChineseInColumns(t *testing.T) {
	st := DefaultStyles()
	f := newField("衔接情况", "", 500).multiline(4)
	text := "本次活动衔接上次的辅食添加内容，家长反馈孩子吃饭情况有改善。ab 中文"
	pressField(f, text)
	if f.Value() != text {
		t.Fatalf("typed %q", f.Value())
	}
	v := ansi.Strip(f.view(st, true, 8, 40))
	rows := strings.Split(v, "\n")
	if len(rows) != 3 { // 30 cells a row: 15 characters
		t.Fatalf("%d rows, want 3:\n%s", len(rows), v)
	}
	for i, r := range rows {
		if ansi.StringWidth(r) > 40 {
			t.Errorf("row %d is %d cells wide: %q", i, ansi.StringWidth(r), r)
		}
		if i > 0 && !strings.HasPrefix(r, strings.Repeat(" ", 10)) {
			t.Errorf("row %d does not start under the value: %q", i, r)
		}
		if i > 0 && strings.HasPrefix(r, strings.Repeat(" ", 11)) {
			t.Errorf("row %d starts a cell late: %q", i, r)
		}
	}
	// ctrl+left stops at the start of the last run of Han characters.
	pressField(f, "ctrl+left", "ctrl+left", "X")
	if !strings.Contains(f.Value(), "。Xab 中文") {
		t.Errorf("by word in a multi-line field: %q", f.Value())
	}
	// Unfocused: its first row, cut.
	if v := ansi.Strip(f.view(st, false, 8, 40)); strings.Contains(v, "\n") || ansi.StringWidth(v) > 40 {
		t.Errorf("unfocused: %q", v)
	}
}

func TestChineseFieldComposesAndToggles(t *testing.T) {
	im := newIME()
	f := newField("孩子姓名", "", 20).chinese(im, pinyin.ModeName)
	pressField(f, "wangxiaoming")
	if !f.composing() || im.composingField() != f || f.Value() != "" {
		t.Fatalf("composing %v, active %v, value %q", f.composing(), im.composingField() == f, f.Value())
	}
	v := ansi.Strip(f.view(DefaultStyles(), true, 10, 80))
	if !strings.Contains(v, "[中]") || !strings.Contains(v, "wangxiaoming 1.王小明") {
		t.Errorf("field while composing:\n%s", v)
	}
	pressField(f, "space")
	if f.Value() != "王小明" || f.composing() || im.composingField() != nil {
		t.Fatalf("space picks: %q composing %v", f.Value(), f.composing())
	}
	pressField(f, "home", "ceshi", "enter")
	if f.Value() != "ceshi王小明" {
		t.Errorf("enter puts the letters in at the cursor: %q", f.Value())
	}
	pressField(f, "ctrl+u", "ctrl+space", "Li Lei")
	if f.Value() != "Li Lei" || f.composing() || !strings.Contains(f.view(DefaultStyles(), true, 10, 80), "[英]") {
		t.Errorf("英 mode: %q", f.Value())
	}
	pressField(f, "ctrl+space", "ctrl+u", "haizi", "esc")
	if f.Value() != "" || f.composing() {
		t.Errorf("esc drops the letters: %q", f.Value())
	}
	pressField(f, "wang", "space", "xiaoming", "space")
	if f.Value() != "王小明" {
		t.Errorf("surname then given name: %q", f.Value())
	}
	pressField(f, "ctrl+u", "ni", "H")
	if f.Value() != "niH" || f.composing() {
		t.Errorf("a capital keeps the letters: %q composing %v", f.Value(), f.composing())
	}
}

func TestChinesePunctuationAfterHan(t *testing.T) {
	f := newField("记录", "", 100).chinese(newIME(), pinyin.ModeText)
	pressField(f, "haizi", ",", "3.5", "ctrl+space", "ok.")
	if f.Value() != "孩子，3.5ok." {
		t.Errorf("punctuation: %q", f.Value())
	}
}

// TestFamilyScreensOfferNoStationNames: a field on a screen families use is
// never offered the names the station knows, nor what a family typed before.
func TestFamilyScreensOfferNoStationNames(t *testing.T) {
	im := newIME()
	im.station.LearnNames("王梓涵")
	staff := newField("姓名", "", 20).chinese(im, pinyin.ModeName)
	pressField(staff, "wzh")
	if first := staff.comp.Page()[0].Text; first != "王梓涵" {
		t.Fatalf("an instructor's field offers %q first for wzh", first)
	}
	fam := newField("孩子姓名", "", 20).chineseForFamilies(im, pinyin.ModeName)
	pressField(fam, "wzh")
	for _, c := range fam.comp.Page() {
		if c.Text == "王梓涵" {
			t.Fatalf("a family's field offers the station's name %q", c.Text)
		}
	}
}
