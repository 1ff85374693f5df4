package tui

import (
	"context"
	"path/filepath"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"carekiosk/model"
)

// PaperImporter is what an Exporter also offers when the kiosk can bring
// in the sign-in sheets and statistics tables kept before it, from a USB
// stick.
type PaperImporter interface {
	// PaperFiles lists the spreadsheets on the mounted USB sticks.
	PaperFiles() ([]string, error)
	// ImportPaper reads files and stores their sessions (nothing when
	// dryRun), and says what it did or would do.
	ImportPaper(ctx context.Context, files []string, dryRun bool, lang model.Lang) (PaperReport, error)
}

// PaperReport is what an import of paper sheets did, or would do.
type PaperReport struct {
	// Lines are the report: per file and sheet, each session and each row
	// not read, and why.
	Lines []string
	// Summary is the totals in the kiosk's language.
	Summary string
	// Changed says something was (or would be) stored.
	Changed bool
}

type paperFilesMsg struct{ files, roots []string }

type paperReportMsg struct {
	r   PaperReport
	dry bool
}

// paperScreen imports last years' sheets from a USB stick (PIN): pick the
// files, see the dry run, then import.
type paperScreen struct {
	c      *Common
	pi     PaperImporter
	files  []string
	roots  []string // the sticks' folders
	picked map[string]bool
	sel    int
	ok     bool
	busy   bool
	report *paperReportMsg
	scroll int
}

func newPaperScreen(c *Common, pi PaperImporter) *paperScreen {
	return &paperScreen{c: c, pi: pi, picked: map[string]bool{}}
}

func (m *paperScreen) Title() string { return m.c.T("导入纸质记录", "Import paper records") }
func (m *paperScreen) Editing() bool { return false }
func (m *paperScreen) Init() tea.Cmd { return m.loadFiles() }

func (m *paperScreen) loadFiles() tea.Cmd {
	pi, ex := m.pi, m.c.Exporter
	return func() tea.Msg {
		files, err := pi.PaperFiles()
		if err != nil {
			return fail(err)
		}
		roots, _ := ex.Targets()
		return paperFilesMsg{files: files, roots: roots}
	}
}

func (m *paperScreen) ShortHelp() []key.Binding {
	k := m.c.Keys
	switch {
	case m.report == nil:
		return []key.Binding{k.Toggle, k.DryRun, k.Move, k.Back}
	case m.report.dry && m.report.r.Changed:
		return []key.Binding{k.StoreImport, k.Move, k.Back}
	}
	return []key.Binding{k.Move, k.Back}
}

func (m *paperScreen) Update(msg tea.Msg) tea.Cmd {
	c, k := m.c, m.c.Keys
	switch msg := msg.(type) {
	case paperFilesMsg:
		m.files, m.roots, m.ok, m.busy = msg.files, msg.roots, true, false
		m.sel = min(m.sel, max(0, len(m.files)-1))
	case paperReportMsg:
		m.busy, m.report, m.scroll = false, &msg, 0
		if !msg.dry {
			return flash(msg.r.Summary, true)
		}
	case errMsg:
		m.busy = false
	case tea.KeyPressMsg:
		if m.busy {
			return nil
		}
		if m.report != nil {
			return m.reportKey(msg)
		}
		switch {
		case key.Matches(msg, k.Back):
			return goTo(scrHome, "")
		case key.Matches(msg, k.Up):
			m.sel = max(0, m.sel-1)
		case key.Matches(msg, k.Down):
			m.sel = min(max(0, len(m.files)-1), m.sel+1)
		case key.Matches(msg, k.Toggle):
			if m.sel < len(m.files) {
				f := m.files[m.sel]
				m.picked[f] = !m.picked[f]
			}
		case key.Matches(msg, k.DryRun):
			files := m.chosen()
			if len(files) == 0 {
				return flash(c.T("U盘上没有表格文件", "no spreadsheet on the USB stick"), false)
			}
			m.busy = true
			return m.run(files, true)
		}
	}
	return nil
}

// reportKey handles a key while a report is shown: scroll, import after a
// dry run, back to the files.
func (m *paperScreen) reportKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.c.Keys
	switch {
	case key.Matches(msg, k.Back):
		m.report = nil
		m.busy = true
		return m.loadFiles()
	case key.Matches(msg, k.Up):
		m.scroll = max(0, m.scroll-1)
	case key.Matches(msg, k.Down):
		m.scroll = min(max(0, len(m.report.r.Lines)-1), m.scroll+1)
	case key.Matches(msg, k.StoreImport) && m.report.dry && m.report.r.Changed:
		m.busy = true
		return m.run(m.chosen(), false)
	}
	return nil
}

