package tui

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"carekiosk/model"
)

// Exporter writes the county's files; cmd/carekiosk backs it with the
// export package (export.Run, export.USBMounts).
type Exporter interface {
	// Targets lists writable folders a USB stick is mounted on.
	Targets() ([]string, error)
	// Eject unmounts the USB stick on one of those folders, so it can be
	// pulled out.
	Eject(dir string) error
	// Export writes the sessions dated from..to into a new folder under
	// outDir in the formats given ("xlsx", "csv", "bundle"; nil: all),
	// calling progress as work completes, and returns a summary in lang for
	// the screen.
	Export(ctx context.Context, outDir string, from, to model.Date, formats []string, lang model.Lang, progress func(done, total int)) (string, error)
}

type targetsMsg struct{ dirs []string }

// ejectedMsg says a USB stick was unmounted (err nil) or why not.
type ejectedMsg struct {
	dir string
	err error
}

type exportProgressMsg struct {
	done, total int
	ch          <-chan tea.Msg
}

type exportDoneMsg struct{ summary string }

// exportScreen writes the forms, CSV and the station bundle to a USB stick
// or the data folder, or the bundle alone (see contents).
type exportScreen struct {
	c       *Common
	ex      Exporter
	target  *choice
	period  *choice
	f       form
	running bool
	done    int
	total   int
	summary string

	// contents chooses the bundle alone or the forms too (the period is
	// the forms' only: the bundle is always whole); sealed says the
	// station holds the county's plan, so its bundle is sealed.
	contents *choice
	sealed   bool
}

func newExport(c *Common, ex Exporter) *exportScreen {
	m := &exportScreen{c: c, ex: ex}
	m.target = &choice{label: c.T("导出到", "Export to")}
	m.period = &choice{label: c.T("时间范围", "Period"), options: []string{c.T("今年", "this year"), c.T("本月", "this month"),
		c.T("上月", "last month"), c.T("去年", "last year"), c.T("全部", "everything")}}
	m.contents = &choice{label: c.T("导出内容", "Contents")}
	m.setContents(false)
	return m
}

func (m *exportScreen) Title() string { return m.c.T("导出", "Export") }
func (m *exportScreen) Editing() bool { return false }

func (m *exportScreen) Init() tea.Cmd {
	return tea.Batch(m.findTargets(), loadSealed(m.c), tickSecond(m.c.gen))
}

// findTargets lists the USB sticks and the data folder's exports folder.
func (m *exportScreen) findTargets() tea.Cmd {
	ex, fallback := m.ex, m.fallback()
	return func() tea.Msg {
		dirs, err := ex.Targets()
		if err != nil {
			dirs = nil
		}
		return targetsMsg{dirs: append(dirs, fallback)}
	}
}

// fallback is where an export goes without a USB stick.
func (m *exportScreen) fallback() string { return filepath.Join(m.c.DataDir, "exports") }

// setTargets takes a new list of folders while the screen is open.
func (m *exportScreen) setTargets(dirs []string) { pickTarget(m.target, dirs) }

// pickTarget takes a new list of folders (USB sticks) into a choice: a stick
// just plugged in is chosen, else the folder chosen before while it is still
// there, else the first.
func pickTarget(target *choice, dirs []string) {
	chosen, before := target.Value(), target.options
	target.options, target.idx = dirs, 0
	for i, d := range dirs {
		if d == chosen {
			target.idx = i
		}
	}
	if len(before) == 0 {
		return // the first list: its first folder
	}
	for i, d := range dirs {
		if !slices.Contains(before, d) {
			target.idx = i
		}
	}
}

// usbChosen reports whether the chosen folder is a USB stick.
func (m *exportScreen) usbChosen() bool {
	return len(m.target.options) > 0 && m.target.Value() != m.fallback()
}

// eject unmounts the chosen stick in a Cmd.
func (m *exportScreen) eject() tea.Cmd {
	ex, dir := m.ex, m.target.Value()
	return func() tea.Msg { return ejectedMsg{dir: dir, err: ex.Eject(dir)} }
}

func (m *exportScreen) ShortHelp() []key.Binding {
	k := m.c.Keys
	if m.usbChosen() {
		return []key.Binding{k.Tab, k.Left, k.Enter, k.Eject, k.Back}
	}
	return []key.Binding{k.Tab, k.Left, k.Enter, k.Back}
}

// FullHelp lists every key: the form's, start, eject a stick, back.
func (m *exportScreen) FullHelp() []key.Binding {
	k := m.c.Keys
	out := append(m.f.keys(k), k.Enter)
	if m.usbChosen() {
		out = append(out, k.Eject)
	}
	return append(out, k.Back)
}

