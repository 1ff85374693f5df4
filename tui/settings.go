package tui

import (
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"carekiosk/model"
	"carekiosk/pinyin"
)

type settingsLoadedMsg struct {
	set         model.Settings
	units       []model.Unit
	stations    []model.Station
	instructors []model.Instructor
	quotas      []model.QuotaProgress
	// planUnits are the county plan's units for this year; when there is a
	// plan the unit is picked from them, never typed.
	planUnits []string
}

// quotaInput edits the quota table: left/right pick a unit, +/- change its
// quota for the year.
type quotaInput struct {
	c    *Common
	rows []model.QuotaProgress
	cur  int
	edit map[string]int
}

func (q *quotaInput) value(i int) int {
	if v, ok := q.edit[q.rows[i].Unit.ID]; ok {
		return v
	}
	return q.rows[i].Quota
}

func (q *quotaInput) update(msg tea.KeyPressMsg) bool {
	if len(q.rows) == 0 {
		return false
	}
	k := widgetKeys
	switch {
	case key.Matches(msg, k.Left):
		q.cur = (q.cur + len(q.rows) - 1) % len(q.rows)
	case key.Matches(msg, k.Right):
		q.cur = (q.cur + 1) % len(q.rows)
	case key.Matches(msg, k.Plus):
		q.edit[q.rows[q.cur].Unit.ID] = q.value(q.cur) + 1
	case key.Matches(msg, k.Minus):
		q.edit[q.rows[q.cur].Unit.ID] = max(0, q.value(q.cur)-1)
	default:
		return false
	}
	return true
}

func (q *quotaInput) view(st *Styles, focused bool, labelW, width int) string {
	label := padRight(q.c.T("任务数", "Quota"), labelW)
	if len(q.rows) == 0 {
		return st.Label.Render(label) + "  " + st.Faint.Render(q.c.T("(先保存单位)", "(save a unit first)"))
	}
	r := q.rows[q.cur]
	v := fmt.Sprintf("%s %d %s", r.Unit.Name, q.value(q.cur), q.c.T("场", "sessions"))
	if focused {
		return st.Focused.Render(label) + "  " + st.Focused.Render("< "+v+" >") + st.Faint.Render(" +/-")
	}
	return st.Label.Render(label) + "  " + v
}

// settingsScreen edits the installation's settings behind the PIN: unit,
// station, instructors, county, age bands, quotas, language and PIN.
type settingsScreen struct {
	c       *Common
	d       *settingsLoadedMsg
	f       form
	unit    unitInput
	county  *field
	station *field
	instr   *field
	bands   *field
	lang    *choice
	// listen and publicURL are the phone check-in server's address and
	// the address its QR code shows.
	listen, publicURL *field
	// phone and retention are what the consent notice names: the station's
	// phone for families, and the years personal data is kept.
	phone, retention *field
	quota            *quotaInput
	pin1             *field
	pin2             *field
	busy             bool
}

// unitInput is the unit: a typed field, or a choice of the plan's units.
type unitInput interface {
	input
	Value() string
}

func newSettings(c *Common) *settingsScreen { return &settingsScreen{c: c} }

func (m *settingsScreen) Title() string { return m.c.T("设置", "Settings") }
func (m *settingsScreen) Editing() bool { return m.d != nil && m.f.editingText() }

func (m *settingsScreen) Init() tea.Cmd { return loadSettings(m.c) }

func loadSettings(c *Common) tea.Cmd {
	return func() tea.Msg {
		var d settingsLoadedMsg
		var err error
		if d.set, err = c.Store.Settings(c.Ctx); err != nil {
			return fail(err)
		}
		if d.units, err = c.Store.Units(c.Ctx); err != nil {
			return fail(err)
		}
		if d.stations, err = c.Store.Stations(c.Ctx); err != nil {
			return fail(err)
		}
		if d.instructors, err = c.Store.Instructors(c.Ctx); err != nil {
			return fail(err)
		}
		if d.quotas, err = c.Store.QuotaProgress(c.Ctx, c.Today().Year); err != nil {
			return fail(err)
		}
		if d.planUnits, err = planUnits(c, c.Today().Year); err != nil {
			return fail(err)
		}
		return d
	}
}

