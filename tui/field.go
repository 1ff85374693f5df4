package tui

import (
	"strings"
	"unicode"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"carekiosk/pinyin"
)

// field is a text input: one line (names, dates, phone numbers) or, made
// with multiline, several wrapped lines (notes, the summary). The cursor
// moves (left/right, home/end, by word with ctrl+left/right) and typing or
// deleting happens where it is. A field made chinese takes pinyin: in 中 mode
// lower-case letters compose, the candidates show on a line under the field,
// and a pick goes in at the cursor. No blinking, so screens render the same
// every time.
type field struct {
	label string
	value []rune
	// cur is where typing goes in value (one-line fields).
	cur  int
	mask bool
	hint string
	max  int

	// ime is the kiosk's pinyin input; nil for fields that take no Chinese
	// (digits, dates, PINs, addresses).
	ime    *ime
	mode   pinyin.Mode
	comp   *pinyin.Composer
	public bool // faces families: see chineseForFamilies

	// area holds a multi-line field's text; nil for one-line fields.
	// bubbles' textarea wraps by display width, so Chinese keeps its
	// columns; the field shows it, on focus, up to lines rows.
	area  *textarea.Model
	lines int
}

// newField makes a one-line field with a label and a hint shown while empty.
func newField(label, hint string, max int) *field {
	return &field{label: label, hint: hint, max: max}
}

// chinese lets the field take pinyin from the kiosk's input, ranked for a
// name (pinyin.ModeName) or for text.
func (f *field) chinese(im *ime, mode pinyin.Mode) *field {
	f.ime, f.mode = im, mode
	return f
}

// multiline makes the field wrap over up to lines rows while it has the
// focus (one row, cut, without it).
func (f *field) multiline(lines int) *field {
	ta := newArea(f.max)
	ta.SetValue(string(f.value))
	f.area, f.lines, f.value, f.cur = &ta, lines, nil, 0
	return f
}

// Value returns the trimmed text.
func (f *field) Value() string { return strings.TrimSpace(f.text()) }

// text returns the text as typed.
func (f *field) text() string {
	if f.area != nil {
		return f.area.Value()
	}
	return string(f.value)
}

// Set replaces the text; the cursor goes to its end.
func (f *field) Set(s string) {
	if f.area != nil {
		f.area.SetValue(s)
		f.area.MoveToEnd()
		return
	}
	f.value = []rune(s)
	f.cur = len(f.value)
}

// composing reports whether pinyin is being composed in the field.
func (f *field) composing() bool { return f.comp != nil && f.comp.Active() }

// update handles a key or paste; it reports whether it used the message.
func (f *field) update(msg tea.Msg) bool {
	switch msg := msg.(type) {
	case tea.PasteMsg:
		f.endComposing(true)
		f.insert(strings.ReplaceAll(msg.Content, "\n", " "))
		return true
	case tea.KeyPressMsg:
		if f.ime != nil {
			if key.Matches(msg, widgetKeys.InputMode) {
				f.endComposing(true)
				f.ime.english = !f.ime.english
				return true
			}
			if f.composing() {
				f.compose(msg)
				return true
			}
			if f.startComposing(msg) {
				return true
			}
		}
		return f.edit(msg)
	}
	return false
}

// edit moves the cursor or changes the text for one key.
func (f *field) edit(msg tea.KeyPressMsg) bool {
	if f.area != nil {
		return f.editArea(msg)
	}
	k := widgetKeys
	switch {
	case key.Matches(msg, k.DeleteBack):
		if f.cur > 0 {
			f.value = append(f.value[:f.cur-1], f.value[f.cur:]...)
			f.cur--
		}
	case key.Matches(msg, k.DeleteForward):
		if f.cur < len(f.value) {
			f.value = append(f.value[:f.cur], f.value[f.cur+1:]...)
		}
	case key.Matches(msg, k.ClearField):
		f.value, f.cur = nil, 0
	case key.Matches(msg, k.WordLeft):
		f.cur = wordLeft(f.value, f.cur)
	case key.Matches(msg, k.WordRight):
		f.cur = wordRight(f.value, f.cur)
	case key.Matches(msg, k.CursorLeft):
		f.cur = max(0, f.cur-1)
	case key.Matches(msg, k.CursorRight):
		f.cur = min(len(f.value), f.cur+1)
	case key.Matches(msg, k.LineStart):
		f.cur = 0
	case key.Matches(msg, k.LineEnd):
		f.cur = len(f.value)
	default:
		if msg.Text != "" && msg.Mod&(tea.ModCtrl|tea.ModAlt) == 0 {
			f.insert(f.punctuation(msg.Text))
			return true
		}
		return false
	}
	return true
}