// bounds returns the dates of the chosen period.
func (m *exportScreen) bounds() (model.Date, model.Date) {
	t := m.c.Today()
	month := model.Date{Year: t.Year, Month: t.Month, Day: 1}
	switch m.period.idx {
	case 0:
		return model.Date{Year: t.Year, Month: time.January, Day: 1}, model.Date{Year: t.Year, Month: time.December, Day: 31}
	case 1:
		return month, month.AddMonths(1).AddDays(-1)
	case 2:
		return month.AddMonths(-1), month.AddDays(-1)
	case 3:
		return model.Date{Year: t.Year - 1, Month: time.January, Day: 1}, model.Date{Year: t.Year - 1, Month: time.December, Day: 31}
	}
	return model.Date{}, model.Date{}
}

// waitExport returns the export's next message.
func waitExport(ch <-chan tea.Msg) tea.Cmd {
	return func() tea.Msg { return <-ch }
}

func (m *exportScreen) start() tea.Cmd {
	c, ex := m.c, m.ex
	dir := m.target.Value()
	from, to := m.bounds()
	formats := m.formats()
	if formats != nil {
		from, to = model.Date{}, model.Date{} // the bundle alone: always whole
	}
	m.running, m.done, m.total, m.summary = true, 0, 0, ""
	return func() tea.Msg {
		ch := make(chan tea.Msg, 64)
		go func() {
			sum, err := ex.Export(c.Ctx, dir, from, to, formats, c.Lang, func(done, total int) {
				select {
				case ch <- exportProgressMsg{done: done, total: total, ch: ch}:
				default: // the screen catches up with the next one
				}
			})
			if err != nil {
				ch <- errMsg{err: err}
				return
			}
			ch <- exportDoneMsg{summary: sum}
		}()
		return <-ch
	}
}

func (m *exportScreen) Update(msg tea.Msg) tea.Cmd {
	c := m.c
	switch msg := msg.(type) {
	case targetsMsg:
		m.setTargets(msg.dirs)
	case sealedMsg:
		m.setContents(msg.sealed)
	case secondMsg:
		// Look for sticks plugged in or pulled out while the screen is open.
		if m.running {
			return tickSecond(m.c.gen)
		}
		return tea.Batch(m.findTargets(), tickSecond(m.c.gen))
	case ejectedMsg:
		if msg.err != nil {
			return tea.Batch(func() tea.Msg { return fail(msg.err) }, m.findTargets())
		}
		return tea.Batch(flash(m.c.T("可以拔出U盘了："+msg.dir, "the USB stick can be pulled out: "+msg.dir), true), m.findTargets())
	case exportProgressMsg:
		m.done, m.total = msg.done, msg.total
		return waitExport(msg.ch)
	case exportDoneMsg:
		m.running, m.summary = false, msg.summary
		return flash(c.T("导出完成", "export finished"), true)
	case errMsg:
		m.running = false
	case tea.KeyPressMsg:
		if m.running {
			return nil
		}
		k := c.Keys
		switch {
		case key.Matches(msg, k.Back):
			return goTo(scrHome, "")
		case key.Matches(msg, k.Enter):
			if len(m.target.options) > 0 {
				return m.start()
			}
			return nil
		case key.Matches(msg, k.Eject):
			if m.usbChosen() {
				return m.eject()
			}
			return nil
		}
		m.f.update(msg)
		m.showPeriod()
	}
	return nil
}

func (m *exportScreen) View() string {
	c := m.c
	st := c.Styles
	w := c.Width
	title := c.T("导出活动记录表、签到表、统计表和站点数据包", "Export the forms, the statistics and the station bundle")
	if m.contents.idx == contentsBundle {
		title = c.T("导出站点数据包（交县妇计中心）", "Export the station bundle for the county")
	}
	lines := []string{st.Title.Render(truncate(title, w)), ""}
	if len(m.target.options) == 0 {
		lines = append(lines, c.T("正在查找U盘...", "looking for USB sticks..."))
		return strings.Join(lines, "\n")
	}
	lines = append(lines, m.f.view(st, 10, w), "")
	lines = append(lines, m.whatGoes(w)...)
	if len(m.target.options) == 1 {
		lines = append(lines, st.Warn.Render(truncate(c.T("没有找到U盘，将导出到数据文件夹", "no USB stick found: exporting to the data folder"), w)))
	}
	lines = append(lines, "")
	switch {
	case m.running:
		p := c.T("正在导出...", "exporting...")
		if m.total > 0 {
			p += fmt.Sprintf(" %d/%d ", m.done, m.total) + bar(st, m.done, m.total, min(30, w/3))
		}
		lines = append(lines, p)
	case m.summary != "":
		for _, l := range strings.Split(m.summary, "\n") {
			lines = append(lines, wrap(l, w)...)
		}
	default:
		hint := c.T("左右选择，回车开始导出", "left/right to choose, Enter to export")
		if m.usbChosen() {
			hint += c.T("，u 安全移除U盘", ", u ejects the USB stick")
		}
		lines = append(lines, st.Faint.Render(truncate(hint, w)))
	}
	return strings.Join(lines, "\n")
}
