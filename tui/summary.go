package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"carekiosk/model"
	"carekiosk/pinyin"
)

type summaryLoadedMsg struct {
	s           *model.Session
	signIns     []model.SignIn
	corrections []model.Correction
	withdrawn   []model.WithdrawnSignIn
	// changes are the sign-ins' withdrawals and corrections.
	changes []model.SignInChange
}

type closedMsg struct{}

type correctedMsg struct{}

// summarySavedMsg reports the summary stored.
type summarySavedMsg struct{ s *model.Session }

type summaryPhase int

const (
	phaseEdit    summaryPhase = iota // typing the four summary fields
	phaseReview                      // saved; may close
	phaseConfirm                     // asked to confirm closing
	phaseClosed                      // closed: changes are corrections
	phaseCorrect                     // typing a correction
)

// summary writes the 活动总结, previews the activity record and closes the
// session; after closing, a change is a correction with a reason.
type summary struct {
	c           *Common
	id          string
	s           *model.Session
	signIns     []model.SignIn
	corrections []model.Correction
	phase       summaryPhase
	f           form
	fields      [4]*field
	busy        bool
	wantCorrect bool
	// leaving is set by an esc over unsaved typing: a second esc drops it.
	leaving bool

	cf     form
	which  *choice
	value  *field
	reason *field
	who    *field
}

func newSummary(c *Common, id string, correct bool) *summary {
	m := &summary{c: c, id: id, wantCorrect: correct}
	labels := [4]string{c.T("衔接情况", "Hand-over"), c.T("配合情况", "Cooperation"), c.T("突发事件", "Incidents"), c.T("其他", "Other")}
	hints := [4]string{c.T("本次活动衔接情况", "how this session linked to the last"), c.T("家长孩子配合情况", "how families cooperated"),
		c.T("突发事件处理情况（没有写无）", "incidents and how they were handled"), c.T("其他需要记录的细节", "anything else")}
	for i := range m.fields {
		m.fields[i] = newField(labels[i], hints[i], 500).chinese(c.IME, pinyin.ModeText).multiline(areaLines(c, 8))
		m.f.items = append(m.f.items, m.fields[i])
	}
	return m
}

func (m *summary) Title() string { return m.c.T("总结与结束", "Summary & close") }

func (m *summary) Editing() bool {
	return m.phase == phaseEdit || (m.phase == phaseCorrect && m.cf.editingText())
}

func (m *summary) Init() tea.Cmd { return loadSummary(m.c, m.id) }

// signInsRefreshedMsg carries a session's sign-ins read again.
type signInsRefreshedMsg struct {
	id      string
	signIns []model.SignIn
}

// refreshSignIns reads a session's sign-ins again.
func refreshSignIns(c *Common, id string) tea.Cmd {
	return func() tea.Msg {
		si, err := c.Store.SignIns(c.Ctx, id)
		if err != nil {
			return fail(err)
		}
		return signInsRefreshedMsg{id: id, signIns: si}
	}
}

func loadSummary(c *Common, id string) tea.Cmd {
	return func() tea.Msg {
		s, si, err := readSession(c, id)
		if err != nil {
			return fail(err)
		}
		cs, err := c.Store.Corrections(c.Ctx, id)
		if err != nil {
			return fail(err)
		}
		wd, err := c.Store.WithdrawnSignIns(c.Ctx, id)
		if err != nil {
			return fail(err)
		}
		ch, err := c.Store.SignInChanges(c.Ctx, id)
		if err != nil {
			return fail(err)
		}
		return summaryLoadedMsg{s: s, signIns: si, corrections: cs, withdrawn: wd, changes: ch}
	}
}

func (m *summary) ShortHelp() []key.Binding {
	k := m.c.Keys
	switch m.phase {
	case phaseEdit:
		return []key.Binding{k.Tab, k.Save, k.Back}
	case phaseReview:
		return []key.Binding{k.CloseSession, k.Edit, k.Running, k.Back}
	case phaseConfirm:
		return []key.Binding{k.Yes, k.No}
	case phaseClosed:
		if m.s != nil && m.s.Voided {
			return []key.Binding{k.Correct, k.SignInFix, k.Restore, k.History, k.Back}
		}
		return []key.Binding{k.Correct, k.SignInFix, k.Void, k.History, k.Back}
	}
	out := append([]key.Binding{k.Tab}, m.cf.shortKeys(k)...)
	return append(out, k.Enter, k.Back)
}

