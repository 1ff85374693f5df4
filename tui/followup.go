package tui

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"carekiosk/model"
)

// FollowUpStore gives the instructor's follow-up lists and keeps the marks
// 已通知. *store.Store implements it.
type FollowUpStore interface {
	FollowUp(ctx context.Context, today model.Date, sessionID string) (model.FollowUp, error)
	MarkNotified(ctx context.Context, sessionID, familyID, who string, notified bool) error
}

// FollowUpPrinter is what an Exporter also offers when the kiosk can write
// the invitation list to print.
type FollowUpPrinter interface {
	// PrintFollowUp writes the lists as a workbook into dir and returns
	// its path.
	PrintFollowUp(dir string, fu model.FollowUp, station string, now time.Time, loc *time.Location) (string, error)
}

// The follow-up's three lists.
const (
	listInvite = iota
	listEntering
	listOnce
	listCount
)

type followUpMsg struct {
	fu       model.FollowUp
	sessions []model.Session
}

type followUpPrintedMsg struct{ path string }

// followUp is the instructor's follow-up (PIN): the families to invite for
// a planned session with their full phone numbers and the mark 已通知, the
// children entering a new band this month, the families who came once; it
// writes the invitation list to print.
type followUp struct {
	c         *Common
	sessionID string
	sessions  []model.Session
	fu        model.FollowUp
	ok, busy  bool
	list, sel int
}

// followUpRow is one line of a list: the family it is about and its cells.
type followUpRow struct {
	family model.Family
	cells  []string
}

func newFollowUp(c *Common, sessionID string) *followUp {
	return &followUp{c: c, sessionID: sessionID}
}

func (m *followUp) Title() string { return m.c.T("跟进邀请", "Follow-up") }
func (m *followUp) Editing() bool { return false }
func (m *followUp) Init() tea.Cmd { return loadFollowUp(m.c, m.sessionID) }

// loadFollowUp reads the sessions still to come and the lists for one of
// them (the first when sessionID is not among them).
func loadFollowUp(c *Common, sessionID string) tea.Cmd {
	today := c.Today()
	return func() tea.Msg {
		sessions, err := c.Store.Sessions(c.Ctx, model.SessionFilter{From: today, UnitID: c.Settings.UnitID,
			States: []model.SessionState{model.StatePlanned, model.StateOpen}, Limit: 20})
		if err != nil {
			return fail(err)
		}
		id := ""
		for _, s := range sessions {
			if s.ID == sessionID || id == "" {
				id = s.ID
			}
		}
		fu, err := c.Store.FollowUp(c.Ctx, today, id)
		if err != nil {
			return fail(err)
		}
		return followUpMsg{fu: fu, sessions: sessions}
	}
}

func (m *followUp) ShortHelp() []key.Binding {
	k := m.c.Keys
	return []key.Binding{k.Notified, k.View, k.PickSession, k.PrintList, k.Back}
}

// FullHelp lists every key of the screen for ?.
func (m *followUp) FullHelp() []key.Binding {
	k := m.c.Keys
	return []key.Binding{k.Move, k.Notified, k.View, k.ViewPrev, k.PickSession, k.PrintList, k.Back}
}

func (m *followUp) Update(msg tea.Msg) tea.Cmd {
	c, k := m.c, m.c.Keys
	switch msg := msg.(type) {
	case followUpMsg:
		m.fu, m.sessions, m.ok, m.busy = msg.fu, msg.sessions, true, false
		if msg.fu.Session != nil {
			m.sessionID = msg.fu.Session.ID
		}
		m.sel = min(m.sel, max(0, len(m.rows())-1))
	case followUpPrintedMsg:
		m.busy = false
		return flash(c.T("邀请名单已保存：", "invitation list written: ")+msg.path, true)
	case errMsg:
		m.busy = false
	case tea.KeyPressMsg:
		if m.busy || !m.ok {
			return nil
		}
		switch {
		case key.Matches(msg, k.Back):
			return func() tea.Msg { return gotoMsg{to: scrHome, unlocked: true} }
		case key.Matches(msg, k.Up):
			m.sel = max(0, m.sel-1)
		case key.Matches(msg, k.Down):
			m.sel = min(max(0, len(m.rows())-1), m.sel+1)
		case key.Matches(msg, k.PickSession): // before View, which takes right too
			return m.moveSession(key.Matches(msg, k.Right))
		case key.Matches(msg, k.View):
			m.list, m.sel = (m.list+1)%listCount, 0
		case key.Matches(msg, k.ViewPrev):
			m.list, m.sel = (m.list+listCount-1)%listCount, 0
		case key.Matches(msg, k.Notified):
			return m.toggleNotified()
		case key.Matches(msg, k.PrintList):
			return m.print()
		}
	}
	return nil
}

