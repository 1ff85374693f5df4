package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"carekiosk/model"
	"carekiosk/pinyin"
)

// amendPhase is where the amend screen is.
type amendPhase int

const (
	amendList amendPhase = iota // choosing a sign-in
	amendForm                   // correcting the chosen sign-in
	amendVoid                   // voiding the session
)

// amendLoadedMsg carries the closed session, its sign-ins and their
// changes so far.
type amendLoadedMsg struct {
	s       *model.Session
	signIns []model.SignIn
	changes []model.SignInChange
}

// amendFamilyMsg carries the family of the sign-in being corrected.
type amendFamilyMsg struct{ f *model.Family }

// amendFoundMsg carries the families a search for another family's child
// found.
type amendFoundMsg struct{ families []model.Family }

// amendedMsg reports a sign-in correction or the void stored.
type amendedMsg struct{ void, restore bool }

// amend corrects the sign-ins of a closed session (relation, caregiver,
// the child, or removal) and voids a session opened by mistake, each with
// a reason and a trail. It is reached from the closed session's summary
// after the PIN.
type amend struct {
	c  *Common
	id string
	s  *model.Session
	// restore: the void form takes back the void of an already voided session.
	restore bool
	signIns []model.SignIn
	changes []model.SignInChange
	sel     int
	phase   amendPhase
	busy    bool
	leaving bool
	family  *model.Family
	// found are other families searched for (the wrong child was of
	// another family).
	found []model.Family
	// searched is the text last searched for: Enter on it again moves on.
	searched string

	f      form
	kind   *choice
	value  *choice
	search *field
	reason *field
	who    *field
	// values are what each option of value stands for: a relation, a
	// caregiver id, or a child id (with "|" and a caregiver id for a child
	// of another family).
	values []string
}

// amendAfterPIN asks for the PIN, then opens the amend screen of a closed
// session: its sign-ins, or (void) the void form.
func amendAfterPIN(c *Common, s *model.Session, void bool) tea.Cmd {
	id := s.ID
	prompt := c.T("更正签到需要指导员 PIN", "correcting sign-ins needs the instructor PIN")
	switch {
	case void && s.Voided:
		prompt = c.T("撤销作废需要指导员 PIN", "undoing a void needs the instructor PIN")
	case void:
		prompt = c.T("作废活动需要指导员 PIN", "voiding a session needs the instructor PIN")
	}
	return askPIN(prompt, func() tea.Msg { return gotoMsg{to: scrAmend, sessionID: id, void: void} })
}

func newAmend(c *Common, id string, void bool) *amend {
	m := &amend{c: c, id: id}
	if void {
		m.phase = amendVoid
	}
	return m
}

func (m *amend) Title() string {
	if m.phase == amendVoid && m.restore {
		return m.c.T("撤销作废", "Undo the void")
	}
	if m.phase == amendVoid {
		return m.c.T("作废活动", "Void session")
	}
	return m.c.T("更正签到", "Correct sign-ins")
}

func (m *amend) Editing() bool { return m.phase != amendList && m.f.items != nil && m.f.editingText() }

func (m *amend) Init() tea.Cmd { return loadAmend(m.c, m.id) }

func loadAmend(c *Common, id string) tea.Cmd {
	return func() tea.Msg {
		s, si, err := readSession(c, id)
		if err != nil {
			return fail(err)
		}
		ch, err := c.Store.SignInChanges(c.Ctx, id)
		if err != nil {
			return fail(err)
		}
		return amendLoadedMsg{s: s, signIns: si, changes: ch}
	}
}

func (m *amend) ShortHelp() []key.Binding {
	k := m.c.Keys
	switch m.phase {
	case amendList:
		return []key.Binding{k.Move, k.Enter, k.Back}
	case amendVoid:
		return []key.Binding{k.Tab, k.Enter, k.Back}
	}
	out := append([]key.Binding{k.Tab}, m.f.shortKeys(k)...)
	return append(out, k.Enter, k.Back)
}

// FullHelp lists every key of the phase.
func (m *amend) FullHelp() []key.Binding {
	k := m.c.Keys
	if m.phase == amendList || m.f.items == nil {
		return m.ShortHelp()
	}
	return append(m.f.keys(k), k.Enter, k.Back)
}

