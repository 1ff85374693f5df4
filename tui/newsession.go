package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"carekiosk/model"
)

type instructorsMsg struct{ names []string }

// sameBandMsg warns that the band already has a session that day.
type sameBandMsg struct{ existing model.Session }

// newSession plans a session: date, band, title, instructor, content areas
// and the planned content of three segments.
type newSession struct {
	c          *Common
	f          form
	date       *field
	band       *choice
	title      *field
	instructor *field
	areas      *toggles
	planned    [3]*field
	warned     bool
	busy       bool
	warning    string
}

func newNewSession(c *Common) *newSession {
	n := &newSession{c: c}
	n.date = newField(c.T("日期", "Date"), "YYYY-MM-DD", 10)
	n.date.Set(c.Today().String())
	bands := c.Settings.Bands
	if len(bands) == 0 {
		bands = model.DefaultAgeBands
	}
	n.band = &choice{label: c.T("活动月龄", "Age band")}
	for _, b := range bands {
		n.band.options = append(n.band.options, b.Label(c.Lang))
	}
	n.title = newField(c.T("活动标题", "Title"), c.T("例如：辅食添加", "e.g. first foods"), 40)
	n.instructor = newField(c.T("健康指导员", "Instructor"), c.T("姓名", "name"), 20)
	n.areas = &toggles{label: c.T("内容领域", "Areas")}
	for _, a := range model.ContentAreas {
		n.areas.options = append(n.areas.options, a.Label(c.Lang))
	}
	n.areas.on = make([]bool, len(n.areas.options))
	for i, k := range []model.SegmentKind{model.SegHealthEducation, model.SegParentingSharing, model.SegParentChildActivity} {
		n.planned[i] = newField(k.Label(c.Lang), c.T("计划内容", "planned content"), 200)
	}
	n.f.items = []input{n.date, n.band, n.title, n.instructor, n.areas, n.planned[0], n.planned[1], n.planned[2]}
	return n
}

func (n *newSession) Title() string { return n.c.T("新建活动", "New session") }
func (n *newSession) Editing() bool { return n.f.editingText() }

func (n *newSession) Init() tea.Cmd {
	c := n.c
	return func() tea.Msg {
		ins, err := c.Store.Instructors(c.Ctx)
		if err != nil {
			return fail(err)
		}
		var names []string
		for _, i := range ins {
			if c.Settings.UnitID == "" || i.UnitID == c.Settings.UnitID {
				names = append(names, i.Name)
			}
		}
		return instructorsMsg{names: names}
	}
}

func (n *newSession) ShortHelp() []key.Binding {
	k := n.c.Keys
	return []key.Binding{k.Tab, k.Left, k.Toggle, k.Save, k.Back}
}

func (n *newSession) input() (model.NewSessionInput, error) {
	in := model.NewSessionInput{StationID: n.c.Settings.StationID, Title: n.title.Value(), Instructor: n.instructor.Value()}
	d, err := model.ParseDate(n.date.Value())
	if err != nil {
		n.f.focusOn(n.date)
		return in, err
	}
	in.Date = d
	bands := n.c.Settings.Bands
	if len(bands) == 0 {
		bands = model.DefaultAgeBands
	}
	in.Band = bands[n.band.idx]
	for i, on := range n.areas.on {
		if on {
			in.Areas = append(in.Areas, model.ContentAreas[i])
		}
	}
	for i := range n.planned {
		in.Planned[i+1] = n.planned[i].Value()
	}
	return in, nil
}

func (n *newSession) Update(msg tea.Msg) tea.Cmd {
	c := n.c
	switch msg := msg.(type) {
	case instructorsMsg:
		if len(msg.names) > 0 && n.instructor.Value() == "" {
			n.instructor.Set(msg.names[0])
			n.instructor.hint = strings.Join(msg.names, " / ")
		}
	case sameBandMsg:
		n.busy, n.warned = false, true
		n.warning = c.T("同一天已有"+msg.existing.Band.Label("zh")+"的活动（"+msg.existing.Title+"），再按 ctrl+s 仍然创建",
			"the same band already has a session that day ("+msg.existing.Title+"); press ctrl+s again to create anyway")
	case errMsg:
		n.busy = false
		switch errField(msg.err) {
		case model.FieldTitle:
			n.f.focusOn(n.title)
		case model.FieldInstructor:
			n.f.focusOn(n.instructor)
		}
	case tea.KeyPressMsg:
		switch msg.String() {
		case "esc":
			return goTo(scrHome, "")
		case "ctrl+s":
			return n.save()
		case "enter":
			if n.f.last() {
				return n.save()
			}
			n.f.next()
			return nil
		}
		n.f.update(msg)
	case tea.PasteMsg:
		n.f.update(msg)
	}
	return nil
}

func (n *newSession) save() tea.Cmd {
	if n.busy {
		return nil
	}
	in, err := n.input()
	if err != nil {
		return func() tea.Msg { return fail(err) }
	}
	bands := n.c.Settings.Bands
	if len(bands) == 0 {
		bands = model.DefaultAgeBands
	}
	if err := in.Validate(bands); err != nil {
		return func() tea.Msg { return fail(err) }
	}
	n.busy = true
	c, warned, today := n.c, n.warned, n.c.Today()
	return func() tea.Msg {
		if !warned {
			same, err := c.Store.Sessions(c.Ctx, model.SessionFilter{From: in.Date, To: in.Date, Band: in.Band})
			if err != nil {
				return fail(err)
			}
			if len(same) > 0 {
				return sameBandMsg{existing: same[0]}
			}
		}
		s, err := c.Store.CreateSession(c.Ctx, in)
		if err != nil {
			return fail(err)
		}
		if in.Date != today {
			return gotoMsg{to: scrHome}
		}
		if _, err := c.Store.AdvanceSession(c.Ctx, s.ID, model.StateOpen); err != nil {
			return fail(err)
		}
		return gotoMsg{to: scrCheckin, sessionID: s.ID}
	}
}

func (n *newSession) View() string {
	c := n.c
	st := c.Styles
	w := c.Width
	lines := []string{st.Title.Render(c.T("计划一次养育照护小组活动", "Plan a care group session")), ""}
	body := n.f.view(st, 12, w)
	lines = append(lines, body, "")
	if n.warning != "" {
		lines = append(lines, st.Warn.Render(truncate(n.warning, w)))
	}
	hint := c.T("日期默认今天；今天的活动保存后直接打开签到屏。内容领域：左右移动，空格或数字 1-5 选择。",
		"The date defaults to today; a session for today opens the check-in screen when saved. Areas: left/right, space or 1-5.")
	for _, l := range wrap(hint, w) {
		lines = append(lines, st.Faint.Render(l))
	}
	return strings.Join(lines, "\n")
}
