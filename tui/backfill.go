package tui

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"carekiosk/model"
	"carekiosk/pinyin"
)

// BackfillStore enters a session held on paper (补录). *store.Store
// implements it.
type BackfillStore interface {
	BackfillSession(ctx context.Context, in model.BackfillInput) (*model.Session, error)
}

// SheetReader is what an Exporter also offers when the kiosk can read the
// sign-ins of a paper 签到表 typed into a spreadsheet, for a backfill.
type SheetReader interface {
	// BackfillSheet reads the sheet's sign-ins for a session held on the
	// date on; problems name the rows it cannot read.
	BackfillSheet(path string, on model.Date) (rows []model.PaperSignIn, problems []string, err error)
}

// backfillCheckedMsg is a backfill read and checked, waiting for y.
type backfillCheckedMsg struct {
	in       model.BackfillInput
	problems []string
}

type backfilledMsg struct{ s *model.Session }

type backfillFilesMsg struct{ files []string }

// backfill enters a session held on paper while the box was off (PIN): a
// past date, band, title, instructor, content areas, what each segment
// covered, the summary, and the sign-ins from the paper 签到表 typed into a
// spreadsheet on a USB stick. ctrl+s checks and reads the sheet; y stores.
type backfill struct {
	c                       *Common
	f                       form
	date, title, instructor *field
	station                 *field
	band                    *choice
	areas                   *toggles
	segs                    [4]*field
	sum                     [4]*field
	sheet                   *choice
	files                   []string
	pending                 *model.BackfillInput
	problems                []string
	busy                    bool
	pristine                string
	escArmed                bool
}

func newBackfill(c *Common) *backfill {
	m := &backfill{c: c}
	m.date = newField(c.T("活动日期", "Date"), c.T("YYYY-MM-DD，今天或以前", "YYYY-MM-DD, today or earlier"), 10)
	m.band = &choice{label: c.T("活动月龄", "Age band")}
	for _, b := range m.bands() {
		m.band.options = append(m.band.options, b.Label(c.Lang))
	}
	m.title = newField(c.T("活动标题", "Title"), "", 40).chinese(c.IME, pinyin.ModeText)
	m.instructor = newField(c.T("健康指导员", "Instructor"), c.T("姓名", "name"), 20).chinese(c.IME, pinyin.ModeName)
	m.station = newField(c.T("活动地点", "Place"), c.T("空着即本站", "empty: this station"), 40).chinese(c.IME, pinyin.ModeText)
	m.areas = &toggles{label: c.T("内容领域", "Areas")}
	for _, a := range model.ContentAreas {
		m.areas.options = append(m.areas.options, a.Label(c.Lang))
	}
	m.areas.on = make([]bool, len(m.areas.options))
	m.f.items = []input{m.date, m.band, m.title, m.instructor, m.station, m.areas}
	for i := range m.segs {
		m.segs[i] = newField(model.SegmentKind(i).Label(c.Lang), c.T("做了什么", "what was done"), 200).chinese(c.IME, pinyin.ModeText)
		m.f.items = append(m.f.items, m.segs[i])
	}
	labels := [4]string{c.T("衔接情况", "Hand-over"), c.T("配合情况", "Cooperation"), c.T("突发事件", "Incidents"), c.T("其他", "Other")}
	for i := range m.sum {
		m.sum[i] = newField(labels[i], "", 500).chinese(c.IME, pinyin.ModeText)
		m.f.items = append(m.f.items, m.sum[i])
	}
	m.sheet = &choice{label: c.T("签到表", "Sign-in sheet"), options: []string{c.T("（不附签到表）", "(none)")}}
	m.f.items = append(m.f.items, m.sheet)
	m.pristine = m.f.state()
	return m
}

func (m *backfill) bands() []model.AgeBand {
	if len(m.c.Settings.Bands) == 0 {
		return model.DefaultAgeBands
	}
	return m.c.Settings.Bands
}

func (m *backfill) Title() string { return m.c.T("补录纸质活动", "Backfill a paper session") }
func (m *backfill) Editing() bool { return m.pending == nil && m.f.editingText() }

func (m *backfill) Init() tea.Cmd {
	pi, ok := m.c.Exporter.(PaperImporter)
	if !ok {
		return nil
	}
	return func() tea.Msg {
		files, err := pi.PaperFiles()
		if err != nil {
			return fail(err)
		}
		return backfillFilesMsg{files: files}
	}
}

func (m *backfill) ShortHelp() []key.Binding {
	k := m.c.Keys
	if m.pending != nil {
		return []key.Binding{k.Yes}
	}
	return []key.Binding{k.NextField, k.Save, k.Back}
}

// FullHelp lists the form's keys with its focused input's.
func (m *backfill) FullHelp() []key.Binding {
	k := m.c.Keys
	if m.pending != nil {
		return []key.Binding{k.Yes}
	}
	return append(m.f.keys(k), k.Save, k.Back)
}

func (m *backfill) Update(msg tea.Msg) tea.Cmd {
	c, k := m.c, m.c.Keys
	switch msg := msg.(type) {
	case backfillFilesMsg:
		m.files = msg.files
		for _, f := range msg.files {
			m.sheet.options = append(m.sheet.options, filepath.Base(f))
		}
	case backfillCheckedMsg:
		m.busy, m.problems = false, msg.problems
		if len(msg.problems) > 0 {
			return flash(fmt.Sprintf(c.T("签到表有 %d 行不能读取，请改正后再补录；什么也没有保存", "%d rows of the sheet cannot be read; fix them and try again; nothing was stored"), len(msg.problems)), false)
		}
		m.pending = &msg.in
		return flash(fmt.Sprintf(c.T("补录 %s %s，签到 %d 条？按 y 保存（结束后只能更正），其他键返回修改", "Backfill %s %s with %d sign-ins? y stores it (afterwards only corrections), any other key goes back"), msg.in.Date, msg.in.Title, len(msg.in.SignIns)), false)
	case backfilledMsg:
		m.busy = false
		return tea.Batch(goTo(scrHome, ""), flash(fmt.Sprintf(c.T("已补录（纸质补录）：%s %s", "backfilled (纸质补录): %s %s"), msg.s.Date, msg.s.Title), true))
	case errMsg:
		m.busy = false
		m.focusError(msg.err)
	case tea.PasteMsg:
		m.f.update(msg)
	case tea.KeyPressMsg:
		return m.key(msg, k)
	}
	return nil
}