// FullHelp lists every key of the phase: the keys its handler acts on.
func (m *summary) FullHelp() []key.Binding {
	k := m.c.Keys
	switch m.phase {
	case phaseEdit:
		return append(m.f.keys(k), k.Enter, k.Save, k.Back)
	case phaseCorrect:
		return append(m.cf.keys(k), k.Enter, k.Back)
	}
	return m.ShortHelp()
}

func (m *summary) Update(msg tea.Msg) tea.Cmd {
	c := m.c
	switch msg := msg.(type) {
	case summaryLoadedMsg:
		m.loaded(msg)
		return nil
	case changeMsg:
		// A late family signs in on a phone while the summary is written:
		// the preview follows, what is typed stays.
		if msg.change.SessionID == m.id && m.s != nil && m.s.State != model.StateClosed {
			return refreshSignIns(c, m.id)
		}
		return nil
	case signInsRefreshedMsg:
		if msg.id == m.id {
			m.signIns = msg.signIns
		}
		return nil
	case summarySavedMsg:
		m.s, m.busy, m.phase = msg.s, false, phaseReview
		return flash(c.T("总结已保存", "summary saved"), true)
	case closedMsg:
		m.busy = false
		return tea.Batch(loadSummary(c, m.id), flash(c.T("活动已结束并归档，之后的修改需要填写更正原因", "session closed; later changes are corrections with a reason"), true))
	case correctedMsg:
		m.busy = false
		m.phase = phaseClosed
		return tea.Batch(loadSummary(c, m.id), flash(c.T("更正已记录", "correction recorded"), true))
	case errMsg:
		m.busy = false
		if m.phase == phaseConfirm {
			m.phase = phaseReview
		}
		return nil
	case tea.PasteMsg:
		switch m.phase {
		case phaseEdit:
			m.f.update(msg)
		case phaseCorrect:
			m.cf.update(msg)
		}
		return nil
	case tea.KeyPressMsg:
		return m.updateKey(msg)
	}
	return nil
}

// loaded takes the session read: a closed one shows its record (or the
// correction form when asked for), an open one its summary so far.
func (m *summary) loaded(msg summaryLoadedMsg) {
	if msg.s.ID != m.id {
		return
	}
	m.s, m.signIns, m.corrections = msg.s, msg.signIns, msg.corrections
	if m.s.State == model.StateClosed {
		m.phase = phaseClosed
		if m.wantCorrect {
			m.wantCorrect = false
			m.startCorrect()
		}
		return
	}
	sm := m.s.Summary
	for i, v := range []string{sm.Handover, sm.Cooperation, sm.Incidents, sm.Other} {
		m.fields[i].Set(v)
	}
	if !sm.IsEmpty() {
		m.phase = phaseReview
	}
}

// updateKey hands a key to the phase's handler.
func (m *summary) updateKey(msg tea.KeyPressMsg) tea.Cmd {
	if m.s == nil || m.busy {
		return nil
	}
	leaving := m.leaving
	m.leaving = false
	switch m.phase {
	case phaseEdit:
		return m.editKey(msg, leaving)
	case phaseReview:
		return m.reviewKey(msg)
	case phaseConfirm:
		return m.confirmKey(msg)
	case phaseClosed:
		return m.closedKey(msg)
	case phaseCorrect:
		return m.correctKey(msg, leaving)
	}
	return nil
}

// editKey: the four summary fields; esc over unsaved typing asks once.
func (m *summary) editKey(msg tea.KeyPressMsg, leaving bool) tea.Cmd {
	c, k := m.c, m.c.Keys
	switch {
	case key.Matches(msg, k.Back):
		if m.typed() != m.s.Summary && !leaving {
			m.leaving = true
			return flash(c.T("总结还没有保存：ctrl+s 保存，再按 esc 放弃这次填写", "the summary is not saved: ctrl+s saves, esc again drops what you typed"), false)
		}
		return goTo(scrRunning, m.id)
	case key.Matches(msg, k.Save):
		return m.save()
	case key.Matches(msg, k.Enter):
		if m.f.last() {
			return m.save()
		}
		m.f.next()
		return nil
	}
	m.f.update(msg)
	return nil
}

