package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"carekiosk/model"
)

// homeData is everything the home screen shows.
type homeData struct {
	station string
	unit    string
	active  []model.Session // planned, open and running
	recent  []model.Session // closed, newest first
	quota   *model.QuotaProgress
	quotas  []model.QuotaProgress
	due     []model.DueChild
	dueFor  *model.Session
	// report is the monthly report status; hasReport is false without
	// the county's plan.
	report    model.ReportStatus
	hasReport bool
}

type homeLoadedMsg struct{ d homeData }

// home is the start screen: today, the sessions to run, the unit's quota,
// recent sessions and the families due.
type home struct {
	c   *Common
	d   homeData
	sel int
	ok  bool
	// early is a planned session of another day the instructor was asked
	// about; a second enter opens it for check-in.
	early string
	// deleting is a planned session the instructor asked to delete; y
	// confirms, any other key keeps it.
	deleting string
	// unlocked shows the families due by name: the instructor gave the PIN
	// for the follow-up and came back. A new home hides them again.
	unlocked bool
}

func newHome(c *Common) *home { return &home{c: c} }

func (h *home) Title() string { return h.c.T("首页", "Home") }
func (h *home) Editing() bool { return false }

func (h *home) Init() tea.Cmd { return loadHome(h.c) }

func loadHome(c *Common) tea.Cmd {
	return func() tea.Msg {
		ctx, st := c.Ctx, c.Store
		var d homeData
		set := c.Settings
		stations, err := st.Stations(ctx)
		if err != nil {
			return fail(err)
		}
		for _, s := range stations {
			if s.ID == set.StationID {
				d.station = s.Name
			}
		}
		units, err := st.Units(ctx)
		if err != nil {
			return fail(err)
		}
		for _, u := range units {
			if u.ID == set.UnitID {
				d.unit = u.Name
			}
		}
		today := c.Today()
		d.active, err = st.Sessions(ctx, model.SessionFilter{From: today.AddDays(-30), UnitID: set.UnitID,
			States: []model.SessionState{model.StatePlanned, model.StateOpen, model.StateRunning}, Limit: 20})
		if err != nil {
			return fail(err)
		}
		d.recent, err = st.Sessions(ctx, model.SessionFilter{UnitID: set.UnitID, States: []model.SessionState{model.StateClosed}, Limit: 12, Newest: true})
		if err != nil {
			return fail(err)
		}
		qp, err := st.QuotaProgress(ctx, today.Year)
		if err != nil {
			return fail(err)
		}
		d.quotas = qp
		for i := range qp {
			if qp[i].Unit.ID == set.UnitID {
				d.quota = &qp[i]
			}
		}
		if d.report, d.hasReport, err = reportStatus(c, today); err != nil {
			return fail(err)
		}
		for i := range d.active {
			if !d.active[i].Date.Before(today) {
				d.dueFor = &d.active[i]
				break
			}
		}
		if d.dueFor != nil {
			d.due, err = st.FamiliesDue(ctx, d.dueFor.Band, d.dueFor.Date, model.InviteNotSince(d.dueFor.Date), 500)
			if err != nil {
				return fail(err)
			}
		}
		return homeLoadedMsg{d: d}
	}
}

// items are the selectable sessions: active first, then recent.
func (h *home) items() []model.Session {
	return append(append([]model.Session{}, h.d.active...), h.d.recent...)
}

