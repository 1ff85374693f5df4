package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"carekiosk/model"
)

// pinSetup asks for the instructor PIN on the first run.
type pinSetup struct {
	c    *Common
	f    form
	pin1 *field
	pin2 *field
	busy bool
}

func newPINSetup(c *Common) *pinSetup {
	p := &pinSetup{c: c, pin1: newField(c.T("新 PIN", "New PIN"), c.T("4-8 位数字", "4-8 digits"), 8), pin2: newField(c.T("再输一次", "Repeat"), "", 8)}
	p.pin1.mask, p.pin2.mask = true, true
	p.f = form{items: []input{p.pin1, p.pin2}}
	return p
}

func (p *pinSetup) Title() string            { return p.c.T("设置 PIN", "Set the PIN") }
func (p *pinSetup) Editing() bool            { return true }
func (p *pinSetup) Init() tea.Cmd            { return nil }
func (p *pinSetup) ShortHelp() []key.Binding { return []key.Binding{p.c.Keys.Tab, p.c.Keys.Enter} }

// FullHelp lists every key: the two fields, enter.
func (p *pinSetup) FullHelp() []key.Binding {
	return append(p.f.keys(p.c.Keys), p.c.Keys.Enter)
}

func (p *pinSetup) Update(msg tea.Msg) tea.Cmd {
	c := p.c
	switch msg := msg.(type) {
	case settingsMsg:
		p.busy = false
		if msg.settings.StationID == "" {
			return tea.Batch(goTo(scrSettings, ""), flash(c.T("PIN 已设置。请填写单位和活动地点", "PIN set. Now enter the unit and station"), true))
		}
		return tea.Batch(goTo(scrHome, ""), flash(c.T("PIN 已设置", "PIN set"), true))
	case errMsg:
		p.busy = false
	case tea.KeyPressMsg:
		if p.busy {
			return nil
		}
		if key.Matches(msg, c.Keys.Enter) {
			if !p.f.last() {
				p.f.next()
				return nil
			}
			return p.save()
		}
		p.f.update(msg)
	}
	return nil
}

func (p *pinSetup) save() tea.Cmd {
	c := p.c
	if p.pin1.Value() != p.pin2.Value() {
		p.pin2.Set("")
		err := model.FieldErrorf("pin", "两次输入的 PIN 不一样", "the two PINs differ")
		return func() tea.Msg { return fail(err) }
	}
	h, err := model.HashPIN(p.pin1.Value())
	if err != nil {
		p.pin1.Set("")
		p.pin2.Set("")
		p.f.focus = 0
		return func() tea.Msg { return fail(err) }
	}
	p.busy = true
	return func() tea.Msg {
		set, err := c.Store.Settings(c.Ctx)
		if err != nil {
			return fail(err)
		}
		set.PINHash = h
		if err := c.Store.SaveSettings(c.Ctx, set); err != nil {
			return fail(err)
		}
		return settingsMsg{settings: set}
	}
}

func (p *pinSetup) View() string {
	c := p.c
	st := c.Styles
	lines := []string{st.Title.Render(c.T("第一次使用：请设置指导员 PIN", "First run: set the instructor PIN")), "",
		truncate(c.T("离开签到屏、进入设置和退出程序都需要这个 PIN。输错 5 次锁定 1 分钟。", "Leaving the check-in screen, settings and quitting need this PIN. Five wrong tries lock it for a minute."), c.Width), "",
		p.f.view(st, 10, c.Width)}
	return strings.Join(lines, "\n")
}