// editArea hands a key to a multi-line field's textarea; keys it does not
// edit with are not used.
func (f *field) editArea(msg tea.KeyPressMsg) bool {
	k := widgetKeys
	switch {
	case key.Matches(msg, k.ClearField):
		f.area.Reset()
		return true
	case msg.Text != "" && msg.Mod&(tea.ModCtrl|tea.ModAlt) == 0:
		f.insert(f.punctuation(msg.Text))
		return true
	case key.Matches(msg, k.WordLeft, k.WordRight) && !strings.Contains(f.area.Value(), "\n"):
		// The textarea's words end at spaces only; Chinese has none.
		v, col := []rune(f.area.Value()), f.area.Column()
		if key.Matches(msg, k.WordLeft) {
			f.area.SetCursorColumn(wordLeft(v, col))
		} else {
			f.area.SetCursorColumn(wordRight(v, col))
		}
		return true
	case key.Matches(msg, k.DeleteBack, k.DeleteForward, k.WordLeft, k.WordRight, k.CursorLeft, k.CursorRight, k.LineStart, k.LineEnd):
		*f.area, _ = f.area.Update(msg)
		return true
	}
	return false
}

// insert puts s in at the cursor, dropping control characters and what
// goes past max.
func (f *field) insert(s string) {
	var rs []rune
	n := len([]rune(f.text()))
	for _, r := range s {
		if r < ' ' || r == 0x7f {
			continue
		}
		if f.max > 0 && n+len(rs) >= f.max {
			break
		}
		rs = append(rs, r)
	}
	if len(rs) == 0 {
		return
	}
	if f.area != nil {
		f.area.InsertString(string(rs))
		return
	}
	f.value = append(f.value[:f.cur], append(rs, f.value[f.cur:]...)...)
	f.cur += len(rs)
}

// dropBeforeCursor removes the n characters before the cursor (what a card
// scanner typed).
func (f *field) dropBeforeCursor(n int) {
	if f.area != nil || n > f.cur {
		return
	}
	f.value = append(f.value[:f.cur-n], f.value[f.cur:]...)
	f.cur -= n
}

// before returns the character before the cursor, or 0.
func (f *field) before() rune {
	if f.area != nil {
		v, col := []rune(f.area.Value()), f.area.Column()
		if strings.Contains(string(v), "\n") || col == 0 || col > len(v) {
			return 0
		}
		return v[col-1]
	}
	if f.cur == 0 {
		return 0
	}
	return f.value[f.cur-1]
}

// wordLeft and wordRight move over a run of one kind of character: Han
// characters, letters and digits, punctuation, spaces.
func wordLeft(v []rune, i int) int {
	for i > 0 && unicode.IsSpace(v[i-1]) {
		i--
	}
	if i == 0 {
		return 0
	}
	k := runeKind(v[i-1])
	for i > 0 && runeKind(v[i-1]) == k {
		i--
	}
	return i
}

func wordRight(v []rune, i int) int {
	if i < len(v) {
		k := runeKind(v[i])
		for i < len(v) && runeKind(v[i]) == k {
			i++
		}
	}
	for i < len(v) && unicode.IsSpace(v[i]) {
		i++
	}
	return i
}

func runeKind(r rune) int {
	switch {
	case unicode.IsSpace(r):
		return 0
	case unicode.Is(unicode.Han, r):
		return 1
	case unicode.IsLetter(r) || unicode.IsDigit(r):
		return 2
	}
	return 3
}

// view renders "label: value" in width cells; a one-line value scrolls to
// keep the cursor on screen, a focused multi-line value wraps. While pinyin
// is composed a line of candidates follows.
func (f *field) view(st *Styles, focused bool, labelW, width int) string {
	label := padRight(f.label, labelW)
	l := st.Label.Render(label)
	if focused {
		l = st.Focused.Render(label)
	}
	room := max(width-labelW-2, 4)
	var mark string
	if focused && f.ime != nil {
		mark = f.ime.mark()
		room -= ansi.StringWidth(mark) + 1
	}
	var shown string
	if f.area != nil {
		shown = f.areaView(st, focused, room, labelW+2)
	} else {
		shown = f.lineView(st, focused, room)
	}
	line := l + focusGap(focused) + shown
	if mark != "" {
		first, rest, _ := strings.Cut(line, "\n")
		pad := max(1, width-ansi.StringWidth(first)-ansi.StringWidth(mark))
		line = first + strings.Repeat(" ", pad) + st.Faint.Render(mark)
		if rest != "" {
			line += "\n" + rest
		}
	}
	if f.composing() {
		line += "\n" + strings.Repeat(" ", labelW+2) + f.ime.bar(st, f.comp, max(width-labelW-2, 10))
	}
	return line
}

