package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"carekiosk/model"
)

type historyLoadedMsg struct {
	sessions []model.Session
	units    []model.Unit
}

// history lists past sessions by month, band and unit; a session opens with
// its record, sign-in sheet and corrections.
type history struct {
	c        *Common
	sessions []model.Session
	units    []model.Unit
	month    model.Date // zero: every month
	band     int        // 0: every band, else index+1 in the settings' bands
	unit     int        // 0: every unit, else index+1 in units
	sel      int
	loaded   bool

	openID string
	detail *summaryLoadedMsg
	view   int // 0 record, 1 sign-in sheet, 2 corrections
	scroll int
	// early is a planned session of another day enter was pressed on once;
	// a second enter opens it for check-in, moving it to today.
	early string
}

func newHistory(c *Common, sessionID string) *history {
	return &history{c: c, openID: sessionID}
}

func (m *history) Title() string { return m.c.T("历史活动", "History") }
func (m *history) Editing() bool { return false }

func (m *history) Init() tea.Cmd {
	cmds := []tea.Cmd{m.load()}
	if m.openID != "" {
		cmds = append(cmds, loadSummary(m.c, m.openID))
	}
	return tea.Batch(cmds...)
}

func (m *history) bands() []model.AgeBand {
	if len(m.c.Settings.Bands) > 0 {
		return m.c.Settings.Bands
	}
	return model.DefaultAgeBands
}

func (m *history) load() tea.Cmd {
	c := m.c
	f := model.SessionFilter{Newest: true, Limit: 500}
	if !m.month.IsZero() {
		f.From = m.month
		f.To = m.month.AddMonths(1).AddDays(-1)
	}
	if m.band > 0 {
		f.Band = m.bands()[m.band-1]
	}
	if m.unit > 0 && m.unit <= len(m.units) {
		f.UnitID = m.units[m.unit-1].ID
	}
	return func() tea.Msg {
		units, err := c.Store.Units(c.Ctx)
		if err != nil {
			return fail(err)
		}
		ss, err := c.Store.Sessions(c.Ctx, f)
		if err != nil {
			return fail(err)
		}
		return historyLoadedMsg{sessions: ss, units: units}
	}
}

func (m *history) ShortHelp() []key.Binding {
	k := m.c.Keys
	if m.detail != nil {
		if m.detail.s.State == model.StateClosed {
			return []key.Binding{k.View, k.Move, m.openKey(), k.Correct, k.Back}
		}
		return []key.Binding{k.View, k.Move, m.openKey(), k.Back}
	}
	return []key.Binding{k.Move, k.Enter, k.Band, k.Unit, k.Back, k.Month}
}

// openKey is enter on a session's record, named for what it does there:
// it opens the session's own screen (a closed one's has x, i and v).
func (m *history) openKey() key.Binding {
	k := m.c.Keys.Enter
	k.SetHelp(k.Help().Key, m.c.T("打开活动", "open session"))
	return k
}

// FullHelp lists every key of the list or of one session's record.
func (m *history) FullHelp() []key.Binding {
	k := m.c.Keys
	if m.detail != nil {
		out := []key.Binding{k.View, k.ViewPrev, k.Move, m.openKey()}
		if m.detail.s.State == model.StateClosed {
			out = append(out, k.Correct, k.SignInFix, when(!m.detail.s.Voided, k.Void), when(m.detail.s.Voided, k.Restore))
		}
		return append(out, k.Back)
	}
	return m.ShortHelp()
}

func (m *history) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case historyLoadedMsg:
		m.sessions, m.units, m.loaded = msg.sessions, msg.units, true
		m.sel = min(m.sel, max(0, len(m.sessions)-1))
	case summaryLoadedMsg:
		if m.openID == msg.s.ID {
			m.detail = &msg
		}
	case changeMsg:
		return m.load()
	case tea.KeyPressMsg:
		if m.detail != nil {
			return m.detailKey(msg)
		}
		return m.listKey(msg)
	}
	return nil
}

// detailKey handles a key on one session's record: its three views, scroll,
// open it, correct it, back to the list.
func (m *history) detailKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.c.Keys
	switch {
	case key.Matches(msg, k.Back):
		m.detail, m.openID, m.scroll = nil, "", 0
	case key.Matches(msg, k.View):
		m.view, m.scroll = (m.view+1)%3, 0
	case key.Matches(msg, k.ViewPrev):
		m.view, m.scroll = (m.view+2)%3, 0
	case key.Matches(msg, k.Up):
		m.scroll = max(0, m.scroll-1)
	case key.Matches(msg, k.Down):
		m.scroll++
	case key.Matches(msg, k.Correct):
		if m.detail.s.State == model.StateClosed {
			id := m.detail.s.ID
			return func() tea.Msg { return gotoMsg{to: scrSummary, sessionID: id, correct: true} }
		}
	case key.Matches(msg, k.SignInFix), key.Matches(msg, k.Void):
		if m.detail.s.State == model.StateClosed {
			return amendAfterPIN(m.c, m.detail.s, key.Matches(msg, k.Void))
		}
	case key.Matches(msg, k.Enter):
		d := m.detail.s
		if d.State == model.StateClosed {
			return goTo(scrSummary, d.ID)
		}
		if d.State == model.StatePlanned && d.Date != m.c.Today() && m.early != d.ID {
			m.early = d.ID
			return askOpenEarly(m.c, d.Date)
		}
		return openSession(m.c, *d)
	}
	return nil
}

