package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"carekiosk/model"
	"carekiosk/pinyin"
)

type sessionSavedMsg struct{ s *model.Session }

// running runs the four segments in order, each with a timer, planned and
// actual minutes and free notes.
type running struct {
	c       *Common
	id      string
	s       *model.Session
	signIns int
	sel     int
	notes   *field
	editing bool
	busy    bool
	gen     int
	// queued are timing keys pressed while a save ran; each is applied in
	// turn when the save before it is stored.
	queued []tea.KeyPressMsg
	// restart is 1 + the ended segment whose restart was asked; a second
	// space confirms.
	restart int
}

func newRunning(c *Common, id string) *running { return &running{c: c, id: id, gen: c.gen} }

func (r *running) Title() string { return r.c.T("进行活动", "Running") }
func (r *running) Editing() bool { return r.editing }

func (r *running) Init() tea.Cmd { return tea.Batch(loadSession(r.c, r.id), tickSecond(r.gen)) }

func (r *running) ShortHelp() []key.Binding {
	k := r.c.Keys
	if r.editing {
		return []key.Binding{k.Enter, k.Back}
	}
	// The keys used in every session first: at 80 columns the line ends
	// after them, and ? lists the rest.
	return []key.Binding{k.Move, k.StartStop, k.Next, k.Notes, k.Summary, k.Checkin, k.Prev, k.Plus, k.Back}
}

// FullHelp lists every key of the segments, or of the notes being written.
func (r *running) FullHelp() []key.Binding {
	k := r.c.Keys
	if r.editing {
		return r.ShortHelp()
	}
	return []key.Binding{k.Move, k.StartStop, k.Next, k.Notes, k.Summary, k.Checkin, k.Prev, k.Plus, k.Minus, k.Back}
}

// running returns the index of the segment under way, or -1.
func (r *running) current() int {
	if r.s == nil {
		return -1
	}
	for i, sg := range r.s.Segments {
		if !sg.StartedAt.IsZero() && sg.EndedAt.IsZero() {
			return i
		}
	}
	return -1
}

// segmentCmd applies updates to segments in order and returns the session.
func segmentCmd(c *Common, id string, ups map[model.SegmentKind]model.SegmentUpdate, order ...model.SegmentKind) tea.Cmd {
	return func() tea.Msg {
		var s *model.Session
		var err error
		for _, k := range order {
			if s, err = c.Store.UpdateSegment(c.Ctx, id, k, ups[k]); err != nil {
				return fail(err)
			}
		}
		return sessionSavedMsg{s: s}
	}
}

func (r *running) Update(msg tea.Msg) tea.Cmd {
	c := r.c
	switch msg := msg.(type) {
	case sessionLoadedMsg:
		if msg.s.ID != r.id {
			return nil
		}
		r.signIns = len(msg.signIns)
		if r.busy && r.s != nil {
			return nil // a save is under way: its answer is the newer state
		}
		r.s = msg.s
		if cur := r.current(); cur >= 0 && r.notes == nil {
			r.sel = cur
		}
		if r.notes == nil {
			r.notes = newField(c.T("记录", "Notes"), "", 500).chinese(c.IME, pinyin.ModeText).multiline(areaLines(c, 13))
		}
		if r.s.State == model.StateOpen {
			id := r.id
			return func() tea.Msg {
				s, err := c.Store.AdvanceSession(c.Ctx, id, model.StateRunning)
				if err != nil {
					return fail(err)
				}
				return sessionSavedMsg{s: s}
			}
		}
		return nil
	case sessionSavedMsg:
		if msg.s == nil || msg.s.ID != r.id {
			return nil
		}
		r.s, r.busy = msg.s, false
		load := loadSession(c, r.id) // saves may finish out of order: read the stored state
		if len(r.queued) > 0 {
			next := r.queued[0]
			r.queued = r.queued[1:]
			return tea.Batch(load, r.Update(next))
		}
		return load

	case errMsg:
		r.busy, r.queued = false, nil // the message says what failed; the keys after it are dropped with it
		return nil
	case changeMsg:
		if msg.change.SessionID == r.id && msg.change.Kind == model.ChangeSignIn {
			r.signIns += len(msg.change.SignIns)
		}
		return nil
	case secondMsg:
		return tickSecond(r.gen)
	case tea.PasteMsg:
		if r.editing {
			r.notes.update(msg)
		}
		return nil
	case tea.KeyPressMsg:
		return r.updateKey(msg)
	}
	return nil
}