func (m *settingsScreen) ShortHelp() []key.Binding {
	k := m.c.Keys
	return []key.Binding{k.Tab, k.Left, k.Save, k.Back, k.ImportPlan, m.stationKey()}
}

// stationKey is the key to the station's public key, offered when the
// kiosk can write it to a USB stick.
func (m *settingsScreen) stationKey() key.Binding {
	_, ok := m.c.Exporter.(StationKeyGiver)
	return when(ok, m.c.Keys.StationKey)
}

// FullHelp lists every key: the form's with its focused input's, enter,
// save, the plan, back.
func (m *settingsScreen) FullHelp() []key.Binding {
	k := m.c.Keys
	if m.d == nil {
		return m.ShortHelp()
	}
	out := m.f.keys(k)
	if _, ok := m.f.items[m.f.focus].(*quotaInput); ok {
		out = append(out, k.Cursor, k.Quota)
	}
	return append(out, k.Enter, k.Save, k.ImportPlan, m.stationKey(), k.Back)
}

func (m *settingsScreen) build(d settingsLoadedMsg) {
	c := m.c
	m.d = &d
	m.unit = m.buildUnit(d)
	m.station = newField(c.T("活动地点", "Station"), c.T("本机所在站点", "where this kiosk stands"), 30).chinese(c.IME, pinyin.ModeText)
	for _, s := range d.stations {
		if s.ID == d.set.StationID {
			m.station.Set(s.Name)
		}
	}
	m.county = newField(c.T("县名", "County"), c.T("活动记录表标题用", "used in form titles"), 10).chinese(c.IME, pinyin.ModeText)
	m.county.Set(d.set.County)
	m.instr = newField(c.T("添加指导员", "Add instructor"), c.T("姓名（留空不添加）", "name (empty adds none)"), 20).chinese(c.IME, pinyin.ModeName)
	bands := make([]string, len(d.set.Bands))
	for i, b := range d.set.Bands {
		bands[i] = fmt.Sprintf("%d-%d", b.Min, b.Max)
	}
	m.bands = newField(c.T("月龄段", "Age bands"), "0-3,4-6,...", 80)
	m.bands.Set(strings.Join(bands, ","))
	m.lang = &choice{label: c.T("语言", "Language"), options: []string{"中文", "English"}}
	if d.set.Lang.English() {
		m.lang.idx = 1
	}
	m.listen = newField(c.T("手机签到端口", "Phone port"), c.T("如 8080；或 IP:端口", "e.g. 8080, or IP:port"), 21)
	m.listen.Set(strings.TrimPrefix(d.set.Listen, ":"))
	m.publicURL = newField(c.T("二维码网址", "QR address"), c.T("留空自动检测", "empty: detect"), 40)
	m.publicURL.Set(d.set.PublicURL)
	m.phone = newField(c.T("站点电话", "Station phone"), c.T("签到须知中给家长的联系电话", "for families, in the consent notice"), 20)
	m.phone.Set(d.set.StationPhone)
	m.retention = newField(c.T("保存年限", "Keep (years)"), c.T("最后一次活动后，默认 3", "after the last visit, default 3"), 2)
	m.retention.Set(strconv.Itoa(d.set.Retention()))
	m.quota = &quotaInput{c: c, rows: d.quotas, edit: map[string]int{}}
	m.pin1 = newField(c.T("新 PIN", "New PIN"), c.T("留空不修改", "empty keeps the PIN"), 8)
	m.pin1.mask = true
	m.pin2 = newField(c.T("再输一次", "Repeat PIN"), "", 8)
	m.pin2.mask = true
	m.f = form{items: []input{m.unit, m.station, m.county, m.instr, m.bands, m.lang, m.listen, m.publicURL, m.phone, m.retention, m.quota, m.pin1, m.pin2}}
}