// reviewKey: the summary is saved; close, edit, back to the segments.
func (m *summary) reviewKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.c.Keys
	switch {
	case key.Matches(msg, k.CloseSession):
		m.phase = phaseConfirm
	case key.Matches(msg, k.Edit):
		m.phase = phaseEdit
	case key.Matches(msg, k.Running):
		return goTo(scrRunning, m.id)
	case key.Matches(msg, k.Back):
		return goTo(scrHome, "")
	}
	return nil
}

// confirmKey: y closes the session, n or esc does not.
func (m *summary) confirmKey(msg tea.KeyPressMsg) tea.Cmd {
	c, k := m.c, m.c.Keys
	switch {
	case key.Matches(msg, k.Yes):
		m.busy = true
		id := m.id
		return func() tea.Msg {
			if _, err := c.Store.CloseSession(c.Ctx, id); err != nil {
				return fail(err)
			}
			return closedMsg{}
		}
	case key.Matches(msg, k.No):
		m.phase = phaseReview
	}
	return nil
}

// closedKey: a closed session; correct it, see its history, go home.
func (m *summary) closedKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.c.Keys
	switch {
	case key.Matches(msg, k.Correct):
		m.startCorrect()
	case key.Matches(msg, k.SignInFix), key.Matches(msg, k.Void):
		return amendAfterPIN(m.c, m.s, key.Matches(msg, k.Void))
	case key.Matches(msg, k.History):
		return goTo(scrHistory, m.id)
	case key.Matches(msg, k.Back):
		return goTo(scrHome, "")
	}
	return nil
}

// correctKey: the correction form; esc over typing asks once.
func (m *summary) correctKey(msg tea.KeyPressMsg, leaving bool) tea.Cmd {
	c, k := m.c, m.c.Keys
	switch {
	case key.Matches(msg, k.Back):
		if (m.reason.Value() != "" || m.value.Value() != m.shown(model.CorrectionFields[m.which.idx])) && !leaving {
			m.leaving = true
			return flash(c.T("更正还没有提交：再按 esc 放弃", "the correction is not submitted: esc again drops it"), false)
		}
		m.phase = phaseClosed
		return nil
	case key.Matches(msg, k.Enter):
		if m.cf.last() {
			return m.submitCorrection()
		}
		m.cf.next()
		return nil
	}
	before := m.which.idx
	m.cf.update(msg)
	if m.which.idx != before {
		m.value.Set(m.shown(model.CorrectionFields[m.which.idx]))
	}
	return nil
}

// typed is the summary as the form holds it.
func (m *summary) typed() model.Summary {
	return model.Summary{Handover: m.fields[0].Value(), Cooperation: m.fields[1].Value(), Incidents: m.fields[2].Value(), Other: m.fields[3].Value()}
}

func (m *summary) save() tea.Cmd {
	c := m.c
	sm := m.typed()
	if sm.IsEmpty() {
		err := model.FieldErrorf(string(model.FieldSummaryHandover), "请至少填写一项总结", "write at least one part of the summary")
		return func() tea.Msg { return fail(err) }
	}
	m.busy = true
	id := m.id
	return func() tea.Msg {
		s, err := c.Store.UpdateSummary(c.Ctx, id, sm)
		if err != nil {
			return fail(err)
		}
		return summarySavedMsg{s: s}
	}
}

func (m *summary) startCorrect() {
	c := m.c
	m.phase = phaseCorrect
	m.which = &choice{label: c.T("更正项目", "Field")}
	for _, f := range model.CorrectionFields {
		m.which.options = append(m.which.options, f.Label(c.Lang))
	}
	m.value = newField(c.T("新内容", "New value"), "", 500).chinese(c.IME, pinyin.ModeText).multiline(areaLines(c, 8))
	m.value.Set(m.shown(model.CorrectionFields[0]))
	m.reason = newField(c.T("更正原因", "Reason"), c.T("必填", "required"), 200).chinese(c.IME, pinyin.ModeText)
	m.who = newField(c.T("更正人", "Who"), "", 20).chinese(c.IME, pinyin.ModeName)
	m.who.Set(m.s.Instructor)
	m.cf = form{items: []input{m.which, m.value, m.reason, m.who}}
}