func (h *home) Update(msg tea.Msg) tea.Cmd {
	k := h.c.Keys
	switch msg := msg.(type) {
	case homeLoadedMsg:
		h.d, h.ok = msg.d, true
		h.sel = min(h.sel, max(0, len(h.items())-1))
	case changeMsg:
		return loadHome(h.c)
	case plannableMsg:
		if msg.edit {
			return goTo(scrNewSession, msg.s.ID)
		}
		h.deleting = msg.s.ID
		return flash(fmt.Sprintf(h.c.T("删除还没有人签到的活动：%s %s？按 y 删除，其他键取消", "Delete the session %s %s, nobody signed in yet? y deletes, any other key keeps it"), msg.s.Date, msg.s.Title), false)
	case tea.KeyPressMsg:
		items := h.items()
		early, deleting := h.early, h.deleting
		h.early, h.deleting = "", ""
		if deleting != "" {
			if key.Matches(msg, k.Yes) && h.sel < len(items) && items[h.sel].ID == deleting {
				return deletePlanned(h.c, items[h.sel])
			}
			return flash(h.c.T("没有删除", "not deleted"), false)
		}
		switch {
		case key.Matches(msg, k.Up):
			if h.sel > 0 {
				h.sel--
			}
		case key.Matches(msg, k.Down):
			if h.sel < len(items)-1 {
				h.sel++
			}
		case key.Matches(msg, k.Enter):
			if h.sel >= len(items) {
				return nil
			}
			s := items[h.sel]
			today := model.DateOf(h.c.Clock.Time().In(h.c.Settings.Location()))
			if s.State == model.StatePlanned && s.Date != today && early != s.ID {
				h.early = s.ID
				return askOpenEarly(h.c, s.Date)
			}
			return openSession(h.c, s)
		case key.Matches(msg, k.Edit), key.Matches(msg, k.Delete):
			if h.sel >= len(items) {
				return nil
			}
			return checkPlannable(h.c, items[h.sel], key.Matches(msg, k.Edit))
		case key.Matches(msg, k.NewSession):
			return goTo(scrNewSession, "")
		case key.Matches(msg, k.History):
			return askPIN(h.c.T("历史活动（含签到表）需要指导员 PIN", "the history (with its sign-in sheets) needs the instructor PIN"), goTo(scrHistory, ""))
		case key.Matches(msg, k.Backfill):
			return askPIN(h.c.T("补录需要指导员 PIN", "a backfill needs the instructor PIN"), goTo(scrBackfill, ""))
		case key.Matches(msg, k.PaperImport):
			if h.canImportPaper() {
				return askPIN(h.c.T("导入纸质记录需要指导员 PIN", "importing paper records needs the instructor PIN"), goTo(scrPaper, ""))
			}
		case key.Matches(msg, k.Charts):
			return goTo(scrCharts, "")
		case key.Matches(msg, k.FollowUp):
			return h.openFollowUp()
		case key.Matches(msg, k.Families):
			// Lists of children and family cards are the instructor's.
			return askPIN(h.c.T("家庭名单需要指导员 PIN", "the families need the instructor PIN"), goTo(scrFamilies, ""))
		case key.Matches(msg, k.Export) && h.c.Exporter != nil:
			return askPIN(h.c.T("导出需要指导员 PIN", "exporting needs the instructor PIN"), goTo(scrExport, ""))
		case key.Matches(msg, k.Settings):
			return askPIN(h.c.T("设置需要指导员 PIN", "settings need the instructor PIN"), goTo(scrSettings, ""))
		}
	}
	return nil
}

// openFollowUp opens the follow-up for the session the families are due
// for: after the PIN, unless home was unlocked by it just before.
func (h *home) openFollowUp() tea.Cmd {
	id := ""
	if h.d.dueFor != nil {
		id = h.d.dueFor.ID
	}
	if h.unlocked {
		return goTo(scrFollowUp, id)
	}
	// Lists of children are the instructor's.
	return askPIN(h.c.T("待邀请的家庭名单需要指导员 PIN", "the families to invite need the instructor PIN"), goTo(scrFollowUp, id))
}

// canImportPaper says the kiosk can import paper sheets from a USB stick.
func (h *home) canImportPaper() bool {
	_, ok := h.c.Exporter.(PaperImporter)
	return ok
}

// askOpenEarly asks before a session planned for another day opens for
// check-in today (and so moves to today).
func askOpenEarly(c *Common, planned model.Date) tea.Cmd {
	return flash(fmt.Sprintf(c.T("这是 %s 的活动。今天开始签到，日期将改为今天（%s）。再按回车确认",
		"This session is dated %s. Opening check-in today moves it to today (%s). Press enter again"), planned, c.Today()), false)
}

// plannableMsg says a session can still be edited (edit) or deleted as
// a planned one.
type plannableMsg struct {
	s    model.Session
	edit bool
}

// notPlannableText refuses to edit or delete a session with sign-ins.
func notPlannableText(c *Common) string {
	return c.T("只能修改或删除还没有人签到的活动；已有签到的活动结束后可在历史里更正",
		"only a session nobody has signed in to can be edited or deleted; correct one with sign-ins in history once closed")
}

// checkPlannable reads whether a session can still be changed as planned
// (model.EditableAsPlanned): a session open for check-in can, until its
// first sign-in.
func checkPlannable(c *Common, s model.Session, edit bool) tea.Cmd {
	return func() tea.Msg {
		records, err := hasRecords(c, s)
		if err != nil {
			return fail(err)
		}
		if !model.EditableAsPlanned(s.State, records) {
			return flashMsg{text: notPlannableText(c)}
		}
		return plannableMsg{s: s, edit: edit}
	}
}

// hasRecords reads whether anyone signed in to an open session, withdrawn
// sign-ins included; it runs inside a Cmd.
func hasRecords(c *Common, s model.Session) (bool, error) {
	if s.State != model.StateOpen {
		return false, nil
	}
	si, err := c.Store.SignIns(c.Ctx, s.ID)
	if err != nil {
		return false, err
	}
	wd, err := c.Store.WithdrawnSignIns(c.Ctx, s.ID)
	return len(si)+len(wd) > 0, err
}

