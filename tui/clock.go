package tui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"carekiosk/model"
)

type clockSetMsg struct{ clock model.Clock }

// clockFarMsg says the confirmed date lies far beyond the newest record: a
// typo there would date every later record in the future, so it is asked
// again.
type clockFarMsg struct {
	date model.Date
	days int
}

// farAhead is how many days past the newest record a confirmed date may lie
// before the kiosk asks once more.
const farAhead = 45

// clockScreen asks the instructor to confirm today's date when the system
// clock cannot be trusted, then dates new records with an offset clock.
type clockScreen struct {
	c    *Common
	date *field
	busy bool
	// confirmed is a far-ahead date the instructor has already been warned of.
	confirmed model.Date
}

func newClockScreen(c *Common) *clockScreen {
	f := newField(c.T("今天日期", "Today"), "YYYY-MM-DD", 10)
	return &clockScreen{c: c, date: f}
}

func (m *clockScreen) Title() string            { return m.c.T("确认日期", "Confirm the date") }
func (m *clockScreen) Editing() bool            { return true }
func (m *clockScreen) Init() tea.Cmd            { return nil }
func (m *clockScreen) ShortHelp() []key.Binding { return []key.Binding{m.c.Keys.Enter} }

// offsetClock shifts base so that it reads the confirmed date at the current
// time of day.
func offsetClock(base model.Clock, loc *time.Location, confirmed model.Date) model.Clock {
	now := base.Time().In(loc)
	shift := confirmed.Time(loc).Sub(model.DateOf(now).Time(loc))
	return model.Clock{Now: func() time.Time { return base.Time().Add(shift) }}
}

func (m *clockScreen) Update(msg tea.Msg) tea.Cmd {
	c := m.c
	switch msg := msg.(type) {
	case clockSetMsg:
		c.Clock = msg.clock
		return tea.Batch(goTo(scrHome, ""), flash(c.T("日期已确认", "date confirmed"), true))
	case errMsg:
		m.busy = false
	case clockFarMsg:
		m.busy = false
		m.confirmed = msg.date
		return flash(fmt.Sprintf(c.T("%s 比最新记录晚 %d 天。确实是今天吗？是就再按回车", "%s is %d days after the newest record. Is it really today? Press enter again if so"), msg.date, msg.days), false)
	case tea.KeyPressMsg:
		if m.busy {
			return nil
		}
		if msg.String() != "enter" {
			m.date.update(msg)
			return nil
		}
		d, err := model.ParseDate(m.date.Value())
		if err != nil {
			return func() tea.Msg { return fail(err) }
		}
		base := c.Clock
		loc := c.Settings.Location()
		clock := offsetClock(base, loc, d)
		askAgain := d != m.confirmed
		m.busy = true
		return func() tea.Msg {
			if askAgain {
				st, err := c.Store.Stats(c.Ctx)
				if err != nil {
					return fail(err)
				}
				if !st.NewestRecord.IsZero() {
					newest := model.DateOf(st.NewestRecord.In(loc))
					if days := int(d.Time(loc).Sub(newest.Time(loc)).Hours() / 24); days > farAhead {
						return clockFarMsg{date: d, days: days}
					}
				}
			}
			c.Store.SetClock(clock)
			if err := c.Store.CheckClock(c.Ctx); err != nil {
				c.Store.SetClock(base)
				return fail(err)
			}
			return clockSetMsg{clock: clock}
		}
	}
	return nil
}

func (m *clockScreen) View() string {
	c := m.c
	st := c.Styles
	lines := []string{st.Warn.Render(c.T("本机时钟不可信", "This machine's clock cannot be trusted")), "",
		truncate(fmt.Sprintf("%s %s", c.T("系统时间：", "System time: "), c.Clock.Time().In(c.Settings.Location()).Format("2006-01-02 15:04")), c.Width),
		truncate(c.T("请指导员输入今天的日期，本次运行的新记录将按这个日期记录。", "Instructor: enter today's date; new records of this run are dated with it."), c.Width), "",
		m.date.view(st, true, 10, c.Width)}
	return strings.Join(lines, "\n")
}