// startStop ends the selected segment when it runs, else starts it (ending
// any other one under way).
func (r *running) startStop(i int) tea.Cmd {
	cur := r.current()
	r.busy = true
	kind := model.SegmentKinds[i]
	if cur == i {
		return segmentCmd(r.c, r.id, map[model.SegmentKind]model.SegmentUpdate{kind: {End: true}}, kind)
	}
	if cur >= 0 {
		ck := model.SegmentKinds[cur]
		return segmentCmd(r.c, r.id, map[model.SegmentKind]model.SegmentUpdate{ck: {End: true}, kind: {Start: true}}, ck, kind)
	}
	return segmentCmd(r.c, r.id, map[model.SegmentKind]model.SegmentUpdate{kind: {Start: true}}, kind)
}

// next ends the segment under way and starts the following one; before the
// first start it starts the selected segment.
func (r *running) next() tea.Cmd {
	cur := r.current()
	if cur < 0 {
		started := -1
		for i, sg := range r.s.Segments {
			if !sg.StartedAt.IsZero() {
				started = i
			}
		}
		r.sel = min(3, started+1)
		return r.startStop(r.sel)
	}
	if cur == 3 {
		r.sel = 3
		return r.startStop(3)
	}
	r.sel = cur + 1
	return r.startStop(r.sel)
}

func (r *running) View() string {
	c := r.c
	st := c.Styles
	if r.s == nil {
		return c.T("正在读取...", "Loading...")
	}
	s := r.s
	w := c.Width
	now := c.Now()
	lines := []string{
		st.Big.Render(truncate(s.Title, w)),
		truncate(fmt.Sprintf("%s  %s  %s %s  %s", s.Date, s.Band.Label(c.Lang), c.T("指导员", "Instructor"), s.Instructor,
			c.T(fmt.Sprintf("已签到 %d 人", r.signIns), fmt.Sprintf("%d signed in", r.signIns))), w),
		"",
	}
	cols := []column{{title: "", width: 2}, {title: c.T("环节", "Segment"), width: 12}, {title: c.T("计划", "Plan"), width: 6, right: true},
		{title: c.T("实际", "Actual"), width: 6, right: true}, {title: c.T("状态", "State"), width: 16}}
	if c.Wide() {
		cols[1].width = 24
		cols = append(cols, column{title: c.T("记录", "Notes"), width: w - 2 - 24 - 6 - 6 - 16 - 6})
	}
	lines = append(lines, tableHeader(st, cols))
	for i, sg := range s.Segments {
		state := c.T("未开始", "not started")
		actual := "-"
		switch {
		case !sg.StartedAt.IsZero() && sg.EndedAt.IsZero():
			d := now.Sub(sg.StartedAt)
			if d < 0 {
				d = 0
			}
			state = st.Running.Render(fmt.Sprintf("%s %02d:%02d", c.T("进行中", "running"), int(d.Minutes()), int(d.Seconds())%60))
			actual = fmt.Sprint(sg.ActualMinutes(now))
		case !sg.EndedAt.IsZero():
			state = c.T("已结束", "done")
			actual = fmt.Sprint(sg.ActualMinutes(now))
		}
		planned := "-"
		if sg.PlannedMinutes > 0 {
			planned = fmt.Sprint(sg.PlannedMinutes)
		}
		mark := fmt.Sprintf("%d", i+1)
		row := tableRow(cols, []string{mark, sg.Kind.Label(c.Lang), planned, actual, state, oneLine(sg.Notes)})
		if i == r.sel {
			row = st.Selected.Render(padRight(row, w))
		}
		lines = append(lines, row)
	}
	sg := s.Segments[r.sel]
	lines = append(lines, "", st.Title.Render(fmt.Sprintf("%d %s", r.sel+1, sg.Kind.Label(c.Lang))))
	planned := sg.Planned
	if planned == "" {
		planned = c.T("(无)", "(none)")
	}
	lines = append(lines, wrap(c.T("计划内容：", "Planned: ")+planned, w)...)
	if r.editing {
		lines = append(lines, r.notes.view(st, true, 6, w))
		lines = append(lines, st.Faint.Render(truncate(c.T("回车保存记录，esc 放弃", "Enter saves the notes, esc discards"), w)))
	} else {
		notes := sg.Notes
		if notes == "" {
			notes = st.Faint.Render(c.T("(按 e 写记录)", "(press e to write notes)"))
		}
		nl := wrap(c.T("记录：", "Notes: ")+notes, w)
		room := c.BodyHeight() - len(lines) - 1
		if len(nl) > room && room > 0 {
			nl = nl[:room]
		}
		lines = append(lines, nl...)
	}
	lines = append(lines, "", st.Faint.Render(truncate(c.T("空格 开始/结束所选环节，n 结束当前并开始下一环节，s 总结与结束", "space starts/stops the selected segment, n ends it and starts the next, s summary & close"), w)))
	return strings.Join(lines, "\n")
}