// buildUnit makes the unit input: with the county's plan a choice of its
// units (the current one first picked), else a typed field.
func (m *settingsScreen) buildUnit(d settingsLoadedMsg) unitInput {
	c := m.c
	cur := ""
	for _, u := range d.units {
		if u.ID == d.set.UnitID {
			cur = u.Name
		}
	}
	if len(d.planUnits) > 0 {
		ch := &choice{label: c.T("单位", "Unit"), options: d.planUnits}
		for i, n := range d.planUnits {
			if n == cur {
				ch.idx = i
			}
		}
		return ch
	}
	f := newField(c.T("单位", "Unit"), c.T("例如：温溪片卫生院", "e.g. a township health centre"), 30).chinese(c.IME, pinyin.ModeText)
	f.Set(cur)
	return f
}

func (m *settingsScreen) Update(msg tea.Msg) tea.Cmd {
	c := m.c
	switch msg := msg.(type) {
	case settingsLoadedMsg:
		// Reloaded after a save: stay on the field the instructor was in.
		focus := m.f.focus
		m.build(msg)
		m.f.focus = min(focus, len(m.f.items)-1)
		return nil
	case settingsMsg:
		m.busy = false
		if msg.phoneMoved {
			return tea.Batch(loadSettings(c), flash(c.T("设置已保存；手机签到地址在 carekiosk 重新启动后生效", "settings saved; the phone check-in address takes effect when carekiosk restarts"), true))
		}
		return tea.Batch(loadSettings(c), flash(c.T("设置已保存", "settings saved"), true))
	case planImportedMsg:
		m.busy = false
		return tea.Batch(loadSettings(c), flash(msg.summary, true))
	case errMsg:
		m.busy = false
		return nil
	case tea.PasteMsg:
		if m.d != nil {
			m.f.update(msg)
		}
		return nil
	case tea.KeyPressMsg:
		if m.d == nil || m.busy {
			return nil
		}
		k := c.Keys
		switch {
		case key.Matches(msg, k.Back):
			return goTo(scrHome, "")
		case key.Matches(msg, k.Save):
			return m.save()
		case key.Matches(msg, k.ImportPlan):
			m.busy = true
			return importPlan(c)
		case key.Matches(msg, m.stationKey()):
			return goTo(scrStationKey, "")
		case key.Matches(msg, k.Enter):
			if m.f.last() {
				return m.save()
			}
			m.f.next()
			return nil
		}
		if q, ok := m.f.items[m.f.focus].(*quotaInput); ok {
			if q.update(msg) {
				return nil
			}
		}
		m.f.update(msg)
	}
	return nil
}

// save stores the whole change in one store transaction; an input that is
// wrong gets the focus and nothing is stored.
func (m *settingsScreen) save() tea.Cmd {
	c := m.c
	ch, wrong, err := m.change()
	if err != nil {
		if wrong != nil {
			m.f.focusOn(wrong)
		}
		return func() tea.Msg { return fail(err) }
	}
	// The phone server started with the kiosk keeps its address until the
	// kiosk restarts: say so when it changes.
	old := m.d.set
	oldListen, _ := model.NormalizeListen(old.Listen)
	phoneMoved := ch.Settings.Listen != oldListen || ch.Settings.PublicURL != old.PublicURL
	m.busy = true
	return func() tea.Msg {
		set, err := c.Store.SaveSettingsChange(c.Ctx, ch)
		if err != nil {
			return fail(err)
		}
		return settingsMsg{settings: set, phoneMoved: phoneMoved}
	}
}

// change reads the form into one settings change; on a mistake it returns
// the input to correct.
func (m *settingsScreen) change() (model.SettingsChange, input, error) {
	set := m.d.set
	set.County = m.county.Value()
	set.Lang = model.Langs[m.lang.idx]
	var err error
	if set.Bands, err = m.typedBands(); err != nil {
		return model.SettingsChange{}, m.bands, err
	}
	if set.Listen, err = model.NormalizeListen(m.listen.Value()); err != nil {
		return model.SettingsChange{}, m.listen, err
	}
	if f, err := m.contactFields(&set); err != nil {
		return model.SettingsChange{}, f, err
	}
	set.PublicURL = model.PublicURLForListen(set.PublicURL, set.Listen)
	if wrong, err := m.typedPIN(&set); err != nil {
		return model.SettingsChange{}, wrong, err
	}
	ch := model.SettingsChange{Settings: set, UnitName: m.unit.Value(), StationName: m.station.Value(), Instructor: m.instr.Value(),
		QuotaYear: m.c.Today().Year, Quotas: map[string]int{}}
	if ch.UnitName == "" || ch.StationName == "" {
		return ch, m.unit, model.FieldErrorf("unit", "请填写单位和活动地点", "enter the unit and the station")
	}
	for id, v := range m.quota.edit {
		ch.Quotas[id] = v
	}
	return ch, nil, nil
}

