package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// field is a one-line text input with the cursor at the end. It is simpler
// than bubbles' textinput on purpose: no blinking, so screens render the
// same every time, and Chinese input methods and scanners just append.
type field struct {
	label string
	value []rune
	mask  bool
	hint  string
	max   int
}

// newField makes a field with a label and a hint shown while empty.
func newField(label, hint string, max int) *field {
	return &field{label: label, hint: hint, max: max}
}

// Value returns the trimmed text.
func (f *field) Value() string { return strings.TrimSpace(string(f.value)) }

// Set replaces the text.
func (f *field) Set(s string) { f.value = []rune(s) }

// update handles a key or paste; it reports whether it used the message.
func (f *field) update(msg tea.Msg) bool {
	switch msg := msg.(type) {
	case tea.PasteMsg:
		f.insert(strings.ReplaceAll(msg.Content, "\n", " "))
		return true
	case tea.KeyPressMsg:
		switch msg.String() {
		case "backspace", "ctrl+h":
			if len(f.value) > 0 {
				f.value = f.value[:len(f.value)-1]
			}
			return true
		case "ctrl+u":
			f.value = nil
			return true
		}
		if msg.Text != "" && msg.Mod&(tea.ModCtrl|tea.ModAlt) == 0 {
			f.insert(msg.Text)
			return true
		}
	}
	return false
}

func (f *field) insert(s string) {
	for _, r := range s {
		if r < ' ' || r == 0x7f {
			continue
		}
		if f.max > 0 && len(f.value) >= f.max {
			return
		}
		f.value = append(f.value, r)
	}
}

// view renders "label: value_" in width cells; the visible tail of a long
// value is kept so the cursor stays on screen.
func (f *field) view(st *Styles, focused bool, labelW, width int) string {
	label := padRight(f.label, labelW)
	text := string(f.value)
	if f.mask {
		text = strings.Repeat("*", len(f.value))
	}
	room := width - labelW - 2
	if room < 4 {
		room = 4
	}
	cursor := ""
	if focused {
		cursor = "_"
		room--
	}
	if ansi.StringWidth(text) > room {
		text = ansi.TruncateLeft(text, ansi.StringWidth(text)-room, "")
	}
	var shown string
	switch {
	case text == "" && !focused:
		shown = st.Faint.Render(truncate(f.hint, room))
	case text == "" && f.hint != "":
		shown = st.Focused.Render(cursor) + " " + st.Faint.Render(truncate(f.hint, room-1))
	case focused:
		shown = st.Focused.Render(text + cursor)
	default:
		shown = text
	}
	l := st.Label.Render(label)
	if focused {
		l = st.Focused.Render(label)
	}
	return l + focusGap(focused) + shown
}

// focusGap goes between a label and its value: "> " marks the input with
// the focus without colour (a monochrome console shows it too).
func focusGap(focused bool) string {
	if focused {
		return "> "
	}
	return "  "
}

// choice is a value picked with left/right among options.
type choice struct {
	label   string
	options []string
	idx     int
}

func (c *choice) update(msg tea.KeyPressMsg) bool {
	if len(c.options) == 0 {
		return false
	}
	switch {
	case key.Matches(msg, widgetKeys.OptionPrev):
		c.idx = (c.idx + len(c.options) - 1) % len(c.options)
		return true
	case key.Matches(msg, widgetKeys.OptionNext):
		c.idx = (c.idx + 1) % len(c.options)
		return true
	}
	return false
}

func (c *choice) Value() string {
	if len(c.options) == 0 {
		return ""
	}
	return c.options[c.idx]
}

func (c *choice) view(st *Styles, focused bool, labelW, width int) string {
	label := padRight(c.label, labelW)
	v := c.Value()
	if focused {
		return st.Focused.Render(label) + focusGap(true) + st.Focused.Render("< "+v+" >")
	}
	// The value lines up with the text fields' values; focused, "< >"
	// marks it as a choice.
	return st.Label.Render(label) + "  " + v
}