func (m *amend) Update(msg tea.Msg) tea.Cmd {
	c := m.c
	switch msg := msg.(type) {
	case amendLoadedMsg:
		if msg.s.ID != m.id {
			return nil
		}
		m.s, m.signIns, m.changes = msg.s, msg.signIns, msg.changes
		m.sel = min(m.sel, max(len(m.signIns)-1, 0))
		if m.s.State != model.StateClosed {
			return tea.Batch(goTo(scrSummary, m.id), flash(c.T("活动尚未结束：错误的签到请在签到页撤销", "the session is not closed: withdraw a wrong sign-in on the check-in screen"), false))
		}
		if m.phase == amendVoid && m.f.items == nil {
			m.startVoid()
		}
		return nil
	case amendFamilyMsg:
		m.startForm(msg.f)
		return nil
	case amendFoundMsg:
		m.found = msg.families
		if m.kind != nil {
			m.fillValues()
			m.f.focusOn(m.value)
			// The first child found is offered first.
			for i, v := range m.values {
				if strings.Contains(v, "|") {
					m.value.idx = i
					break
				}
			}
		}
		if len(msg.families) == 0 {
			return flash(c.T("没有找到", "nothing found"), false)
		}
		return nil
	case amendedMsg:
		m.busy = false
		if msg.restore {
			return tea.Batch(goTo(scrSummary, m.id), flash(c.T("已撤销作废：活动重新计入统计和任务数", "void undone: the session counts again in the statistics and the quota"), true))
		}
		if msg.void {
			return tea.Batch(goTo(scrSummary, m.id), flash(c.T("活动已作废：记录保留，不计入统计和任务数", "session voided: kept, left out of the statistics and the quota"), true))
		}
		m.phase, m.f = amendList, form{}
		return tea.Batch(loadAmend(c, m.id), flash(c.T("签到更正已记录", "sign-in correction recorded"), true))
	case errMsg:
		m.busy = false
		return nil
	case tea.PasteMsg:
		if m.phase != amendList && m.f.items != nil {
			m.f.update(msg)
		}
		return nil
	case tea.KeyPressMsg:
		if m.s == nil || m.busy {
			return nil
		}
		leaving := m.leaving
		m.leaving = false
		if m.phase == amendList {
			return m.listKey(msg)
		}
		return m.formKey(msg, leaving)
	}
	return nil
}

// listKey: choose the sign-in to correct.
func (m *amend) listKey(msg tea.KeyPressMsg) tea.Cmd {
	c, k := m.c, m.c.Keys
	switch {
	case key.Matches(msg, k.Up):
		m.sel = max(m.sel-1, 0)
	case key.Matches(msg, k.Down):
		m.sel = min(m.sel+1, max(len(m.signIns)-1, 0))
	case key.Matches(msg, k.Enter):
		if len(m.signIns) == 0 {
			return nil
		}
		fid := m.signIns[m.sel].FamilyID
		return func() tea.Msg {
			f, err := c.Store.Family(c.Ctx, fid)
			if err != nil {
				return fail(err)
			}
			return amendFamilyMsg{f: f}
		}
	case key.Matches(msg, k.Back):
		return goTo(scrSummary, m.id)
	}
	return nil
}

// formKey: the correction or void form; esc over a typed reason asks once.
func (m *amend) formKey(msg tea.KeyPressMsg, leaving bool) tea.Cmd {
	c, k := m.c, m.c.Keys
	if m.f.items == nil {
		if key.Matches(msg, k.Back) {
			return goTo(scrSummary, m.id)
		}
		return nil
	}
	switch {
	case key.Matches(msg, k.Back):
		if strings.TrimSpace(m.reason.Value()) != "" && !leaving {
			m.leaving = true
			return flash(c.T("还没有提交：再按 esc 放弃", "not submitted: esc again drops it"), false)
		}
		if m.phase == amendVoid {
			return goTo(scrSummary, m.id)
		}
		m.phase, m.f = amendList, form{}
		return nil
	case key.Matches(msg, k.Enter):
		if m.search != nil && m.f.items[m.f.focus] == m.search {
			return m.find()
		}
		if m.f.last() {
			return m.submit()
		}
		m.f.next()
		return nil
	}
	before := -1
	if m.kind != nil {
		before = m.kind.idx
	}
	m.f.update(msg)
	if m.kind != nil && m.kind.idx != before {
		m.layout()
		m.fillValues()
	}
	return nil
}

// find looks for other families by a child's name or the last four phone
// digits, for a sign-in that belongs to another family's child.
func (m *amend) find() tea.Cmd {
	c := m.c
	q := strings.TrimSpace(m.search.Value())
	if q == "" || q == m.searched {
		m.f.next()
		return nil
	}
	m.searched = q
	fq := model.FamilyQuery{ChildName: q, Limit: 5}
	if len(q) == 4 && strings.Trim(q, "0123456789") == "" {
		fq = model.FamilyQuery{PhoneLast4: q, Limit: 5}
	}
	return func() tea.Msg {
		fs, err := c.Store.FindFamilies(c.Ctx, fq)
		if err != nil {
			return fail(err)
		}
		return amendFoundMsg{families: fs}
	}
}