// key handles a key press: y after a check, save, back, or the form's.
func (m *backfill) key(msg tea.KeyPressMsg, k *KeyMap) tea.Cmd {
	if m.busy {
		return nil
	}
	if m.pending != nil {
		in := *m.pending
		m.pending = nil
		if key.Matches(msg, k.Yes) {
			m.busy = true
			return m.store(in)
		}
		return flash(m.c.T("没有保存", "not stored"), false)
	}
	escArmed := m.escArmed
	m.escArmed = false
	switch {
	case key.Matches(msg, k.Save):
		return m.check()
	case key.Matches(msg, k.Back):
		if m.f.state() != m.pristine && !escArmed {
			m.escArmed = true
			return flash(m.c.T("已填写的内容还没有保存：再按 esc 放弃", "what was typed is not stored: esc again drops it"), false)
		}
		return goTo(scrHome, "")
	}
	m.f.update(msg)
	return nil
}

// input builds the backfill from the form.
func (m *backfill) input() (model.BackfillInput, error) {
	in := model.BackfillInput{Title: m.title.Value(), Instructor: m.instructor.Value(), Station: m.station.Value()}
	d, err := model.ParseDate(m.date.Value())
	if err != nil {
		m.f.focusOn(m.date)
		return in, err
	}
	in.Date = d
	if bands := m.bands(); m.band.idx < len(bands) {
		in.Band = bands[m.band.idx]
	}
	for i, on := range m.areas.on {
		if on {
			in.Areas = append(in.Areas, model.ContentAreas[i])
		}
	}
	for i := range m.segs {
		in.Segments[i] = m.segs[i].Value()
	}
	in.Summary = model.Summary{Handover: m.sum[0].Value(), Cooperation: m.sum[1].Value(), Incidents: m.sum[2].Value(), Other: m.sum[3].Value()}
	return in, nil
}

// check reads the sheet chosen and checks the backfill as the store will.
func (m *backfill) check() tea.Cmd {
	c := m.c
	in, err := m.input()
	if err != nil {
		return func() tea.Msg { return fail(err) }
	}
	sheet := ""
	if i := m.sheet.idx - 1; i >= 0 && i < len(m.files) {
		sheet = m.files[i]
	}
	sr, _ := c.Exporter.(SheetReader)
	today, bands := c.Today(), m.bands()
	m.busy = true
	return func() tea.Msg {
		if sheet != "" && sr != nil {
			rows, problems, err := sr.BackfillSheet(sheet, in.Date)
			if err != nil {
				return fail(err)
			}
			if len(problems) > 0 {
				return backfillCheckedMsg{in: in, problems: problems}
			}
			in.SignIns = rows
		}
		if err := in.Validate(today, bands); err != nil {
			return fail(err)
		}
		return backfillCheckedMsg{in: in}
	}
}

// store enters the backfill.
func (m *backfill) store(in model.BackfillInput) tea.Cmd {
	c := m.c
	return func() tea.Msg {
		s, err := c.Store.BackfillSession(c.Ctx, in)
		if err != nil {
			return fail(err)
		}
		return backfilledMsg{s: s}
	}
}

// focusError moves the focus to the input a model error names.
func (m *backfill) focusError(err error) {
	byField := map[string]input{"date": m.date, "band": m.band, "title": m.title, "instructor": m.instructor, "station": m.station, "areas": m.areas,
		"handover": m.sum[0], "cooperation": m.sum[1], "incidents": m.sum[2], "other": m.sum[3], "summary": m.sum[0]}
	if in, ok := byField[errField(err)]; ok {
		m.f.focusOn(in)
	}
}

func (m *backfill) View() string {
	c, st := m.c, m.c.Styles
	w, h := c.Width, c.BodyHeight()
	labelW := 10
	if c.Lang.English() {
		labelW = 16 // Health education, Sign-in sheet
	}
	head := st.Faint.Render(truncate(c.T("停电或机器坏时在纸上进行的活动；签到表请先录入表格（.xlsx/.csv）放在U盘上", "Held on paper while the box was off; its sign-in sheet as .xlsx/.csv on a stick"), w))
	var items []string
	focusAt := 0
	for i, it := range m.f.items {
		if i == m.f.focus {
			focusAt = len(items)
		}
		items = append(items, strings.Split(it.view(st, i == m.f.focus, labelW, w), "\n")...)
	}
	room := h - 1
	if len(m.problems) > 0 {
		room = max(3, h-1-min(len(m.problems), 4)-1)
	}
	start := 0
	if len(items) > room {
		start = min(max(0, focusAt-room/2), len(items)-room)
	}
	lines := append([]string{head}, items[start:min(len(items), start+room)]...)
	if len(m.problems) > 0 {
		lines = append(lines, st.Error.Render(truncate(c.T("签到表不能读取的行：", "Rows of the sheet not read:"), w)))
		for _, p := range m.problems[:min(len(m.problems), 4)] {
			lines = append(lines, truncate("  "+unambiguousText.Replace(p), w))
		}
	}
	return strings.Join(lines, "\n")
}