// deletePlanned deletes a planned session and says so; the store's change
// reloads the list.
func deletePlanned(c *Common, s model.Session) tea.Cmd {
	return func() tea.Msg {
		if err := c.Store.DeletePlannedSession(c.Ctx, s.ID); err != nil {
			return fail(err)
		}
		return flashMsg{text: fmt.Sprintf(c.T("已删除：%s %s", "deleted: %s %s"), s.Date, s.Title), ok: true}
	}
}

// FullHelp adds the keys for a planned session to the ? screen.
func (h *home) FullHelp() []key.Binding {
	k := h.c.Keys
	if h.deleting != "" {
		return h.ShortHelp()
	}
	// The arrows choose a session; the bottom line leaves them to this list.
	return append(append([]key.Binding{k.Move}, h.ShortHelp()...), k.Edit, k.Delete)
}

// openSession goes to the screen that fits the session's state; a planned
// session is opened for check-in first (moving to today when it was planned
// for another day).
func openSession(c *Common, s model.Session) tea.Cmd {
	switch s.State {
	case model.StatePlanned:
		id := s.ID
		return func() tea.Msg {
			if _, err := c.Store.OpenPlannedToday(c.Ctx, id); err != nil {
				return fail(err)
			}
			return gotoMsg{to: scrCheckin, sessionID: id}
		}
	case model.StateOpen:
		return goTo(scrCheckin, s.ID)
	case model.StateRunning:
		return goTo(scrRunning, s.ID)
	}
	return askPIN(c.T("查看已结束的活动（含签到表）需要指导员 PIN", "a closed session (with its sign-in sheet) needs the instructor PIN"), goTo(scrHistory, s.ID))
}

func (h *home) ShortHelp() []key.Binding {
	k := h.c.Keys
	if h.deleting != "" {
		return []key.Binding{k.Yes} // any other key keeps the session
	}
	if h.c.Exporter != nil {
		return []key.Binding{k.Enter, k.NewSession, k.History, k.Settings, k.Families, k.Export, k.FollowUp, k.Charts, when(h.canImportPaper(), k.PaperImport), k.Backfill, k.Quit}
	}
	return []key.Binding{k.Enter, k.NewSession, k.History, k.Settings, k.Families, k.FollowUp, k.Charts, k.Backfill, k.Quit}
}

func (h *home) sessionRow(s model.Session, w int) string {
	c := h.c
	cols := []column{{width: 10}, {width: 9}, {width: max(8, w-10-9-8-3)}, {width: 8}}
	return tableRow(cols, []string{s.Date.String(), s.Band.Label(c.Lang), s.Title, s.StateLabel(c.Lang)})
}

func (h *home) View() string {
	c := h.c
	st := c.Styles
	w := c.Width
	now := c.Now()
	var b strings.Builder
	station := h.d.station
	if station == "" {
		station = c.T("(未设置站点，请按 s 进入设置)", "(no station set: press s for settings)")
	}
	fmt.Fprintf(&b, "%s %s   %s", st.Title.Render(dateText(c, c.Today())), weekday(c, now), station)
	if h.d.unit != "" {
		fmt.Fprintf(&b, "  (%s)", h.d.unit)
	}
	b.WriteString("\n")
	if q := h.d.quota; q != nil {
		label := fmt.Sprintf("%s %d/%d ", c.T(fmt.Sprintf("%d年任务", q.Year), fmt.Sprintf("%d quota", q.Year)), q.Held, q.Quota)
		report := ""
		if h.d.hasReport {
			report = "  " + h.reportView()
		}
		// The bar gives way to the report status, so the line fits.
		bw := min(30, max(5, w-lipglossWidth(label)-8-lipglossWidth(report)))
		fmt.Fprintf(&b, "%s%s %3.0f%%%s", label, bar(st, q.Held, q.Quota, bw), q.Percent(), report)
		b.WriteString("\n")
	} else {
		b.WriteString("\n")
	}
	if !h.ok {
		b.WriteString(c.T("正在读取...", "Loading..."))
		return b.String()
	}
	if c.Wide() {
		lw := w * 3 / 5
		rw := w - lw - 2
		room := c.BodyHeight() - 2
		quota := h.quotaView(w)
		top := room
		if qn := strings.Count(quota, "\n") + 2; room-qn >= 12 {
			top = room - qn
		} else {
			quota = ""
		}
		list, due := h.listView(lw), h.dueView(rw, top)
		used := min(top, max(strings.Count(list, "\n"), strings.Count(due, "\n"))+1)
		b.WriteString(sideBySide(list, lw, due, rw, used))
		if quota != "" {
			b.WriteString("\n\n" + quota)
		}
		return b.String()
	}
	left := h.listView(w)
	b.WriteString(left)
	room := c.BodyHeight() - 2 - strings.Count(left, "\n") - 1
	if room >= 2 && h.d.dueFor != nil {
		b.WriteString("\n" + h.dueView(w, room))
	}
	return b.String()
}