// shown is f's value as the correction form shows it for editing: a band
// as 7-9月龄, areas by their names.
func (m *summary) shown(f model.CorrectionField) string {
	return f.Display(f.Value(m.s), m.c.Lang)
}

func (m *summary) submitCorrection() tea.Cmd {
	c := m.c
	f := model.CorrectionFields[m.which.idx]
	v, err := f.Normalize(m.value.Value())
	in := model.CorrectionInput{SessionID: m.id, Who: m.who.Value(), Field: f, NewValue: v, Reason: m.reason.Value()}
	if err == nil {
		err = in.Validate()
	}
	if err != nil {
		return func() tea.Msg { return fail(err) }
	}
	m.busy = true
	return func() tea.Msg {
		if _, err := c.Store.Correct(c.Ctx, in); err != nil {
			return fail(err)
		}
		return correctedMsg{}
	}
}

func (m *summary) View() string {
	c := m.c
	st := c.Styles
	if m.s == nil {
		return c.T("正在读取...", "Loading...")
	}
	w, h := c.Width, c.BodyHeight()
	var top []string
	switch m.phase {
	case phaseEdit:
		top = append(top, st.Title.Render(c.T("活动总结（tab 换栏，最后一栏回车或 ctrl+s 保存）", "Summary (tab moves; Enter on the last or ctrl+s saves)")))
		top = append(top, m.f.view(st, 10, w))
	case phaseReview:
		top = append(top, st.OK.Render(truncate(c.T("总结已保存。按 c 结束活动（结束后只能更正），e 修改总结，r 回到环节", "Summary saved. c closes the session (after that only corrections), e edits, r back to segments"), w)))
	case phaseConfirm:
		top = append(top, st.Warn.Render(truncate(c.T("确认结束本次活动并归档？结束后的修改都要填写更正原因。 y 确认 / n 取消", "Close and file this session? Later changes need a reason. y yes / n no"), w)))
	case phaseClosed:
		head := c.T("本次活动已结束。x 更正活动内容，i 更正签到，v 作废（均需写明原因）", "This session is closed. x corrects it, i its sign-ins, v voids it (each with a reason)")
		if m.s != nil && m.s.Voided {
			head = c.T("本次活动已作废。x 更正活动内容，i 更正签到，v 撤销作废（均需写明原因）", "This session is voided. x corrects it, i its sign-ins, v undoes the void (each with a reason)")
		}
		top = append(top, st.OK.Render(truncate(head, w)))
		if n := len(m.corrections); n > 0 && !c.Wide() {
			// The list itself shows only where there is room.
			top = append(top, st.Faint.Render(truncate(fmt.Sprintf(c.T("本表为第 %d 版，已更正 %d 次；按 h 在历史里查看更正记录", "This record is revision %d, corrected %d times; h shows the corrections in history"), m.s.Revision, n), w)))
		}
	case phaseCorrect:
		top = append(top, st.Title.Render(c.T("更正已结束的活动（左右选择项目，最后一栏回车提交）", "Correct a closed session (left/right picks the field; Enter on the last submits)")))
		top = append(top, m.cf.view(st, 10, w))
	}
	top = append(top, "")
	preview := []string{st.Label.Render(c.T("活动记录表预览", "Activity record preview"))}
	if c.Wide() {
		preview = append(preview, recordLines(c, m.s, m.signIns, w)...)
		if m.phase == phaseClosed || m.phase == phaseCorrect {
			preview = append(preview, "", st.Label.Render(c.T("更正记录", "Corrections")))
			preview = append(preview, correctionLines(c, m.corrections, w)...)
		}
	} else {
		preview = append(preview, recordLines(c, m.s, m.signIns, w)...)
	}
	all := append(strings.Split(strings.Join(top, "\n"), "\n"), preview...)
	if len(all) > h {
		all = all[:h]
	}
	return strings.Join(all, "\n")
}
