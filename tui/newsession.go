package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"carekiosk/model"
	"carekiosk/pinyin"
)

type instructorsMsg struct{ names []string }

// sameBandMsg warns that the band already has a session that day.
type sameBandMsg struct{ existing model.Session }

// newSession plans a session: date, band, title, instructor, content areas
// and the planned content of three segments. With editID set it changes a
// planned session instead.
type newSession struct {
	c      *Common
	editID string
	// pristine is the form as opened; esc over other content asks first.
	pristine   string
	escArmed   bool
	edited     *model.Session // the planned session, once loaded
	f          form
	date       *field
	band       *choice
	title      *field
	instructor *field
	areas      *toggles
	planned    [3]*field
	// extraBand is the edited session's band when the settings no longer
	// list it (the last option of band).
	extraBand *model.AgeBand
	warned    bool
	busy      bool
	warning   string
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
	n.title = newField(c.T("活动标题", "Title"), c.T("例如：辅食添加", "e.g. first foods"), 40).chinese(c.IME, pinyin.ModeText)
	n.instructor = newField(c.T("健康指导员", "Instructor"), c.T("姓名", "name"), 20).chinese(c.IME, pinyin.ModeName)
	n.areas = &toggles{label: c.T("内容领域", "Areas")}
	for _, a := range model.ContentAreas {
		n.areas.options = append(n.areas.options, a.Label(c.Lang))
	}
	n.areas.on = make([]bool, len(n.areas.options))
	for i, k := range []model.SegmentKind{model.SegHealthEducation, model.SegParentingSharing, model.SegParentChildActivity} {
		n.planned[i] = newField(k.Label(c.Lang), c.T("计划内容", "planned content"), 200).chinese(c.IME, pinyin.ModeText)
	}
	n.f.items = []input{n.date, n.band, n.title, n.instructor, n.areas, n.planned[0], n.planned[1], n.planned[2]}
	n.pristine = n.f.state()
	return n
}

// newEditSession changes the planned session id.
func newEditSession(c *Common, id string) *newSession {
	n := newNewSession(c)
	n.editID = id
	return n
}

// plannedLoadedMsg carries the planned session to edit.
type plannedLoadedMsg struct {
	s *model.Session
	// records is true when someone signed in to it already.
	records bool
}

// fill puts a planned session into the form.
func (n *newSession) fill(s *model.Session) {
	c := n.c
	n.edited = s
	n.date.Set(s.Date.String())
	bands := n.bands()
	n.band.idx = -1
	for i, b := range bands {
		if b == s.Band {
			n.band.idx = i
		}
	}
	if n.band.idx < 0 {
		// The settings' bands changed since: keep the session's own.
		n.extraBand = &s.Band
		n.band.options = append(n.band.options, s.Band.Label(c.Lang))
		n.band.idx = len(n.band.options) - 1
	}
	n.title.Set(s.Title)
	n.instructor.Set(s.Instructor)
	for i, a := range model.ContentAreas {
		n.areas.on[i] = false
		for _, x := range s.Areas {
			if x == a {
				n.areas.on[i] = true
			}
		}
	}
	for i := range n.planned {
		n.planned[i].Set(s.Segments[i+1].Planned)
	}
}

// bands are the settings' age bands (the defaults when none are set).
func (n *newSession) bands() []model.AgeBand {
	if len(n.c.Settings.Bands) == 0 {
		return model.DefaultAgeBands
	}
	return n.c.Settings.Bands
}

func (n *newSession) Title() string {
	if n.editID != "" {
		return n.c.T("修改活动", "Edit session")
	}
	return n.c.T("新建活动", "New session")
}
func (n *newSession) Editing() bool { return n.f.editingText() }

func (n *newSession) Init() tea.Cmd {
	c := n.c
	load := n.instructors()
	if n.editID == "" {
		return load
	}
	id := n.editID
	return tea.Batch(load, func() tea.Msg {
		s, err := c.Store.Session(c.Ctx, id)
		if err != nil {
			return fail(err)
		}
		records, err := hasRecords(c, *s)
		if err != nil {
			return fail(err)
		}
		return plannedLoadedMsg{s: s, records: records}
	})
}

// instructors loads the unit's instructors for the hint.
func (n *newSession) instructors() tea.Cmd {
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
	out := append([]key.Binding{k.Tab}, n.f.shortKeys(k)...)
	return append(out, k.Save, k.Back)
}

// FullHelp lists every key: the form's with its focused input's, next or
// save on enter, save, back.
func (n *newSession) FullHelp() []key.Binding {
	k := n.c.Keys
	return append(n.f.keys(k), k.Enter, k.Save, k.Back)
}

func (n *newSession) input() (model.NewSessionInput, error) {
	in := model.NewSessionInput{StationID: n.c.Settings.StationID, Title: n.title.Value(), Instructor: n.instructor.Value()}
	d, err := model.ParseDate(n.date.Value())
	if err != nil {
		n.f.focusOn(n.date)
		return in, err
	}
	in.Date = d
	if bands := n.bands(); n.band.idx < len(bands) {
		in.Band = bands[n.band.idx]
	} else if n.extraBand != nil {
		in.Band = *n.extraBand
	}
	for i, on := range n.areas.on {
		if on {
			in.Areas = append(in.Areas, model.ContentAreas[i])
		}
	}
	for i := range n.planned {
		in.Planned[i+1] = n.planned[i].Value()
	}
	if n.edited != nil {
		// The introductions' plan has no field here: keep it.
		in.Planned[0] = n.edited.Segments[0].Planned
	}
	return in, nil
}