// moveSession chooses the previous or next session to come.
func (m *followUp) moveSession(next bool) tea.Cmd {
	i := 0
	for j, s := range m.sessions {
		if s.ID == m.sessionID {
			i = j
		}
	}
	if next {
		i++
	} else {
		i--
	}
	if i < 0 || i >= len(m.sessions) {
		return nil
	}
	m.busy, m.sel = true, 0
	return loadFollowUp(m.c, m.sessions[i].ID)
}

// toggleNotified marks the selected row's family 已通知 for the chosen
// session, or takes the mark back.
func (m *followUp) toggleNotified() tea.Cmd {
	c := m.c
	rows := m.rows()
	if m.fu.Session == nil {
		return flash(c.T("没有计划的活动：先在首页按 n 新建一次活动", "no session planned: press n on home to plan one"), false)
	}
	if m.sel >= len(rows) {
		return nil
	}
	s, fam := *m.fu.Session, rows[m.sel].family
	_, marked := m.fu.Notified[fam.ID]
	who := s.Instructor
	if who == "" {
		who = c.T("健康指导员", "health instructor")
	}
	m.busy = true
	return func() tea.Msg {
		if err := c.Store.MarkNotified(c.Ctx, s.ID, fam.ID, who, !marked); err != nil {
			return fail(err)
		}
		return loadFollowUp(c, s.ID)()
	}
}

// print writes the invitation list: onto the USB stick when one is mounted,
// else into <data>/invitations.
func (m *followUp) print() tea.Cmd {
	c := m.c
	pr, ok := c.Exporter.(FollowUpPrinter)
	if !ok {
		return flash(c.T("这台机器不能导出名单", "this kiosk cannot write the list"), false)
	}
	fu, station, now, loc := m.fu, "", c.Clock.Time(), c.Settings.Location()
	if fu.Session != nil {
		station = fu.Session.Station
	}
	m.busy = true
	return func() tea.Msg {
		dir := filepath.Join(c.DataDir, "invitations")
		if t, err := c.Exporter.Targets(); err == nil && len(t) > 0 {
			dir = t[0]
		}
		p, err := pr.PrintFollowUp(dir, fu, station, now, loc)
		if err != nil {
			return fail(err)
		}
		return followUpPrintedMsg{path: p}
	}
}

// rows are the lines of the list shown.
func (m *followUp) rows() []followUpRow {
	c, fu := m.c, m.fu
	var out []followUpRow
	switch m.list {
	case listInvite:
		for _, d := range fu.Invite {
			out = append(out, followUpRow{d.Family, []string{d.Child.Name, ageText(c, d.AgeMonths), m.lastText(d.LastSeen)}})
		}
	case listEntering:
		for _, e := range fu.Entering {
			out = append(out, followUpRow{e.Family, []string{e.Child.Name, e.Band.Label(c.Lang) + " " + e.On.String()[5:], m.lastText(e.Last)}})
		}
	case listOnce:
		for _, fv := range fu.Once {
			var kids []string
			for _, ch := range fv.Family.Children {
				kids = append(kids, ch.Name+" "+ageText(c, ch.AgeOn(fu.Today)))
			}
			out = append(out, followUpRow{fv.Family, []string{strings.Join(kids, c.T("、", ", ")), "", fv.Last.String()}})
		}
	}
	return out
}

func (m *followUp) lastText(d model.Date) string {
	if d.IsZero() {
		return m.c.T("从未参加", "never")
	}
	return d.String()
}

// firstCaregiver is the family's first caregiver, its relation and phone
// in full (this screen is the instructor's, behind the PIN).
func (m *followUp) firstCaregiver(f model.Family) (string, string) {
	if len(f.Caregivers) == 0 {
		return "", ""
	}
	cg := f.Caregivers[0]
	return cg.Relation.ShortLabel(m.c.Lang) + " " + cg.Name, cg.Phone
}