func (h *home) listView(w int) string {
	c := h.c
	st := c.Styles
	var lines []string
	items := h.items()
	head := st.Title.Render(c.T("待进行的活动", "Sessions to run"))
	if h.sel < len(h.d.active) && items[h.sel].State == model.StatePlanned {
		head += "  " + st.Faint.Render(c.T("e 修改  d 删除", "e edit  d delete"))
	}
	lines = append(lines, head)
	if len(h.d.active) == 0 {
		lines = append(lines, st.Faint.Render("  "+c.T("没有待进行的活动，按 n 新建", "none planned: press n for a new session")))
	}
	row := func(i int) string {
		s := items[i]
		line := "  " + h.sessionRow(s, w-2)
		if i == h.sel {
			return st.Selected.Render(padRight("> "+h.sessionRow(s, w-2), w))
		}
		return line
	}
	maxRecent := len(h.d.recent)
	if !c.Wide() {
		maxRecent = min(maxRecent, max(1, c.BodyHeight()-8-len(h.d.active)))
	}
	for i := range h.d.active {
		lines = append(lines, row(i))
	}
	lines = append(lines, st.Title.Render(c.T("最近的活动", "Recent sessions")))
	if len(h.d.recent) == 0 {
		lines = append(lines, st.Faint.Render("  "+c.T("还没有结束的活动", "no closed session yet")))
	}
	for j := 0; j < maxRecent; j++ {
		lines = append(lines, row(len(h.d.active)+j))
	}
	return strings.Join(lines, "\n")
}

func (h *home) dueView(w, height int) string {
	c := h.c
	st := c.Styles
	if h.d.dueFor == nil {
		return ""
	}
	lines := []string{st.Title.Render(truncate(fmt.Sprintf(c.T("待邀请的家庭 %d 户 (%s %s)", "Families due: %d (%s %s)"), len(h.d.due), h.d.dueFor.Band.Label(c.Lang), h.d.dueFor.Date), w))}
	if !h.unlocked {
		// Lists of children are the instructor's: the number only, until the PIN.
		return strings.Join(append(lines, st.Faint.Render(truncate("  "+c.T("名单需要 PIN：按 i 查看、通知和打印", "the list needs the PIN: i to see, tell and print it"), w))), "\n")
	}
	if len(h.d.due) == 0 {
		lines = append(lines, st.Faint.Render("  "+c.T("没有", "none")))
	}
	cols := []column{{width: max(8, min(14, w-2-6-10-2))}, {width: 6, right: true}, {width: 10}}
	for i, d := range h.d.due {
		if i >= height-1 {
			break
		}
		last := c.T("从未参加", "never")
		if !d.LastSeen.IsZero() {
			last = d.LastSeen.String()
		}
		lines = append(lines, "  "+tableRow(cols, []string{d.Child.Name, ageText(c, d.AgeMonths), last}))
	}
	return strings.Join(lines, "\n")
}

// ageText renders an age in months: 14月龄 or 14 mo.
func ageText(c *Common, months int) string {
	if c.Lang.English() {
		return fmt.Sprintf("%d mo", months)
	}
	return fmt.Sprintf("%d月龄", months)
}

// quotaView is the county's quota table with progress bars (big screens).
func (h *home) quotaView(w int) string {
	c := h.c
	st := c.Styles
	if len(h.d.quotas) == 0 {
		return ""
	}
	lines := []string{st.Title.Render(c.T(fmt.Sprintf("%d年各单位任务完成情况（* 本单位）", h.d.quotas[0].Year), fmt.Sprintf("%d quotas by unit (* this unit)", h.d.quotas[0].Year)))}
	cols := []column{{width: 16}, {width: 7, right: true}}
	bw := min(40, w-16-7-10)
	for _, q := range h.d.quotas {
		row := "  " + tableRow(cols, []string{q.Unit.Name, fmt.Sprintf("%d/%d", q.Held, q.Quota)}) + " " + bar(st, q.Held, q.Quota, bw)
		if q.Unit.ID == c.Settings.UnitID {
			row = st.Title.Render("* ") + row[2:] // not > : that is the list's cursor
		}
		lines = append(lines, row)
	}
	return strings.Join(lines, "\n")
}

// reportView is the monthly report status: due, sent, or overdue in the
// warning style.
func (h *home) reportView() string {
	st, r := h.c.Styles, h.d.report
	text := r.Text(h.c.Lang)
	if r.LateDays > 0 {
		return st.Error.Render(text)
	}
	return st.Faint.Render(text)
}