// layout puts the search for another family's child in the form when the
// child is what is corrected.
func (m *amend) layout() {
	m.f.items = []input{m.kind, m.value, m.reason, m.who}
	if model.SignInCorrectionKinds[m.kind.idx] == model.ChangeChild {
		m.f.items = []input{m.kind, m.value, m.search, m.reason, m.who}
	}
}

// startVoid opens the void form.
func (m *amend) startVoid() {
	c := m.c
	m.kind, m.value = nil, nil
	m.restore = m.s.Voided
	m.reason = newField(c.T("作废原因", "Reason"), c.T("必填，例如：误开的活动", "required, e.g. opened by mistake"), 200)
	if m.restore {
		m.reason = newField(c.T("撤销原因", "Reason"), c.T("必填，例如：作废错了活动", "required, e.g. the wrong session was voided"), 200)
	}
	m.reason = m.reason.chinese(c.IME, pinyin.ModeText)
	m.who = newField(c.T("操作人", "Who"), "", 20).chinese(c.IME, pinyin.ModeName)
	m.who.Set(m.s.Instructor)
	m.f = form{items: []input{m.reason, m.who}}
}

// startForm opens the correction form for the chosen sign-in of family f.
func (m *amend) startForm(f *model.Family) {
	c := m.c
	m.family, m.phase = f, amendForm
	m.kind = &choice{label: c.T("更正内容", "Change")}
	for _, k := range model.SignInCorrectionKinds {
		m.kind.options = append(m.kind.options, k.Label(c.Lang))
	}
	m.value = &choice{label: c.T("改为", "New value")}
	m.search = newField(c.T("其他家庭", "Other family"), c.T("儿童姓名或电话后四位，回车查找", "child's name or last 4 phone digits, Enter"), 20).chinese(c.IME, pinyin.ModeName)
	m.reason = newField(c.T("更正原因", "Reason"), c.T("必填", "required"), 200).chinese(c.IME, pinyin.ModeText)
	m.who = newField(c.T("更正人", "Who"), "", 20).chinese(c.IME, pinyin.ModeName)
	m.who.Set(m.s.Instructor)
	m.found, m.searched = nil, ""
	m.f = form{}
	m.layout()
	m.fillValues()
}

// fillValues offers the new values of the chosen kind: the relations, the
// family's caregivers, the family's children not signed in to this
// session, or (removal) nothing to choose.
func (m *amend) fillValues() {
	c := m.c
	si := m.signIns[m.sel]
	m.value.options, m.values, m.value.idx = nil, nil, 0
	add := func(label, v string) {
		m.value.options, m.values = append(m.value.options, label), append(m.values, v)
	}
	switch model.SignInCorrectionKinds[m.kind.idx] {
	case model.ChangeRelation:
		for _, r := range model.Relations {
			if r != si.Relation {
				add(r.Label(c.Lang), string(r))
			}
		}
	case model.ChangeCaregiver:
		for _, g := range m.family.Caregivers {
			if g.ID != si.CaregiverID {
				add(g.Name+" · "+g.Relation.Label(c.Lang), g.ID)
			}
		}
	case model.ChangeChild:
		signed := map[string]bool{}
		for _, x := range m.signIns {
			signed[x.ChildID] = true
		}
		for _, ch := range m.family.Children {
			if age := ch.AgeOn(m.s.Date); !signed[ch.ID] && age >= 0 {
				add(ch.Name+" · "+ageText(c, age), ch.ID)
			}
		}
		m.otherFamilies(signed, add)
	case model.ChangeRemove:
		add(c.T("删除这条签到（保留记录）", "remove this sign-in (kept aside)"), "")
	}
	if len(m.value.options) == 0 {
		add(c.T("（没有可选的）", "(nothing to choose)"), "")
	}
}

// submit stores the correction or the void.
func (m *amend) submit() tea.Cmd {
	c := m.c
	if m.phase == amendVoid {
		in := model.VoidInput{SessionID: m.id, Who: m.who.Value(), Reason: m.reason.Value(), Restore: m.restore}
		m.busy = true
		return func() tea.Msg {
			if _, err := c.Store.VoidSession(c.Ctx, in); err != nil {
				return fail(err)
			}
			return amendedMsg{void: true, restore: in.Restore}
		}
	}
	si := m.signIns[m.sel]
	in := model.SignInCorrectionInput{SessionID: m.id, SignInID: si.ID, Kind: model.SignInCorrectionKinds[m.kind.idx], Who: m.who.Value(), Reason: m.reason.Value()}
	v := m.values[m.value.idx]
	switch in.Kind {
	case model.ChangeRelation:
		in.Relation = model.Relation(v)
	case model.ChangeCaregiver:
		in.CaregiverID = v
	case model.ChangeChild:
		in.ChildID, in.CaregiverID, _ = strings.Cut(v, "|")
	}
	if err := in.Validate(); err != nil {
		return func() tea.Msg { return fail(err) }
	}
	m.busy = true
	return func() tea.Msg {
		if _, err := c.Store.CorrectSignIn(c.Ctx, in); err != nil {
			return fail(err)
		}
		return amendedMsg{}
	}
}