func (n *newSession) Update(msg tea.Msg) tea.Cmd {
	c := n.c
	switch msg := msg.(type) {
	case plannedLoadedMsg:
		if !model.EditableAsPlanned(msg.s.State, msg.records) {
			return tea.Batch(goTo(scrHome, ""), flash(notPlannableText(c), false))
		}
		n.fill(msg.s)
		n.pristine = n.f.state()
	case instructorsMsg:
		if len(msg.names) > 0 && n.instructor.Value() == "" {
			untouched := n.f.state() == n.pristine
			n.instructor.Set(msg.names[0])
			n.instructor.hint = strings.Join(msg.names, " / ")
			if untouched {
				n.pristine = n.f.state()
			}
		}
	case sameBandMsg:
		n.busy, n.warned = false, true
		n.warning = c.T("同一天已有"+msg.existing.Band.Label(model.LangZH)+"的活动（"+msg.existing.Title+"），再按 ctrl+s 仍然创建",
			"the same band already has a session that day ("+msg.existing.Title+"); press ctrl+s again to create anyway")
	case errMsg:
		n.busy = false
		if n.editID != "" && n.edited == nil {
			// The session to edit could not be read: nothing to edit here;
			// home shows the message.
			return goTo(scrHome, "")
		}
		switch errField(msg.err) { // the field names of NewSessionInput.Validate
		case "title":
			n.f.focusOn(n.title)
		case "instructor":
			n.f.focusOn(n.instructor)
		}
	case tea.KeyPressMsg:
		armed := n.escArmed
		n.escArmed = false
		k := c.Keys
		switch {
		case key.Matches(msg, k.Back):
			if !armed && n.f.state() != n.pristine {
				n.escArmed = true
				return flash(c.T("还没有保存：ctrl+s 保存，再按 esc 放弃这次填写", "not saved yet: ctrl+s saves, esc again drops what was typed"), false)
			}
			return goTo(scrHome, "")
		case key.Matches(msg, k.Save):
			return n.save()
		case key.Matches(msg, k.Enter):
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
	if n.editID != "" && n.edited == nil {
		return nil // still loading
	}
	bands := n.bands()
	if n.extraBand != nil {
		bands = append(append([]model.AgeBand(nil), bands...), *n.extraBand)
	}
	if err := in.Validate(bands); err != nil {
		return func() tea.Msg { return fail(err) }
	}
	// A session happens the day its check-in opens (an earlier date moves to
	// that day), so planning one for a day gone by only misleads.
	if in.Date.Before(n.c.Today()) && (n.edited == nil || in.Date != n.edited.Date) {
		n.f.focusOn(n.date)
		err := model.FieldErrorf("date", "活动日期 %s 已经过去：请选今天或以后的日期", "%s has passed: choose today or a later day", in.Date)
		return func() tea.Msg { return fail(err) }
	}
	n.busy = true
	c, warned, today, editID := n.c, n.warned, n.c.Today(), n.editID
	return func() tea.Msg {
		if !warned {
			same, err := c.Store.Sessions(c.Ctx, model.SessionFilter{From: in.Date, To: in.Date, Band: in.Band})
			if err != nil {
				return fail(err)
			}
			for _, s := range same {
				if s.ID != editID {
					return sameBandMsg{existing: s}
				}
			}
		}
		if editID != "" {
			if _, err := c.Store.UpdatePlannedSession(c.Ctx, editID, in); err != nil {
				return fail(err)
			}
			return tea.BatchMsg{goTo(scrHome, ""), flash(c.T("活动已修改", "session changed"), true)}
		}
		s, err := c.Store.CreateSession(c.Ctx, in)
		if err != nil {
			return fail(err)
		}
		if in.Date != today {
			return tea.BatchMsg{goTo(scrHome, ""), flash(fmt.Sprintf(c.T("已保存：%s 的活动 %s，当天在首页打开签到", "saved: the session of %s, %s; open its check-in from home on the day"), in.Date, in.Title), true)}
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
	head := c.T("计划一次养育照护小组活动", "Plan a care group session")
	if n.editID != "" {
		head = c.T("修改活动（有人签到前都可以改）", "Edit a session (until the first sign-in)")
	}
	lines := []string{st.Title.Render(head), ""}
	body := n.f.view(st, 12, w)
	lines = append(lines, body, "")
	if n.warning != "" {
		lines = append(lines, st.Warn.Render(truncate(n.warning, w)))
	}
	hint := c.T("日期默认今天；今天的活动保存后直接打开签到屏。内容领域：左右移动，空格或数字 1-5 选择。",
		"The date defaults to today; a session for today opens the check-in screen when saved. Areas: left/right, space or 1-5.")
	if n.editID != "" {
		hint = c.T("ctrl+s 保存修改，esc 放弃修改。内容领域：左右移动，空格或数字 1-5 选择。", "ctrl+s saves the changes, esc drops them. Areas: left/right, space or 1-5.")
	}
	for _, l := range wrap(hint, w) {
		lines = append(lines, st.Faint.Render(l))
	}
	return strings.Join(lines, "\n")
}