// lineView is a one-line value with its cursor: "_" at the end, the
// character under it reversed elsewhere.
func (f *field) lineView(st *Styles, focused bool, room int) string {
	v := f.value
	if f.mask {
		v = []rune(strings.Repeat("*", len(f.value)))
	}
	if len(v) == 0 {
		switch {
		case f.composing():
			return st.Focused.Render("_")
		case !focused:
			return st.Faint.Render(truncate(f.hint, room))
		case f.hint != "":
			return st.Focused.Render("_") + " " + st.Faint.Render(truncate(f.hint, room-2))
		}
		return st.Focused.Render("_")
	}
	if !focused {
		text := string(v)
		if ansi.StringWidth(text) > room {
			text = ansi.TruncateLeft(text, ansi.StringWidth(text)-room, "")
		}
		return text
	}
	before, after := string(v[:f.cur]), string(v[f.cur:])
	cursor := "_"
	if f.cur < len(v) {
		cursor, after = string(v[f.cur]), string(v[f.cur+1:])
	}
	cw := ansi.StringWidth(cursor)
	if w := ansi.StringWidth(before); w+cw > room {
		before = ansi.TruncateLeft(before, w+cw-room, "")
	}
	after = ansi.Truncate(after, max(0, room-ansi.StringWidth(before)-cw), "")
	if f.cur < len(v) {
		return st.Focused.Render(before) + st.Selected.Render(cursor) + st.Focused.Render(after)
	}
	return st.Focused.Render(before + cursor)
}

// areaView is a multi-line value: wrapped with its cursor when focused (the
// rows after the first indented to the value column), else its first row.
func (f *field) areaView(st *Styles, focused bool, room, indent int) string {
	text := f.area.Value()
	if !focused {
		if text == "" {
			return st.Faint.Render(truncate(f.hint, room))
		}
		return truncate(strings.ReplaceAll(text, "\n", " "), room)
	}
	if text == "" && f.hint != "" && !f.composing() {
		return st.Focused.Render("_") + " " + st.Faint.Render(truncate(f.hint, room-2))
	}
	f.area.SetWidth(room)
	f.area.MaxHeight = f.lines
	f.area.Focus()
	rows := strings.Split(f.area.View(), "\n")
	for i := range rows {
		rows[i] = strings.TrimRight(rows[i], " ")
		if i > 0 {
			rows[i] = strings.Repeat(" ", indent) + rows[i]
		}
	}
	return strings.Join(rows, "\n")
}

// newArea makes the textarea of a multi-line field: no prompt, no line
// numbers, no colours of its own, a cursor that does not blink, and no new
// lines (enter belongs to the screens; the forms keep one paragraph per
// field).
func newArea(limit int) textarea.Model {
	ta := textarea.New()
	ta.Prompt = ""
	ta.ShowLineNumbers = false
	ta.CharLimit = limit
	ta.DynamicHeight = true
	ta.MinHeight = 1
	ta.EndOfBufferCharacter = ' '
	s := textarea.DefaultStyles(true)
	plain := textarea.StyleState{}
	s.Focused, s.Blurred = plain, plain
	s.Focused.Text = DefaultStyles().Focused
	s.Cursor.Blink = false
	ta.SetStyles(s)
	km := textarea.DefaultKeyMap()
	km.InsertNewline.SetEnabled(false)
	km.Paste.SetEnabled(false)
	km.WordBackward = widgetKeys.WordLeft
	km.WordForward = widgetKeys.WordRight
	km.LineStart = widgetKeys.LineStart
	km.LineEnd = widgetKeys.LineEnd
	ta.KeyMap = km
	return ta
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

// areaLines is how many rows a focused multi-line field may use on a screen
// whose other content needs about others rows: the rest of the body, two to
// six.
func areaLines(c *Common, others int) int {
	return min(6, max(2, c.BodyHeight()-others))
}
