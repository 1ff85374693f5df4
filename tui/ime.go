package tui

import (
	"context"
	"fmt"
	"unicode"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"carekiosk/model"
	"carekiosk/pinyin"
)

// ime is the kiosk's own pinyin input, shared by its Chinese text fields: its
// engines, 中 or 英, and the field composing, to which the root hands every
// key until the composition ends.
type ime struct {
	// station learns the station's names and words and what the
	// instructor picks; public, for the screens that face families, learns
	// nothing, so no family is offered another's names.
	station, public *pinyin.Engine
	english         bool
	active          *field
}

func newIME() *ime {
	return &ime{station: pinyin.NewEngine(), public: pinyin.NewFixedEngine()}
}

// WordSource gives the names and texts the station has written, which the
// pinyin input ranks first on the instructor's screens. *store.Store
// implements it.
type WordSource interface {
	StationWords(ctx context.Context) (model.StationWords, error)
}

// imeReadyMsg reports the dictionary read and the station's words learned.
type imeReadyMsg struct{}

// prepareIME reads the pinyin dictionary in the background and teaches the
// station engine the station's names and words, so the first keystroke does
// not wait.
func prepareIME(c *Common) tea.Cmd {
	im := c.IME
	return func() tea.Msg {
		if err := pinyin.Load(); err != nil {
			return fail(err)
		}
		if ws, ok := c.Store.(WordSource); ok {
			w, err := ws.StationWords(c.Ctx)
			if err != nil {
				return fail(err)
			}
			im.station.LearnNames(w.Names...)
			im.station.LearnText(w.Texts...)
		}
		return imeReadyMsg{}
	}
}

// chineseForFamilies is chinese for a field on a screen families use: its
// candidates come from the dictionary alone.
func (f *field) chineseForFamilies(im *ime, mode pinyin.Mode) *field {
	f.chinese(im, mode)
	f.public = true
	return f
}

// composingField returns the field composing pinyin, or nil.
func (im *ime) composingField() *field {
	if im == nil || im.active == nil || !im.active.composing() {
		return nil
	}
	return im.active
}

// cancel drops any composition (the screen changed under it).
func (im *ime) cancel() {
	if f := im.composingField(); f != nil {
		f.comp.Cancel()
	}
	if im != nil {
		im.active = nil
	}
}

// mark is shown at the right of a focused Chinese field: what letters do.
func (im *ime) mark() string {
	if im.english {
		return "[英]"
	}
	return "[中]"
}

// startsPinyin reports whether msg is a lower-case letter that starts
// pinyin in this field.
func (f *field) startsPinyin(msg tea.KeyPressMsg) bool {
	return !f.ime.english && msg.Mod&(tea.ModCtrl|tea.ModAlt) == 0 && len(msg.Text) == 1 && msg.Text[0] >= 'a' && msg.Text[0] <= 'z'
}

// startComposing begins pinyin with a lower-case letter typed in 中 mode.
func (f *field) startComposing(msg tea.KeyPressMsg) bool {
	if !f.startsPinyin(msg) {
		return false
	}
	if f.comp == nil {
		eng := f.ime.station
		if f.public {
			eng = f.ime.public
		}
		f.comp = pinyin.NewComposer(eng, f.mode)
	}
	mode := f.mode
	if mode == pinyin.ModeName && unicode.Is(unicode.Han, f.before()) {
		mode = pinyin.ModeGivenName // the surname is already there
	}
	f.comp.SetMode(mode)
	f.comp.Type(rune(msg.Text[0]))
	f.ime.active = f
	return true
}

