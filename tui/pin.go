package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// askPINMsg asks the root to prompt for the instructor PIN and, when it is
// right, to run then.
type askPINMsg struct {
	prompt string
	then   tea.Cmd
}

// askPIN returns a command that opens the PIN prompt.
func askPIN(prompt string, then tea.Cmd) tea.Cmd {
	return func() tea.Msg { return askPINMsg{prompt: prompt, then: then} }
}

// pinPrompt is the root's PIN overlay. The check runs through the root's
// PINGuard so five wrong tries lock for a minute wherever they were typed.
type pinPrompt struct {
	c      *Common
	prompt string
	f      *field
	err    string
	then   tea.Cmd
}

func newPINPrompt(c *Common, prompt string, then tea.Cmd) *pinPrompt {
	f := newField("PIN", "", 8)
	f.mask = true
	return &pinPrompt{c: c, prompt: prompt, f: f, then: then}
}

// updatePIN handles a key while the PIN prompt is open.
func (m *Model) updatePIN(msg tea.KeyPressMsg) tea.Cmd {
	p := m.pin
	k := m.c.Keys
	switch {
	case key.Matches(msg, k.Back):
		m.pin = nil
		return nil
	case key.Matches(msg, k.Enter):
		err := m.guard.Check(p.f.Value(), m.c.Now())
		p.f.Set("")
		if err != nil {
			p.err = m.c.errText(err)
			return nil
		}
		m.pin = nil
		return p.then
	}
	p.f.update(msg)
	return nil
}

func (p *pinPrompt) view() string {
	st := p.c.Styles
	lines := []string{"", st.Title.Render(p.prompt), "", p.f.view(st, true, 6, 30)}
	if p.err != "" {
		lines = append(lines, "", st.Error.Render(p.err))
	}
	box := strings.Join(lines, "\n")
	return lipgloss.PlaceHorizontal(p.c.Width, lipgloss.Center, box)
}