func (m *amend) View() string {
	c := m.c
	st := c.Styles
	if m.s == nil {
		return c.T("正在读取...", "Loading...")
	}
	w, h := c.Width, c.BodyHeight()
	head := fmt.Sprintf("%s %s · %s", dateText(c, m.s.Date), m.s.Title, m.s.Band.Label(c.Lang))
	if m.s.Voided {
		head += " · " + c.T("已作废", "void")
	}
	lines := []string{st.Title.Render(truncate(head, w))}
	switch m.phase {
	case amendVoid:
		warn := c.T("作废误开的活动：记录和签到都保留，表格标记“已作废”，不计入统计和任务数", "Void a session opened by mistake: kept with its sign-ins, marked void, left out of the statistics and quota")
		if m.restore {
			warn = c.T("撤销作废：活动重新计入统计和任务数，作废和撤销都留在更正记录里", "Undo the void: the session counts again; the void and its undoing stay in the corrections")
		}
		lines = append(lines, st.Warn.Render(truncate(warn, w)))
		if m.f.items != nil {
			lines = append(lines, "", m.f.view(st, 10, w), "", st.Faint.Render(truncate(c.T("最后一栏回车提交", "Enter on the last field submits"), w)))
		}
	case amendForm:
		si := m.signIns[m.sel]
		lines = append(lines, truncate(fmt.Sprintf(c.T("序号 %d：%s（%s）%s", "No. %d: %s (%s) %s"), si.Seq, si.ChildName, ageText(c, si.AgeMonths), si.Relation.Label(c.Lang)), w),
			"", m.f.view(st, 10, w), "", st.Faint.Render(truncate(c.T("左右选择，最后一栏回车提交", "left/right chooses; Enter on the last field submits"), w)))
	default:
		lines = append(lines, st.Faint.Render(truncate(c.T("选择要更正的签到，回车", "Choose the sign-in to correct, Enter"), w)))
		lines = append(lines, m.listLines(w)...)
	}
	if len(m.changes) > 0 && len(lines)+2 < h {
		lines = append(lines, "", st.Label.Render(c.T("签到更正记录", "Sign-in changes")))
		for _, ch := range m.changes {
			lines = append(lines, wrap(ch.Text(c.Lang, c.Settings.Location()), w)...)
		}
	}
	if len(lines) > h {
		lines = lines[:h]
	}
	return strings.Join(lines, "\n")
}

// listLines renders the sign-ins with the chosen one marked.
func (m *amend) listLines(w int) []string {
	c, st := m.c, m.c.Styles
	cols := []column{{title: c.T("序号", "No."), width: 4, right: true}, {title: c.T("儿童姓名", "Child"), width: 10},
		{title: c.T("年龄", "Age"), width: 8}, {title: c.T("关系", "Relation"), width: 8}, {title: c.T("养育人", "Caregiver"), width: 10}}
	out := []string{"  " + tableHeader(st, cols)}
	if len(m.signIns) == 0 {
		return append(out, st.Faint.Render(c.T("没有签到", "no sign-ins")))
	}
	for i, si := range m.signIns {
		row := tableRow(cols, []string{fmt.Sprint(si.Seq), si.ChildName, ageText(c, si.AgeMonths), si.Relation.ShortLabel(c.Lang), si.Caregiver})
		if i == m.sel {
			out = append(out, st.Selected.Render(truncate("> "+row, w)))
			continue
		}
		out = append(out, truncate("  "+row, w))
	}
	return out
}

// otherFamilies offers the children of the families found, each with each
// of its caregivers (a sign-in moved to another family takes one of its
// caregivers).
func (m *amend) otherFamilies(signed map[string]bool, add func(label, v string)) {
	c := m.c
	for _, f := range m.found {
		if f.ID == m.family.ID {
			continue
		}
		for _, ch := range f.Children {
			age := ch.AgeOn(m.s.Date)
			if signed[ch.ID] || age < 0 {
				continue
			}
			for _, g := range f.Caregivers {
				add(ch.Name+" · "+ageText(c, age)+" · "+g.Relation.ShortLabel(c.Lang)+" "+g.Name, ch.ID+"|"+g.ID)
			}
		}
	}
}
