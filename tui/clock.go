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
	at   time.Time
	days int
}

// farAhead is how many days past the newest record a confirmed date may lie
// before the kiosk asks once more.
const farAhead = 45

// clockScreen asks the instructor to confirm today's date and the time of
// day when the system clock cannot be trusted, then dates new records with
// a clock that reads what was typed and runs on from there.
type clockScreen struct {
	c      *Common
	fields [2]*field // the date, the time of day
	focus  int
	busy   bool
	// confirmed is a far-ahead instant the instructor has already been
	// warned of.
	confirmed time.Time
}

func newClockScreen(c *Common) *clockScreen {
	date := newField(c.T("今天日期", "Today"), "YYYY-MM-DD", 10)
	hm := newField(c.T("现在时间", "Time now"), c.T("时:分，例如 09:30", "hh:mm, e.g. 09:30"), 8)
	return &clockScreen{c: c, fields: [2]*field{date, hm}}
}

func (m *clockScreen) Title() string {
	return m.c.T("确认日期和时间", "Confirm the date and time")
}
func (m *clockScreen) Editing() bool { return true }
func (m *clockScreen) Init() tea.Cmd { return nil }
func (m *clockScreen) ShortHelp() []key.Binding {
	return []key.Binding{m.c.Keys.Tab, m.c.Keys.Enter}
}

// typedInstant reads the two fields as an instant in the station's zone.
func (m *clockScreen) typedInstant(loc *time.Location) (time.Time, error) {
	raw := strings.NewReplacer("/", "-", ".", "-", "年", "-", "月", "-", "日", "").Replace(model.HalfWidth(m.fields[0].Value()))
	d, err := model.ParseDate(strings.TrimSpace(raw))
	if err != nil {
		return time.Time{}, err
	}
	h, mi, err := model.ParseClockTime(m.fields[1].Value())
	if err != nil {
		return time.Time{}, err
	}
	return time.Date(d.Year, d.Month, d.Day, h, mi, 0, 0, loc), nil
}

func (m *clockScreen) Update(msg tea.Msg) tea.Cmd {
	c := m.c
	switch msg := msg.(type) {
	case clockSetMsg:
		c.Clock = msg.clock
		return tea.Batch(goTo(scrHome, ""), flash(c.T("日期和时间已确认", "date and time confirmed"), true))
	case errMsg:
		m.busy = false
		if errField(msg.err) == "time" {
			m.focus = 1
		} else if errField(msg.err) == "date" {
			m.focus = 0
		}
	case clockFarMsg:
		m.busy = false
		m.confirmed = msg.at
		return flash(fmt.Sprintf(c.T("%s 比最新记录晚 %d 天。确实是今天吗？是就再按回车", "%s is %d days after the newest record. Is it really today? Press enter again if so"), msg.at.Format("2006-01-02"), msg.days), false)
	case tea.KeyPressMsg:
		if m.busy {
			return nil
		}
		return m.key(msg)
	}
	return nil
}

// key moves between the two fields, types into them, and confirms on enter
// once both are filled.
func (m *clockScreen) key(msg tea.KeyPressMsg) tea.Cmd {
	k := m.c.Keys
	switch {
	case key.Matches(msg, k.Tab, k.Down):
		m.focus = (m.focus + 1) % 2
		return nil
	case key.Matches(msg, k.ShiftTab, k.Up):
		m.focus = (m.focus + 1) % 2
		return nil
	case key.Matches(msg, k.Enter):
		if m.focus == 0 && m.fields[1].Value() == "" {
			m.focus = 1
			return nil
		}
		return m.confirm()
	}
	m.fields[m.focus].update(msg)
	return nil
}

// confirm checks the typed instant against the newest record and, when it
// may date new records, gives the store a clock that reads it.
func (m *clockScreen) confirm() tea.Cmd {
	c := m.c
	loc := c.Settings.Location()
	at, err := m.typedInstant(loc)
	if err != nil {
		return func() tea.Msg { return fail(err) }
	}
	base := c.Clock
	askAgain := !at.Equal(m.confirmed)
	m.busy = true
	return func() tea.Msg {
		st, err := c.Store.Stats(c.Ctx)
		if err != nil {
			return fail(err)
		}
		if err := model.CheckConfirmed(at, st.NewestRecord, loc); err != nil {
			return fail(err)
		}
		if askAgain && !st.NewestRecord.IsZero() {
			if days := int(at.Sub(st.NewestRecord).Hours() / 24); days > farAhead {
				return clockFarMsg{at: at, days: days}
			}
		}
		clock := model.ConfirmedClock(base, at)
		c.Store.SetClock(clock)
		if err := c.Store.CheckClock(c.Ctx); err != nil {
			c.Store.SetClock(base)
			return fail(err)
		}
		return clockSetMsg{clock: clock}
	}
}

func (m *clockScreen) View() string {
	c := m.c
	st := c.Styles
	lines := []string{st.Warn.Render(c.T("本机时钟不可信", "This machine's clock cannot be trusted")), "",
		truncate(fmt.Sprintf("%s %s", c.T("系统时间：", "System time: "), c.Clock.Time().In(c.Settings.Location()).Format("2006-01-02 15:04")), c.Width),
		truncate(c.T("请指导员看手机，输入现在的日期和时间；新记录将按它记录。", "Instructor: read the date and time off a phone and type them; new records are dated with them."), c.Width), ""}
	for i, f := range m.fields {
		lines = append(lines, f.view(st, i == m.focus, 10, c.Width))
	}
	return strings.Join(lines, "\n")
}
