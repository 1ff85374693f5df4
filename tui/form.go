package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"carekiosk/model"
)

// input is one row of a form.
type input interface {
	view(st *Styles, focused bool, labelW, width int) string
}

// form is a vertical list of inputs with one focused; tab, shift+tab and the
// arrow keys move between them.
type form struct {
	items []input
	focus int
}

// update moves the focus or hands the key to the focused input. It reports
// whether the message was used.
func (f *form) update(msg tea.Msg) bool {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, widgetKeys.NextField):
			f.focus = (f.focus + 1) % len(f.items)
			return true
		case key.Matches(k, widgetKeys.PrevField):
			f.focus = (f.focus + len(f.items) - 1) % len(f.items)
			return true
		}
	}
	switch it := f.items[f.focus].(type) {
	case *field:
		return it.update(msg)
	case *choice:
		if k, ok := msg.(tea.KeyPressMsg); ok {
			return it.update(k)
		}
	case *toggles:
		if k, ok := msg.(tea.KeyPressMsg); ok {
			return it.update(k)
		}
	}
	return false
}

// keys lists what the form acts on with its focus where it is: moving
// between inputs and the focused input's own keys (a text field's editing
// keys are its own).
func (f *form) keys(k *KeyMap) []key.Binding {
	return append([]key.Binding{k.NextField, k.PrevField}, f.focusKeys(k)...)
}

// focusKeys lists the keys of the input with the focus: a choice's
// left/right, a row of toggles' cursor, space and digits, none for a text
// field (there left/right move the cursor and space is typed), so a bottom
// line built on it offers only what the focused input does.
func (f *form) focusKeys(k *KeyMap) []key.Binding {
	var out []key.Binding
	if f.focus >= len(f.items) {
		return nil
	}
	switch in := f.items[f.focus].(type) {
	case *choice:
		out = append(out, when(len(in.options) > 1, k.Options))
	case *toggles:
		n := min(len(in.options), 9)
		digits := k.Digits
		digits.SetKeys(k.Digits.Keys()[:n]...)
		digits.SetHelp(k.Digits.Keys()[0]+"-"+k.Digits.Keys()[max(n-1, 0)], k.Digits.Help().Desc)
		out = append(out, when(n > 1, k.Cursor), k.Flip, when(n > 0, digits))
	}
	return out
}

// shortKeys is the focused input's keys as a bottom line has room for: the
// first two.
func (f *form) shortKeys(k *KeyMap) []key.Binding {
	out := f.focusKeys(k)
	return out[:min(len(out), 2)]
}

// last reports whether the focus is on the last input.
func (f *form) last() bool { return f.focus == len(f.items)-1 }

// next moves the focus down by one.
func (f *form) next() { f.focus = (f.focus + 1) % len(f.items) }

// editingText reports whether a text field has the focus.
func (f *form) editingText() bool {
	_, ok := f.items[f.focus].(*field)
	return ok
}

// view renders the inputs, one a line.
func (f *form) view(st *Styles, labelW, width int) string {
	lines := make([]string, len(f.items))
	for i, it := range f.items {
		lines[i] = it.view(st, i == f.focus, labelW, width)
	}
	return strings.Join(lines, "\n")
}

// focusField moves the focus to the input whose field name matches a model
// error's Field, so a person sees which input is wrong.
func (f *form) focusOn(in input) {
	for i, it := range f.items {
		if it == in {
			f.focus = i
		}
	}
}

// errField returns the Field of a model error, or "".
func errField(err error) string {
	for e := err; e != nil; {
		if me, ok := e.(*model.Error); ok {
			return me.Field
		}
		u, ok := e.(interface{ Unwrap() error })
		if !ok {
			return ""
		}
		e = u.Unwrap()
	}
	return ""
}

// toggles is a set of options each on or off: left/right move, space flips.
type toggles struct {
	label   string
	options []string
	on      []bool
	cur     int
}

func (t *toggles) update(msg tea.KeyPressMsg) bool {
	k := widgetKeys
	switch {
	case key.Matches(msg, k.Left):
		t.cur = (t.cur + len(t.options) - 1) % len(t.options)
	case key.Matches(msg, k.Right):
		t.cur = (t.cur + 1) % len(t.options)
	case key.Matches(msg, k.Flip):
		t.on[t.cur] = !t.on[t.cur]
	case key.Matches(msg, k.Digits):
		if i := int(msg.String()[0] - '1'); i < len(t.options) {
			t.on[i] = !t.on[i]
			t.cur = i
		}
	default:
		return false
	}
	return true
}

func (t *toggles) view(st *Styles, focused bool, labelW, width int) string {
	parts := make([]string, len(t.options))
	for i, o := range t.options {
		p := " " + o + " "
		if t.on[i] {
			p = st.OK.Render("[" + o + "]")
		}
		if focused && i == t.cur {
			// The option under the cursor, in colour and in brackets.
			p = st.Selected.Render("<" + p + ">")
		}
		parts[i] = p
	}
	label := padRight(t.label, labelW)
	if focused {
		label = st.Focused.Render(label)
	} else {
		label = st.Label.Render(label)
	}
	// Options that do not fit go on to the next lines, under the first.
	room := max(width-labelW-2, 10)
	var lines []string
	line := ""
	for _, p := range parts {
		if line != "" && ansi.StringWidth(line)+1+ansi.StringWidth(p) > room {
			lines = append(lines, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += p
	}
	lines = append(lines, line)
	return label + focusGap(focused) + strings.Join(lines, "\n"+strings.Repeat(" ", labelW+2))
}

// state sums up what the inputs hold, to tell whether anything was typed or
// chosen since.
func (f *form) state() string {
	var b strings.Builder
	for _, it := range f.items {
		switch in := it.(type) {
		case *field:
			b.WriteString(in.Value())
		case *choice:
			fmt.Fprint(&b, in.idx)
		case *toggles:
			fmt.Fprint(&b, in.on)
		}
		b.WriteByte(0)
	}
	return b.String()
}