// chosen are the files ticked, or the one under the cursor when none is.
func (m *paperScreen) chosen() []string {
	var out []string
	for _, f := range m.files {
		if m.picked[f] {
			out = append(out, f)
		}
	}
	if len(out) == 0 && m.sel < len(m.files) {
		out = []string{m.files[m.sel]}
	}
	return out
}

// run imports the files, or only tries when dry.
func (m *paperScreen) run(files []string, dry bool) tea.Cmd {
	c, pi := m.c, m.pi
	return func() tea.Msg {
		r, err := pi.ImportPaper(c.Ctx, files, dry, c.Lang)
		if err != nil {
			return fail(err)
		}
		return paperReportMsg{r: r, dry: dry}
	}
}

func (m *paperScreen) View() string {
	c, st := m.c, m.c.Styles
	w, h := c.Width, c.BodyHeight()
	if m.busy {
		return c.T("正在读取表格...", "Reading the sheets...")
	}
	if !m.ok {
		return c.T("正在查找U盘...", "Looking for USB sticks...")
	}
	if m.report != nil {
		return m.reportView(w, h)
	}
	lines := []string{st.Title.Render(truncate(c.T("U盘上的签到表和统计表（.xlsx / .csv）", "Sign-in sheets and statistics tables on the USB stick (.xlsx / .csv)"), w)),
		st.Faint.Render(truncate(c.T("空格选择文件（可选多个），回车先试运行：显示将导入什么，不保存", "space picks files (several at once), enter tries first: shows what would be stored, stores nothing"), w))}
	if len(m.files) == 0 {
		lines = append(lines, "", st.Faint.Render(truncate("  "+c.T("没有找到表格文件：请插入U盘，稍等后按 esc 再进来", "no spreadsheet found: plug in the USB stick, then esc and come back"), w)))
		return strings.Join(lines, "\n")
	}
	room := h - len(lines)
	start := scrollWindow(m.sel, len(m.files), room)
	for i := start; i < len(m.files) && i < start+room; i++ {
		f := m.files[i]
		mark := "[ ]"
		if m.picked[f] {
			mark = "[x]"
		}
		cursor := "  "
		if i == m.sel {
			cursor = "> "
		}
		line := cursor + mark + " " + stickPath(m.roots, f)
		if i == m.sel {
			line = st.Selected.Render(padRight(line, w))
		}
		lines = append(lines, truncate(line, w))
	}
	return strings.Join(lines, "\n")
}

// reportView shows a dry run's or an import's report, wrapped, from scroll.
func (m *paperScreen) reportView(w, h int) string {
	c, st, r := m.c, m.c.Styles, m.report
	head := c.T("已导入", "Imported")
	switch {
	case r.dry && r.r.Changed:
		head = c.T("试运行（没有保存）：按 y 正式导入", "Dry run (nothing stored): y imports")
	case r.dry:
		head = c.T("试运行：没有新内容可导入", "Dry run: nothing new to import")
	}
	lines := []string{st.Title.Render(truncate(head, w)), truncate(unambiguousText.Replace(r.r.Summary), w)}
	var body []string
	for _, l := range r.r.Lines[min(m.scroll, len(r.r.Lines)):] {
		// Wrapped lines keep the line's indent.
		text := strings.TrimLeft(unambiguousText.Replace(l), " ")
		indent := strings.Repeat(" ", len(l)-len(text))
		for _, part := range wrapText(text, max(10, w-len(indent))) {
			body = append(body, indent+strings.TrimLeft(part, " "))
		}
	}
	room := h - len(lines)
	if len(body) > room {
		body = body[:room]
	}
	return strings.Join(append(lines, body...), "\n")
}

// stickPath names a file by its stick's folder name and its path on the
// stick (U盘/统计表/2024统计表.xlsx).
func stickPath(roots []string, p string) string {
	for _, r := range roots {
		if rel, err := filepath.Rel(r, p); err == nil && !strings.HasPrefix(rel, "..") {
			return filepath.Base(r) + "/" + filepath.ToSlash(rel)
		}
	}
	return p
}

// unambiguousText puts wide or ASCII forms for the East-Asian-ambiguous
// punctuation that messages written for files and terminals use (“” ‘’ · —
// …), so a report shown on the kiosk keeps its columns.
var unambiguousText = strings.NewReplacer("“", "「", "”", "」", "‘", "『", "’", "』", "·", "・", "—", "-", "…", "...")