func (m *followUp) View() string {
	c := m.c
	if !m.ok {
		return c.T("正在读取...", "Loading...")
	}
	w, h := c.Width, c.BodyHeight()
	lines := []string{m.sessionLine(w), m.tabsLine(w)}
	rows := m.rows()
	second := [listCount]string{c.T("月龄", "Age"), c.T("进入月龄段", "New band"), ""}[m.list]
	last := c.T("上次参加", "Last came")
	if m.list == listOnce {
		last = c.T("来过的日期", "Came on")
	}
	secondW := 10
	if m.list == listEntering {
		secondW = 15 // 13-18月龄 11-30
	}
	// The caregiver takes the room left (English relations are long), up
	// to 22 cells.
	nameW := 12
	carerW := max(10, min(22, w-6-nameW-secondW-11-10-5))
	cols := []column{{title: "  " + c.T("通知", "Told"), width: 6}, {title: c.T("儿童", "Child"), width: nameW}, {title: second, width: secondW},
		{title: c.T("养育人", "Caregiver"), width: carerW}, {title: c.T("电话", "Phone"), width: 11}, {title: last, width: 10}}
	if m.list == listOnce {
		cols[1].width += cols[2].width + 1
		cols = append(cols[:2], cols[3:]...)
	}
	lines = append(lines, tableHeader(c.Styles, cols))
	room := h - len(lines) - 1
	if len(rows) == 0 {
		lines = append(lines, c.Styles.Faint.Render("  "+[listCount]string{
			c.T("没有需要邀请的家庭", "no family to invite"), c.T("本月没有儿童进入新的月龄段", "no child enters a new band this month"),
			c.T("没有只来过一次的家庭", "no family came only once")}[m.list]))
	}
	start := scrollWindow(m.sel, len(rows), room)
	for i := start; i < len(rows) && i < start+room; i++ {
		lines = append(lines, m.rowLine(rows[i], cols, i == m.sel, w))
	}
	for len(lines) < h-1 {
		lines = append(lines, "")
	}
	if m.sel < len(rows) {
		lines = append(lines, m.caregiversLine(rows[m.sel].family, w))
	}
	return strings.Join(lines, "\n")
}

// rowLine renders one row with its mark 已通知.
func (m *followUp) rowLine(r followUpRow, cols []column, selected bool, w int) string {
	mark := "[ ]"
	if _, ok := m.fu.Notified[r.family.ID]; ok {
		mark = "[x]"
	}
	if m.fu.Session == nil {
		mark = "   "
	}
	// The cursor is a character too, for a monochrome console.
	mark = "  " + mark
	if selected {
		mark = "> " + mark[2:]
	}
	who, phone := m.firstCaregiver(r.family)
	cells := []string{mark, r.cells[0], r.cells[1], who, phone, r.cells[2]}
	if m.list == listOnce {
		cells = []string{mark, r.cells[0], who, phone, r.cells[2]}
	}
	if selected {
		return m.c.Styles.Selected.Render(padRight(tableRow(cols, cells), w))
	}
	return tableRow(cols, cells)
}

// caregiversLine names every caregiver of the selected family with the
// full phone number.
func (m *followUp) caregiversLine(f model.Family, w int) string {
	var parts []string
	for _, cg := range f.Caregivers {
		parts = append(parts, strings.TrimSpace(cg.Relation.ShortLabel(m.c.Lang)+" "+cg.Name+" "+cg.Phone))
	}
	return m.c.Styles.Faint.Render(truncate(m.c.T("养育人：", "Caregivers: ")+strings.Join(parts, "  "), w))
}

// sessionLine names the session the invitations are for, with arrows when
// there are others to choose.
func (m *followUp) sessionLine(w int) string {
	c, st := m.c, m.c.Styles
	s := m.fu.Session
	if s == nil {
		return st.Faint.Render(truncate(c.T("没有计划的活动：只显示月龄段和只来过一次的名单", "no session planned: the band and came-once lists only"), w))
	}
	i := 0
	for j := range m.sessions {
		if m.sessions[j].ID == s.ID {
			i = j
		}
	}
	arrow := func(ok bool, a string) string {
		if ok {
			return a
		}
		return " "
	}
	text := fmt.Sprintf("%s %s %s %s %s", arrow(i > 0, "<"), s.Date, s.Band.Label(c.Lang), s.Title, arrow(i < len(m.sessions)-1, ">"))
	return st.Title.Render(c.T("邀请参加：", "Invite to: ")) + truncate(text, w-lipglossWidth(c.T("邀请参加：", "Invite to: ")))
}

// tabsLine shows the three lists with their counts, the one shown marked.
func (m *followUp) tabsLine(w int) string {
	c, st, fu := m.c, m.c.Styles, m.fu
	told := 0
	for _, d := range fu.Invite {
		if _, ok := fu.Notified[d.Family.ID]; ok {
			told++
		}
	}
	names := [listCount]string{
		fmt.Sprintf(c.T("待邀请 %d（已通知 %d）", "To invite %d (told %d)"), len(fu.Invite), told),
		fmt.Sprintf(c.T("本月进入新月龄段 %d", "New band this month %d"), len(fu.Entering)),
		fmt.Sprintf(c.T("只来过一次 %d", "Came once %d"), len(fu.Once)),
	}
	parts := make([]string, listCount)
	for i, n := range names {
		if i == m.list {
			parts[i] = st.Selected.Render(" " + n + " ")
		} else {
			parts[i] = " " + n + " "
		}
	}
	return truncate(strings.Join(parts, "|"), w)
}