// typedBands reads the age bands field: bands separated by commas or
// spaces, checked as a whole.
func (m *settingsScreen) typedBands() ([]model.AgeBand, error) {
	var bands []model.AgeBand
	for _, part := range strings.FieldsFunc(m.bands.Value(), func(r rune) bool { return r == ',' || r == ' ' || r == '，' }) {
		b, err := model.ParseAgeBand(part)
		if err != nil {
			return nil, err
		}
		bands = append(bands, b)
	}
	return model.ValidateAgeBands(bands)
}

// typedPIN sets a new PIN when one is typed twice alike.
func (m *settingsScreen) typedPIN(set *model.Settings) (input, error) {
	p := m.pin1.Value()
	if p == "" {
		return nil, nil
	}
	if p != m.pin2.Value() {
		return m.pin2, model.FieldErrorf("pin", "两次输入的 PIN 不一样", "the two PINs differ")
	}
	h, err := model.HashPIN(p)
	if err != nil {
		return m.pin1, err
	}
	set.PINHash = h
	return nil, nil
}

func (m *settingsScreen) View() string {
	c := m.c
	st := c.Styles
	if m.d == nil {
		return c.T("正在读取...", "Loading...")
	}
	w, h := c.Width, c.BodyHeight()
	lines := []string{m.f.view(st, 12, w), ""}
	if sk := m.stationKey(); sk.Enabled() {
		lines = append(lines, truncate(st.HelpKey.Render(sk.Help().Key)+"  "+c.T("本站公钥（交给县妇计中心）：指纹和公钥文件", "station key for the county: fingerprint and key file"), w))
	}
	var names []string
	for _, in := range m.d.instructors {
		if in.UnitID == m.d.set.UnitID {
			names = append(names, in.Name)
		}
	}
	lines = append(lines, truncate(c.T("本单位指导员：", "Instructors: ")+strings.Join(names, " "), w))
	lines = append(lines, st.Label.Render(c.T(fmt.Sprintf("%d年任务完成情况", c.Today().Year), fmt.Sprintf("%d quotas", c.Today().Year))))
	room := h - strings.Count(strings.Join(lines, "\n"), "\n") - 2
	cols := []column{{width: 14}, {width: 7, right: true}}
	per := max(1, w/32)
	var row []string
	var rows []string
	for i, q := range m.quota.rows {
		cell := tableRow(cols, []string{q.Unit.Name, fmt.Sprintf("%d/%d", q.Held, m.quota.value(i))})
		row = append(row, cell)
		if len(row) == per {
			rows = append(rows, strings.Join(row, "   "))
			row = nil
		}
	}
	if len(row) > 0 {
		rows = append(rows, strings.Join(row, "   "))
	}
	if len(rows) > room && room > 0 {
		rows = rows[:room]
	}
	lines = append(lines, rows...)
	return strings.Join(lines, "\n")
}

// contactFields reads the QR address, the station phone and the retention
// into set and returns the field to fix when one is wrong.
func (m *settingsScreen) contactFields(set *model.Settings) (*field, error) {
	var err error
	if set.PublicURL, err = model.NormalizePublicURL(m.publicURL.Value()); err != nil {
		return m.publicURL, err
	}
	set.StationPhone = strings.TrimSpace(m.phone.Value())
	if err := model.CheckStationPhone(set.StationPhone); err != nil {
		return m.phone, err
	}
	years, err := strconv.Atoi(strings.TrimSpace(m.retention.Value()))
	if err != nil || years < 1 || years > model.MaxRetentionYears {
		return m.retention, model.FieldErrorf("retention", "保存年限须在 1–%d 年之间", "the retention must be 1–%d years", model.MaxRetentionYears)
	}
	set.RetentionYears = years
	return nil, nil
}