// compose handles a key while pinyin is composed: letters and ' add, digits
// and space pick, -/= and PgUp/PgDn turn pages, backspace takes back a letter,
// enter puts the letters in as typed, esc drops them; punctuation picks the
// first candidate and follows it; a capital follows the letters as typed.
// Every other key waits.
func (f *field) compose(msg tea.KeyPressMsg) {
	c, k := f.comp, widgetKeys
	switch {
	case key.Matches(msg, k.PickCandidate):
		i := 0
		if s := msg.Text; len(s) == 1 && s >= "1" && s <= "9" {
			i = int(s[0] - '1')
		}
		if text, done := c.Pick(i); done {
			f.insert(text)
		}
	case key.Matches(msg, k.CandidatesPrev):
		c.PrevPage()
	case key.Matches(msg, k.CandidatesNext):
		c.NextPage()
	case key.Matches(msg, k.CommitLetters):
		f.insert(c.Commit())
	case key.Matches(msg, k.CancelComposing):
		c.Cancel()
	case key.Matches(msg, k.DeleteBack):
		c.Backspace()
	case c.Full() && f.startsPinyin(msg):
		// Typed on past what one composition holds: the first candidate
		// goes in and the letter starts the next composition.
		f.endComposing(false)
		f.startComposing(msg)
		return
	case msg.Mod&(tea.ModCtrl|tea.ModAlt) == 0 && len(msg.Text) == 1 && c.Type(rune(msg.Text[0])):
	case msg.Mod&(tea.ModCtrl|tea.ModAlt) == 0 && fullWidth[msg.Text] != "":
		f.endComposing(false)
		f.insert(fullWidth[msg.Text])
	case msg.Mod&(tea.ModCtrl|tea.ModAlt) == 0 && len(msg.Text) == 1 && msg.Text >= "A" && msg.Text <= "Z":
		// A capital (a scanner, a brand name) keeps the letters as typed.
		f.endComposing(true)
		f.edit(msg)
	}
	if !c.Active() {
		f.ime.active = nil
	}
}

// endComposing ends a composition: with raw, the letters go in as typed;
// otherwise the first candidate does.
func (f *field) endComposing(raw bool) {
	if !f.composing() {
		return
	}
	if raw {
		f.insert(f.comp.Commit())
	} else {
		for f.comp.Active() {
			text, done := f.comp.Pick(0)
			if done {
				f.insert(text)
			} else if len(f.comp.Page()) == 0 {
				f.insert(f.comp.Commit())
			}
		}
	}
	f.ime.active = nil
}

// fullWidth maps punctuation typed after Chinese in 中 mode to its Chinese
// form.
var fullWidth = map[string]string{",": "，", ".": "。", "?": "？", "!": "！", ";": "；", ":": "：", "(": "（", ")": "）"}

// punctuation turns s into its Chinese form when it follows a Han character
// in a Chinese field in 中 mode.
func (f *field) punctuation(s string) string {
	if f.ime == nil || f.ime.english || fullWidth[s] == "" || !unicode.Is(unicode.Han, f.before()) {
		return s
	}
	return fullWidth[s]
}

// bar renders what is being composed (the end of the letters, after what was
// picked) and a page of candidates, the first (space) highlighted, in w
// cells: whole candidates only, the page number always shown.
func (im *ime) bar(st *Styles, c *pinyin.Composer, w int) string {
	head := c.Picked() + c.Letters()
	if hw := ansi.StringWidth(head); hw > 18 {
		head = ".." + ansi.TruncateLeft(head, hw-16, "")
	}
	n, total := c.PageNumber()
	tail := ""
	if total > 1 {
		tail = fmt.Sprintf(" %d/%d", n, total)
	}
	line := st.Focused.Render(head)
	used := ansi.StringWidth(head) + ansi.StringWidth(tail)
	page := c.Page()
	if len(page) == 0 {
		line += " " + st.Faint.Render("-")
	}
	for i, cand := range page {
		t := fmt.Sprintf("%d.%s", i+1, cand.Text)
		tw := ansi.StringWidth(t)
		if i == 0 && used+1+tw > w {
			t = truncate(t, max(4, w-used-1))
			tw = ansi.StringWidth(t)
		} else if used+1+tw > w {
			break
		}
		if i == 0 {
			t = st.Selected.Render(t)
		}
		line += " " + t
		used += 1 + tw
	}
	return line + st.Faint.Render(tail)
}
