package tui

import (
	"context"
	"path/filepath"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// The station's public key for the county, from the settings: the
// fingerprint in large groups to read out over the phone, and its .pub file
// (what `carekiosk pubkey` prints) written onto a USB stick.

// StationKeyInfo is the station's key as the screen shows it.
type StationKeyInfo struct {
	// Fingerprint is the key's short form, groups of four hex digits
	// joined by "-", as `carekiosk county register` prints it.
	Fingerprint string
	// Unit and Station name the station; FileName is its key file's name.
	Unit, Station, FileName string
}

// StationKeyGiver is what an Exporter also offers when the kiosk can give
// the station's public key to the county on a USB stick.
type StationKeyGiver interface {
	// StationKey returns the station's key, making it on first use.
	StationKey(ctx context.Context) (StationKeyInfo, error)
	// WriteStationKey writes the key file into dir and returns its path;
	// same says an identical file was already there and was left alone.
	WriteStationKey(ctx context.Context, dir string) (path string, same bool, err error)
	// ReadOnlySticks lists the mounted USB sticks that cannot be written.
	ReadOnlySticks() ([]string, error)
}

type stationKeyMsg struct{ info StationKeyInfo }

// sticksMsg lists the writable USB sticks and those mounted read-only.
type sticksMsg struct{ dirs, readOnly []string }

// keyWrittenMsg says the key file is on the stick.
type keyWrittenMsg struct {
	path string
	same bool
}

// stationKeyScreen shows the station's key and writes its file to a stick.
type stationKeyScreen struct {
	c      *Common
	kg     StationKeyGiver
	info   *StationKeyInfo
	target *choice
	f      form
	// found is set once the sticks were looked for; readOnly lists those
	// that cannot be written.
	found    bool
	readOnly []string
	busy     bool
	// result says what the last write did; problem why it failed.
	result, problem string
}

func newStationKey(c *Common, kg StationKeyGiver) *stationKeyScreen {
	m := &stationKeyScreen{c: c, kg: kg}
	m.target = &choice{label: c.T("写到U盘", "Write to")}
	m.f = form{items: []input{m.target}}
	return m
}

func (m *stationKeyScreen) Title() string {
	return m.c.T("本站公钥（交给县妇计中心）", "Station key for the county")
}

func (m *stationKeyScreen) Editing() bool { return false }

func (m *stationKeyScreen) Init() tea.Cmd {
	c, kg := m.c, m.kg
	load := func() tea.Msg {
		info, err := kg.StationKey(c.Ctx)
		if err != nil {
			return fail(err)
		}
		return stationKeyMsg{info: info}
	}
	return tea.Batch(load, m.findSticks(), tickSecond(c.gen))
}

// findSticks lists the mounted USB sticks, as the export screen does, and
// those that are read-only.
func (m *stationKeyScreen) findSticks() tea.Cmd {
	ex, kg := m.c.Exporter, m.kg
	return func() tea.Msg {
		dirs, err := ex.Targets()
		if err != nil {
			dirs = nil
		}
		ro, err := kg.ReadOnlySticks()
		if err != nil {
			ro = nil
		}
		return sticksMsg{dirs: dirs, readOnly: ro}
	}
}

func (m *stationKeyScreen) ShortHelp() []key.Binding {
	k := m.c.Keys
	stick := len(m.target.options) > 0
	return append([]key.Binding{when(m.info != nil, k.WriteKey)}, append(m.f.focusKeys(k), when(stick, k.Eject), k.Back)...)
}

// write puts the key file on the chosen stick in a Cmd.
func (m *stationKeyScreen) write() tea.Cmd {
	c, kg, dir := m.c, m.kg, m.target.Value()
	if dir == "" && len(m.readOnly) > 0 {
		return flash(c.T("U盘是只读的，公钥文件没有写入", "the USB stick is read-only; the key file was not written"), false)
	}
	if dir == "" {
		return flash(c.T("没有找到U盘，公钥文件没有写入。请插上U盘，等它出现在屏幕上再按 w",
			"no USB stick found; the key file was not written. Plug in a stick, wait until it shows here, then press w"), false)
	}
	m.busy, m.result, m.problem = true, "", ""
	return func() tea.Msg {
		p, same, err := kg.WriteStationKey(c.Ctx, dir)
		if err != nil {
			return fail(err)
		}
		return keyWrittenMsg{path: p, same: same}
	}
}

func (m *stationKeyScreen) Update(msg tea.Msg) tea.Cmd {
	c := m.c
	switch msg := msg.(type) {
	case stationKeyMsg:
		m.info = &msg.info
	case sticksMsg:
		m.found, m.readOnly = true, msg.readOnly
		before := m.target.Value()
		pickTarget(m.target, msg.dirs)
		if m.target.Value() != before {
			m.result, m.problem = "", "" // about another stick
		}
	case secondMsg:
		return tea.Batch(m.findSticks(), tickSecond(c.gen))
	case keyWrittenMsg:
		m.busy = false
		name := filepath.Base(msg.path)
		if msg.same {
			m.result = c.T("U盘上已有这个公钥文件，内容相同，不用重写：", "the stick already holds this key file, the same content: nothing to rewrite: ") + name
		} else {
			m.result = c.T("公钥文件已写到U盘：", "key file written to the stick: ") + name
		}
		return flash(c.T("请把U盘交给县妇计中心；先按 u 安全移除U盘", "give the stick to the county; press u to eject it first"), true)
	case ejectedMsg:
		if msg.err != nil {
			return tea.Batch(func() tea.Msg { return fail(msg.err) }, m.findSticks())
		}
		return tea.Batch(flash(c.T("可以拔出U盘了："+msg.dir, "the USB stick can be pulled out: "+msg.dir), true), m.findSticks())
	case errMsg:
		m.busy, m.problem = false, c.errText(msg.err)
	case tea.KeyPressMsg:
		return m.key(msg)
	}
	return nil
}

func (m *stationKeyScreen) key(msg tea.KeyPressMsg) tea.Cmd {
	k := m.c.Keys
	switch {
	case m.busy:
		return nil
	case key.Matches(msg, k.Back):
		return goTo(scrSettings, "")
	case key.Matches(msg, k.WriteKey):
		if m.info == nil {
			return nil
		}
		return m.write()
	case key.Matches(msg, k.Eject):
		if dir := m.target.Value(); dir != "" {
			ex := m.c.Exporter
			return func() tea.Msg { return ejectedMsg{dir: dir, err: ex.Eject(dir)} }
		}
		return nil
	}
	if key.Matches(msg, k.Options) && len(m.target.options) > 1 {
		m.f.update(msg)
	}
	return nil
}

func (m *stationKeyScreen) View() string {
	c := m.c
	st := c.Styles
	w, h := c.Width, c.BodyHeight()
	if m.info == nil {
		return c.T("正在读取...", "Loading...")
	}
	groups := strings.Split(m.info.Fingerprint, "-")
	big := bigGroups(st, groups, w, h)
	lines := []string{st.Title.Render(truncate(c.T("请把下面的指纹逐组念给县妇计中心，与县里登记时显示的指纹核对：",
		"Read this fingerprint out to the county, group by group, to compare with what its register shows:"), w))}
	if len(big) > 0 && h >= len(big)+9 {
		lines = append(lines, "")
	}
	lines = append(lines, big...)
	lines = append(lines, "",
		st.Label.Render(c.T("指纹 ", "Fingerprint "))+st.Big.Render(strings.Join(groups, "  ")),
		truncate(st.Label.Render(c.T("单位 ", "Unit "))+m.info.Unit+"   "+st.Label.Render(c.T("站点 ", "Station "))+m.info.Station, w))
	switch {
	case !m.found:
		lines = append(lines, c.T("正在查找U盘...", "looking for USB sticks..."))
	case len(m.target.options) == 0 && len(m.readOnly) > 0:
		lines = append(lines, wrapStyled(st.Warn, c.T("U盘是只读的，不能写入（"+m.readOnly[0]+"）：请拨开U盘的写保护开关后重新插上，或换一个U盘",
			"the USB stick is read-only ("+m.readOnly[0]+"): slide its lock switch off and plug it in again, or use another stick"), w)...)
	case len(m.target.options) == 0:
		lines = append(lines, st.Warn.Render(truncate(c.T("没有找到U盘：请插上U盘，用来把公钥文件交给县里", "no USB stick found: plug one in to take the key file to the county"), w)))
	default:
		lines = append(lines, m.f.view(st, 10, w))
	}
	switch {
	case m.busy:
		lines = append(lines, c.T("正在写入...", "writing..."))
	case m.problem != "":
		lines = append(lines, wrapStyled(st.Error, m.problem, w)...)
	case m.result != "":
		lines = append(lines, wrapStyled(st.OK, m.result, w)...)
	case len(m.target.options) > 0:
		lines = append(lines, wrapStyled(st.Faint, c.T("按 w 把公钥文件写到U盘：", "w writes the key file onto the stick: ")+m.info.FileName, w)...)
	}
	return strings.Join(lines, "\n")
}

// wrapStyled wraps text as Chinese is wrapped and renders each line in
// style.
func wrapStyled(style lipgloss.Style, text string, w int) []string {
	lines := wrapCJK(text, w)
	for i, l := range lines {
		lines[i] = style.Render(l)
	}
	return lines
}
