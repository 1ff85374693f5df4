package tui

import (
	"context"
	"strings"
	"unicode"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"carekiosk/model"
)

// ConsentStore tells whether the caregiver a sign-in is for already agreed
// to the current guardian consent notice. *store.Store implements it.
type ConsentStore interface {
	Consented(ctx context.Context, in model.SignInInput) (bool, error)
}

// consentNeededMsg asks the check-in screen to show the consent notice
// before it stores in.
type consentNeededMsg struct {
	in  model.SignInInput
	who string // the children being signed in, for the caregiver to check
}

// consentAsk is the notice on screen, waiting for the caregiver.
type consentAsk struct {
	in    model.SignInInput
	who   string
	busy  bool
	nudge bool // a key other than y or esc was pressed
}

// signInAfterConsent stores in at once when its caregiver (the family's
// caregiver with that phone and relation) agreed to the current notice
// before; otherwise, and always for a new family, it asks for the notice to
// be shown first. Another caregiver's consent never counts.
func signInAfterConsent(c *Common, in model.SignInInput, who string) tea.Cmd {
	return func() tea.Msg {
		agreed, err := c.Store.Consented(c.Ctx, in)
		if err != nil {
			return fail(err)
		}
		if !agreed {
			return consentNeededMsg{in: in, who: who}
		}
		return storeSignIn(c, in)
	}
}

// storeSignIn writes a sign-in; it runs inside a Cmd.
func storeSignIn(c *Common, in model.SignInInput) tea.Msg {
	res, err := c.Store.SignIn(c.Ctx, in)
	if err != nil {
		return fail(err)
	}
	return signedInMsg{res: res}
}

// childNames lists the names of the family's children that in signs in,
// and the names typed for new children, partly hidden (王*明) as the
// family-facing search shows them: the notice faces whoever stands at the
// kiosk.
func childNames(f *model.Family, in model.SignInInput) string {
	var names []string
	for _, ci := range in.Children {
		if ci.ChildID == "" {
			names = append(names, model.MaskName(strings.TrimSpace(ci.Name)))
			continue
		}
		if f == nil {
			continue
		}
		for _, ch := range f.Children {
			if ch.ID == ci.ChildID {
				names = append(names, model.MaskName(ch.Name))
			}
		}
	}
	return strings.Join(names, "、")
}

// updateConsent answers a key while the notice is shown: y agrees and
// stores the sign-in with the notice's version; esc or n declines and
// stores nothing; any other key points at those two.
func (k *checkin) updateConsent(msg tea.KeyPressMsg) tea.Cmd {
	a := k.ask
	if a.busy {
		return nil
	}
	agree, decline := k.c.Keys.Agree, k.c.Keys.Decline
	typing := model.EndsInPartialCardCode(strings.ToUpper(string(k.scan))) // a y or n inside a scanned code must not answer the notice
	switch {
	case key.Matches(msg, agree) && !typing:
		a.busy, a.nudge = true, false
		in, c := a.in, k.c
		in.ConsentVersion = model.ConsentVersion
		return func() tea.Msg { return storeSignIn(c, in) }
	case key.Matches(msg, k.c.Keys.Back) || key.Matches(msg, decline) && !typing:
		k.ask = nil
		k.mode = modeList
		if k.form != nil {
			k.mode = modeKiosk // back to the form, everything typed kept
		}
		return tea.Batch(flash(k.c.T("没有签到，什么都没有保存。如有疑问，请问健康指导员。",
			"Not signed in; nothing was saved. Please ask the health instructor if unsure."), true), k.nextCard())
	}
	a.nudge = true
	return nil
}

