package tui

import (
	"context"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"carekiosk/model"
)

// FiguresStore gives the closed sessions with their counts for the charts.
// *store.Store implements it.
type FiguresStore interface {
	SessionFigures(ctx context.Context, unitID string, from, to model.Date) ([]model.SessionFigures, error)
}

// The charts screen's three views.
const (
	chartMonths = iota
	chartFamilies
	chartAges
	chartCount
)

type figuresMsg struct {
	year    int
	figures []model.SessionFigures
	quota   int
}

// charts draws the unit's year: sessions by month against the quota's
// pace, families per session, and one session's 月龄分布. Counts only: no
// one is named, so it needs no PIN.
type charts struct {
	c       *Common
	year    int
	figures []model.SessionFigures
	quota   int
	ok      bool
	view    int
	sel     int
}

func newCharts(c *Common) *charts { return &charts{c: c, year: c.Today().Year} }

func (m *charts) Title() string { return m.c.T("统计图", "Charts") }
func (m *charts) Editing() bool { return false }
func (m *charts) Init() tea.Cmd { return loadFigures(m.c, m.year) }

// loadFigures reads the unit's closed sessions of a year and its quota.
func loadFigures(c *Common, year int) tea.Cmd {
	unit := c.Settings.UnitID
	return func() tea.Msg {
		figs, err := c.Store.SessionFigures(c.Ctx, unit, model.Date{Year: year, Month: 1, Day: 1}, model.Date{Year: year, Month: 12, Day: 31})
		if err != nil {
			return fail(err)
		}
		qp, err := c.Store.QuotaProgress(c.Ctx, year)
		if err != nil {
			return fail(err)
		}
		msg := figuresMsg{year: year, figures: figs}
		for _, q := range qp {
			if q.Unit.ID == unit {
				msg.quota = q.Quota
			}
		}
		return msg
	}
}

func (m *charts) ShortHelp() []key.Binding {
	k := m.c.Keys
	if m.view == chartMonths {
		return []key.Binding{k.View, k.Year, k.Back}
	}
	return []key.Binding{k.View, k.Move, k.Year, k.Back}
}

// FullHelp lists every key of the screen for ?.
func (m *charts) FullHelp() []key.Binding {
	k := m.c.Keys
	return []key.Binding{k.View, k.ViewPrev, k.Move, k.Year, k.Back}
}

func (m *charts) Update(msg tea.Msg) tea.Cmd {
	k := m.c.Keys
	switch msg := msg.(type) {
	case figuresMsg:
		m.year, m.figures, m.quota, m.ok = msg.year, msg.figures, msg.quota, true
		m.sel = max(0, len(m.figures)-1) // the newest session
	case changeMsg:
		return loadFigures(m.c, m.year)
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, k.Back):
			return goTo(scrHome, "")
		case key.Matches(msg, k.Year): // before View, which takes right too
			if key.Matches(msg, k.Right) && m.year >= m.c.Today().Year {
				return nil
			}
			y := m.year - 1
			if key.Matches(msg, k.Right) {
				y = m.year + 1
			}
			return loadFigures(m.c, y)
		case key.Matches(msg, k.View):
			m.view = (m.view + 1) % chartCount
		case key.Matches(msg, k.ViewPrev):
			m.view = (m.view + chartCount - 1) % chartCount
		case key.Matches(msg, k.Up):
			m.sel = max(0, m.sel-1)
		case key.Matches(msg, k.Down):
			m.sel = min(max(0, len(m.figures)-1), m.sel+1)
		}
	}
	return nil
}

func (m *charts) View() string {
	c := m.c
	if !m.ok {
		return c.T("正在读取...", "Loading...")
	}
	w, h := c.Width, c.BodyHeight()
	lines := []string{m.tabsLine(w)}
	room := h - 1
	switch m.view {
	case chartMonths:
		upTo := 12
		if today := c.Today(); today.Year == m.year {
			upTo = int(today.Month)
		}
		lines = append(lines, monthChart(c, m.year, model.MonthlyHeld(m.figures, m.year), m.quota, upTo, w, room)...)
	case chartFamilies:
		lines = append(lines, m.familiesView(w, room)...)
	case chartAges:
		lines = append(lines, m.agesView(w, room)...)
	}
	return strings.Join(lines, "\n")
}

// tabsLine names the three charts, the one shown marked.
func (m *charts) tabsLine(w int) string {
	c, st := m.c, m.c.Styles
	names := [chartCount]string{c.T("每月活动", "By month"), c.T("每次家庭数", "Families"), c.T("月龄分布", "Ages")}
	parts := make([]string, chartCount)
	for i, n := range names {
		parts[i] = " " + n + " "
		if i == m.view {
			parts[i] = st.Selected.Render("[" + n + "]")
		}
	}
	return truncate(fmt.Sprintf("%d  ", m.year)+strings.Join(parts, "|"), w)
}

// familiesView draws the families of each session of the year, the
// selected one marked.
func (m *charts) familiesView(w, h int) []string {
	c := m.c
	lines := []string{c.Styles.Title.Render(truncate(fmt.Sprintf(c.T("%d年每次活动的参与家庭（组）", "Families per session, %d"), m.year), w))}
	if len(m.figures) == 0 {
		return append(lines, c.Styles.Faint.Render("  "+c.T("这一年没有结束的活动", "no closed session this year")))
	}
	bars := make([]hbar, len(m.figures))
	for i, f := range m.figures {
		bars[i] = hbar{label: f.Session.Date.String()[5:] + " " + f.Session.Band.Label(c.Lang), value: f.Families}
	}
	all := hbars(c, bars, m.sel, w)
	room := h - len(lines)
	start := scrollWindow(m.sel, len(all), room)
	return append(lines, all[start:min(len(all), start+room)]...)
}

// agesView draws the selected session's 月龄分布.
func (m *charts) agesView(w, h int) []string {
	c := m.c
	if len(m.figures) == 0 {
		return []string{c.Styles.Faint.Render("  " + c.T("这一年没有结束的活动", "no closed session this year"))}
	}
	f := m.figures[min(m.sel, len(m.figures)-1)]
	s := f.Session
	n := 0
	for _, a := range f.Ages {
		n += a.Count
	}
	lines := []string{
		c.Styles.Title.Render(truncate(fmt.Sprintf(c.T("月龄分布：%s %s %s", "Ages: %s %s %s"), s.Date, s.Band.Label(c.Lang), s.Title), w)),
		c.Styles.Faint.Render(truncate(fmt.Sprintf(c.T("儿童 %d 人，家庭 %d 组；上下键换一次活动", "%d children, %d families; up/down for another session"), n, f.Families), w)),
	}
	bars := hbars(c, ageBars(c, s.Band, f.Ages), -1, w)
	return append(lines, bars[:min(len(bars), max(0, h-len(lines)))]...)
}