// oneLine flattens text for a table cell.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// updateKey handles a key on the running screen.
func (r *running) updateKey(msg tea.KeyPressMsg) tea.Cmd {
	c := r.c
	if r.s == nil {
		return nil
	}
	if r.editing {
		switch {
		case key.Matches(msg, c.Keys.Back):
			r.editing = false
		case key.Matches(msg, c.Keys.Enter):
			r.editing = false
			notes := r.notes.Value()
			r.busy = true
			k := model.SegmentKinds[r.sel]
			return segmentCmd(c, r.id, map[model.SegmentKind]model.SegmentUpdate{k: {Notes: &notes}}, k)
		default:
			r.notes.update(msg)
		}
		return nil
	}
	k := c.Keys
	if r.busy && (key.Matches(msg, k.StartStop) || key.Matches(msg, k.Next) || key.Matches(msg, k.Plus) || key.Matches(msg, k.Minus)) {
		r.queued = append(r.queued, msg) // a timing change is being saved: this one follows it
		return nil
	}
	restart := r.restart
	r.restart = 0
	switch {
	case key.Matches(msg, k.Up):
		r.sel = max(0, r.sel-1)
	case key.Matches(msg, k.Down):
		r.sel = min(3, r.sel+1)
	case key.Matches(msg, k.Prev):
		r.sel = max(0, r.sel-1)
	case key.Matches(msg, k.StartStop):
		if sg := r.s.Segments[r.sel]; !sg.EndedAt.IsZero() && restart != r.sel+1 {
			r.restart = r.sel + 1
			return flash(fmt.Sprintf(c.T("「%s」已经结束（%s 开始，%d 分钟）。再按空格从 00:00 重新开始，会覆盖开始时间；按其他键不变",
				"%s has already ended (began %s, %d min). Space again restarts it at 00:00 and replaces its start time; any other key keeps it"),
				sg.Kind.Label(c.Lang), sg.StartedAt.In(c.Settings.Location()).Format("15:04"), sg.ActualMinutes(c.Now())), false)
		}
		return r.startStop(r.sel)
	case key.Matches(msg, k.Next):
		return r.next()
	case key.Matches(msg, k.Notes):
		r.editing = true
		r.notes.Set(r.s.Segments[r.sel].Notes)
	case key.Matches(msg, k.Plus), key.Matches(msg, k.Minus):
		m := r.s.Segments[r.sel].PlannedMinutes + 5
		if key.Matches(msg, k.Minus) {
			m = max(0, m-10)
		}
		r.busy = true
		kind := model.SegmentKinds[r.sel]
		return segmentCmd(c, r.id, map[model.SegmentKind]model.SegmentUpdate{kind: {PlannedMinutes: &m}}, kind)
	case key.Matches(msg, k.Checkin):
		return goTo(scrCheckin, r.id)
	case key.Matches(msg, k.Summary):
		return goTo(scrSummary, r.id)
	case key.Matches(msg, k.Back):
		return goTo(scrHome, "")
	}
	return nil
}