// listKey handles a key on the list of sessions: choose, open, filter by
// month, band and unit, back home.
func (m *history) listKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.c.Keys
	switch {
	case key.Matches(msg, k.Back):
		return goTo(scrHome, "")
	case key.Matches(msg, k.Up):
		m.sel = max(0, m.sel-1)
	case key.Matches(msg, k.Down):
		m.sel = min(len(m.sessions)-1, m.sel+1)
	case key.Matches(msg, k.Enter):
		if m.sel >= 0 && m.sel < len(m.sessions) {
			m.openID = m.sessions[m.sel].ID
			m.view = 0
			return loadSummary(m.c, m.openID)
		}
	case key.Matches(msg, k.Left):
		if m.month.IsZero() {
			t := m.c.Today()
			m.month = model.Date{Year: t.Year, Month: t.Month, Day: 1}
		} else {
			m.month = m.month.AddMonths(-1)
		}
		return m.load()
	case key.Matches(msg, k.Right):
		if !m.month.IsZero() {
			m.month = m.month.AddMonths(1)
			if m.month.After(m.c.Today()) {
				m.month = model.Date{}
			}
		}
		return m.load()
	case key.Matches(msg, k.Band):
		m.band = (m.band + 1) % (len(m.bands()) + 1)
		return m.load()
	case key.Matches(msg, k.Unit):
		m.unit = (m.unit + 1) % (len(m.units) + 1)
		return m.load()
	}
	return nil
}

func (m *history) View() string {
	c := m.c
	st := c.Styles
	w, h := c.Width, c.BodyHeight()
	if m.detail != nil {
		return m.detailView(w, h)
	}
	if !m.loaded {
		return c.T("正在读取...", "Loading...")
	}
	month := c.T("全部月份", "all months")
	if !m.month.IsZero() {
		month = fmt.Sprintf("%d-%02d", m.month.Year, m.month.Month)
	}
	band := c.T("全部月龄段", "all bands")
	if m.band > 0 {
		band = m.bands()[m.band-1].Label(c.Lang)
	}
	unit := c.T("全部单位", "all units")
	if m.unit > 0 && m.unit <= len(m.units) {
		unit = m.units[m.unit-1].Name
	}
	lines := []string{truncate(fmt.Sprintf("%s < %s >   %s [b] %s   %s [u] %s   %s %d",
		c.T("月份", "Month"), month, c.T("月龄段", "Band"), band, c.T("单位", "Unit"), unit, c.T("共", "total"), len(m.sessions)), w)}
	cols := []column{{title: c.T("日期", "Date"), width: 10}, {title: c.T("月龄段", "Band"), width: 9},
		{title: c.T("标题", "Title"), width: 14}, {title: c.T("单位", "Unit"), width: 12}, {title: c.T("状态", "State"), width: 6}}
	if extra := w - 2 - (10 + 9 + 14 + 12 + 6 + 4); extra > 0 {
		cols[2].width += extra * 2 / 3
		cols[3].width += extra / 3
	}
	lines = append(lines, "  "+tableHeader(st, cols))
	room := h - len(lines)
	start := scrollWindow(m.sel, len(m.sessions), room)
	for i := start; i < len(m.sessions) && i < start+room; i++ {
		s := m.sessions[i]
		row := tableRow(cols, []string{s.Date.String(), s.Band.Label(c.Lang), s.Title, s.Unit, s.StateLabel(c.Lang)})
		if i == m.sel {
			lines = append(lines, st.Selected.Render(padRight("> "+row, w)))
		} else {
			lines = append(lines, "  "+row)
		}
	}
	if len(m.sessions) == 0 {
		lines = append(lines, st.Faint.Render(c.T("  没有符合条件的活动", "  no session matches")))
	}
	return strings.Join(lines, "\n")
}

func (m *history) detailView(w, h int) string {
	c := m.c
	st := c.Styles
	d := m.detail
	tabs := []string{c.T("活动记录", "Record"), c.T("签到表", "Sign-in sheet"), c.T("更正记录", "Corrections")}
	for i := range tabs {
		if i == m.view {
			tabs[i] = st.Selected.Render(" " + tabs[i] + " ")
		} else {
			tabs[i] = " " + tabs[i] + " "
		}
	}
	head := []string{truncate(fmt.Sprintf("%s  %s  %s  %s", d.s.Date, d.s.Title, d.s.Unit, d.s.StateLabel(c.Lang)), w), strings.Join(tabs, " ")}
	var body []string
	switch m.view {
	case 0:
		body = recordLines(c, d.s, d.signIns, w)
	case 1:
		body = signInSheetLines(c, d.s, d.signIns, d.withdrawn, d.changes, w)
	case 2:
		body = allCorrectionLines(c, d.corrections, d.changes, w)
	}
	room := h - len(head)
	if m.scroll > max(0, len(body)-room) {
		m.scroll = max(0, len(body)-room)
	}
	body = body[m.scroll:]
	if len(body) > room {
		body = body[:room]
	}
	return strings.Join(append(head, body...), "\n")
}