// consentView renders the notice for the family: large spacing, the
// children it is for, the four paragraphs, the sentence agreed to and the
// two keys. Text wraps at the width (Chinese never split from its
// punctuation) and the blank lines go first when the terminal is short.
func (k *checkin) consentView() string {
	c, st, a := k.c, k.c.Styles, k.ask
	unit := ""
	if k.s != nil {
		unit = k.s.Unit
	}
	n := model.ConsentFor(c.Lang, model.ContactOf(c.Settings, unit))
	w, h := c.Width, c.BodyHeight()
	cw := min(w-4, 76)
	if cw < 10 {
		cw = max(w, 1)
	}
	indent := strings.Repeat(" ", max((w-cw)/2, 0))
	type para struct {
		lines []string
		gap   bool // a blank line before it, dropped first when short
	}
	styled := func(s lipglossStyler, text string, gap bool) para {
		var out []string
		for _, l := range wrapCJK(text, cw) {
			out = append(out, indent+s.Render(l))
		}
		return para{out, gap}
	}
	paras := []para{
		styled(st.Big, c.T(n.Head+"（请家长阅读）", n.Head+" (please read)"), false),
	}
	if a.who != "" {
		paras = append(paras, styled(st.Title, c.T("为 "+a.who+" 签到", "Signing in: "+a.who), false))
	}
	for _, l := range n.Lines() {
		paras = append(paras, styled(noStyle{}, l, true))
	}
	paras = append(paras, styled(st.OK, n.Agree, true))
	yes := st.Selected.Render(" y ") + " " + c.T("同意并签到", "agree and sign in")
	no := st.Selected.Render(" esc ") + " " + c.T("不同意，返回", "do not agree, go back")
	keysLines := []string{indent + yes + "    " + no}
	if ansi.StringWidth(keysLines[0]) > w {
		keysLines = []string{indent + yes, indent + no}
	}
	answer := []para{{keysLines, true}}
	switch {
	case a.busy:
		answer = append(answer, styled(st.Faint, c.T("正在保存...", "saving..."), false))
	case a.nudge:
		answer = append(answer, styled(st.Warn, c.T("请按 y 键同意，或按 esc 键返回", "press y to agree, or esc to go back"), false))
	}
	total, gaps := 0, 0
	for _, p := range append(paras, answer...) {
		total += len(p.lines)
		if p.gap {
			gaps++
		}
	}
	keepGaps := total+gaps <= h
	if total > h {
		// A tiny terminal cannot hold the notice: the answers come right
		// after the heading so they are never the part cut off.
		paras = append(append([]para{paras[0]}, answer...), paras[1:]...)
	} else {
		paras = append(paras, answer...)
	}
	var lines []string
	for _, p := range paras {
		if p.gap && keepGaps {
			lines = append(lines, "")
		}
		lines = append(lines, p.lines...)
	}
	if keepGaps && len(lines)+1 < h {
		// Air at the top: one line, or a third of what is left on a tall
		// screen, so the notice sits where the eye falls.
		top := max(1, (h-len(lines))/3)
		lines = append(make([]string, top), lines...)
	}
	return strings.Join(lines, "\n")
}

// lipglossStyler is what the notice needs of a style.
type lipglossStyler interface{ Render(...string) string }

// noStyle renders text as it is.
type noStyle struct{}

func (noStyle) Render(s ...string) string { return strings.Join(s, " ") }

// noLineStart are the marks that must not begin a line in Chinese text.
const noLineStart = "，。、；：？！）」』》〉”’,.;:?!)"

// wrapCJK breaks text into lines of at most w cells: English at spaces,
// Chinese between any two characters, but never with a closing mark at the
// start of a line (the character before it moves down too).
func wrapCJK(s string, w int) []string {
	if w <= 0 {
		return nil
	}
	toks := wrapTokens(s)
	var lines []string
	var cur []string
	curW := 0
	flush := func() {
		lines = append(lines, strings.TrimRight(strings.Join(cur, ""), " "))
		cur, curW = nil, 0
	}
	for _, t := range toks {
		tw := ansi.StringWidth(t)
		if curW+tw <= w {
			cur = append(cur, t)
			curW += tw
			continue
		}
		if t == " " {
			flush()
			continue
		}
		var carry []string
		if strings.Contains(noLineStart, t) && len(cur) > 1 && cur[len(cur)-1] != " " {
			carry = []string{cur[len(cur)-1]}
			cur = cur[:len(cur)-1]
		}
		if len(cur) > 0 {
			flush()
		}
		cur = append(carry, cur...)
		curW = ansi.StringWidth(strings.Join(cur, ""))
		for tw > w { // a word longer than the line
			if curW >= w {
				flush()
			}
			head := ansi.Truncate(t, w-curW, "")
			if head == "" {
				if len(cur) > 0 {
					flush()
					continue
				}
				// A character wider than the whole line gets a line of
				// its own (cut by the screen) instead of none forever.
				break
			}
			cur = append(cur, head)
			flush()
			t = strings.TrimPrefix(t, head)
			tw = ansi.StringWidth(t)
		}
		cur = append(cur, t)
		curW += tw
	}
	if len(cur) > 0 || len(lines) == 0 {
		flush()
	}
	return lines
}

// wrapTokens cuts s into what wrapCJK may not break inside: runs of
// non-space narrow characters, single spaces, single wide characters.
func wrapTokens(s string) []string {
	breaks := func(r rune) bool { return r == ' ' || ansi.StringWidth(string(r)) > 1 || unicode.Is(unicode.Han, r) }
	var toks []string
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if breaks(r) {
			toks = append(toks, s[i:i+size])
			i += size
			continue
		}
		j := i
		for j < len(s) {
			r2, sz := utf8.DecodeRuneInString(s[j:])
			if breaks(r2) {
				break
			}
			j += sz
		}
		toks = append(toks, s[i:j])
		i = j
	}
	return toks
}
