package tui

import (
	"context"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"carekiosk/model"
)

// screen is one page of the kiosk. Screens render strings; only the root
// returns a tea.View.
type screen interface {
	// Init starts the screen's loads.
	Init() tea.Cmd
	// Update handles a message routed by the root.
	Update(msg tea.Msg) tea.Cmd
	// View renders the body (the root adds header, status and help lines).
	View() string
	// Title names the screen in the header.
	Title() string
	// ShortHelp lists the keys for the help line.
	ShortHelp() []key.Binding
	// Editing reports whether a text field has the focus, so the root leaves
	// printable keys such as ? to it.
	Editing() bool
}

// Options configure the kiosk model.
type Options struct {
	// Ctx bounds store calls; Background when nil.
	Ctx   context.Context
	Store Store
	// Clock is the kiosk's clock; time.Now when zero.
	Clock model.Clock
	// URL builds the check-in address; LANURL when nil.
	URL CheckinURL
	// ResumeCheckin starts on the check-in screen when a session is open
	// for check-in, so after a power cut or a restart the family-facing
	// screen comes back rather than the instructor's home. The kiosk command
	// sets it.
	ResumeCheckin bool
	// PhoneOff, when set, says why the phone check-in server is not
	// running; the check-in screen then shows no QR code, only this and the
	// way to sign in at the kiosk.
	PhoneOff string
	// DataDir is where family card images are written.
	DataDir string
	// Exporter writes the county's files; nil leaves the export screen out.
	Exporter Exporter
}

// Model is the root of the kiosk: it owns Common, routes messages and wraps
// the active screen into the view.
type Model struct {
	c        *Common
	id       screenID
	screen   screen
	guard    model.PINGuard
	pin      *pinPrompt
	flash    string
	flashOK  bool
	showHelp bool
	help     help.Model
	changes  <-chan model.Change
	cancel   func()
	// resume: see Options.ResumeCheckin.
	resume bool
}

// New builds the kiosk model. It subscribes to the store's changes at once
// so nothing committed after New is missed.
func New(opt Options) *Model {
	ctx := opt.Ctx
	if ctx == nil {
		ctx = context.Background()
	}
	url := opt.URL
	if url == nil {
		url = LANURL{Port: 8080}
	}
	c := &Common{Ctx: ctx, Width: 80, Height: 24, Styles: DefaultStyles(), Store: opt.Store, Clock: opt.Clock,
		Settings: model.DefaultSettings(), URL: url, PhoneOff: opt.PhoneOff, DataDir: opt.DataDir, Exporter: opt.Exporter}
	c.setLang(model.LangZH)
	c.IME = newIME()
	m := &Model{c: c, help: help.New(), resume: opt.ResumeCheckin}
	m.help.Styles.ShortKey = c.Styles.HelpKey
	m.help.Styles.ShortDesc = c.Styles.HelpDesc
	m.help.Styles.ShortSeparator = c.Styles.HelpSep
	m.help.Styles.FullKey = c.Styles.HelpKey
	m.help.Styles.FullDesc = c.Styles.HelpDesc
	m.help.Styles.FullSeparator = c.Styles.HelpSep
	// ASCII only: the default bullet and ellipsis are East-Asian-ambiguous.
	m.help.ShortSeparator = " | "
	m.help.FullSeparator = "   "
	m.help.Ellipsis = ".."
	m.changes, m.cancel = opt.Store.Subscribe()
	m.screen = &loadingScreen{c: c}
	return m
}

// Init loads the settings, checks the clock and starts listening for changes.
func (m *Model) Init() tea.Cmd {
	return tea.Batch(startupCmd(m.c), waitChange(m.changes), prepareIME(m.c))
}

// Screen reports the active screen's title (tests and the tmux test read it).
func (m *Model) Screen() string { return m.screen.Title() }

// Update routes global keys first, then application messages, then the
// active screen.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.c.Width, m.c.Height = msg.Width, msg.Height
		m.help.SetWidth(msg.Width)
		return m, m.screen.Update(msg)
	case tea.InterruptMsg, interruptMsg:
		return m, m.askQuit()
	case tea.KeyPressMsg:
		m.flash = ""
		if m.pin != nil {
			return m, m.updatePIN(msg)
		}
		if f := m.c.IME.composingField(); f != nil && !key.Matches(msg, m.c.Keys.Quit) {
			f.update(msg) // every key belongs to the pinyin until it is done
			return m, nil
		}
		switch {
		case key.Matches(msg, m.c.Keys.Quit):
			return m, m.askQuit()
		case m.showHelp && key.Matches(msg, m.c.Keys.Back, m.c.Keys.Help, m.c.Keys.HelpAnywhere):
			m.showHelp = false
			return m, nil
		case key.Matches(msg, m.c.Keys.HelpAnywhere) || !m.screen.Editing() && key.Matches(msg, m.c.Keys.Help):
			m.showHelp = true
			return m, nil
		case m.showHelp:
			return m, nil // the screen under the help takes no key unseen
		}
	case tea.PasteMsg:
		if m.pin != nil {
			m.pin.f.update(msg)
			return m, nil
		}
	case startupMsg:
		return m, m.startup(msg)
	case imeReadyMsg:
		return m, nil
	case gotoMsg:
		return m, m.show(msg)
	case errMsg:
		m.flash, m.flashOK = m.c.errText(msg.err), false
	case flashMsg:
		m.flash, m.flashOK = msg.text, msg.ok
		return m, nil
	case changeMsg:
		return m, tea.Batch(m.screen.Update(msg), waitChange(m.changes))
	case secondMsg:
		if msg.gen != m.c.gen {
			return m, nil // a tick of a screen no longer shown
		}
	case qrTickMsg:
		if msg.gen != m.c.gen {
			return m, nil
		}
	case settingsMsg:
		m.c.Settings = msg.settings
		m.c.setLang(msg.settings.Lang)
		m.guard.Hash = msg.settings.PINHash
	case askPINMsg:
		m.pin = newPINPrompt(m.c, msg.prompt, msg.then)
		return m, nil
	case quitMsg:
		if m.cancel != nil {
			m.cancel()
		}
		return m, tea.Quit
	}
	return m, m.screen.Update(msg)
}

// askQuit handles ctrl+c: never on the family-facing check-in screen,
// elsewhere only after the PIN.
func (m *Model) askQuit() tea.Cmd {
	if m.id == scrCheckin {
		m.flash, m.flashOK = m.c.T("签到屏不能退出：请指导员按 esc 输入 PIN", "the check-in screen cannot be closed: instructor, press esc and enter the PIN"), false
		return nil
	}
	if m.guard.Hash == "" {
		return func() tea.Msg { return quitMsg{} }
	}
	m.pin = newPINPrompt(m.c, m.c.T("退出程序需要指导员 PIN", "quitting needs the instructor PIN"), func() tea.Msg { return quitMsg{} })
	return nil
}

// startup picks the first screen: PIN setup on a first run, the date
// confirmation when the clock is wrong, else home.
func (m *Model) startup(msg startupMsg) tea.Cmd {
	if msg.err != nil {
		m.flash = m.c.errText(msg.err)
		return nil
	}
	m.c.Settings = msg.settings
	m.c.setLang(msg.settings.Lang)
	m.guard.Hash = msg.settings.PINHash
	switch {
	case msg.settings.PINHash == "":
		return m.show(gotoMsg{to: scrPINSetup})
	case msg.clockErr != nil:
		m.flash = m.c.errText(msg.clockErr)
		return m.show(gotoMsg{to: scrClock})
	case msg.checkinID != "" && m.resume:
		return m.show(gotoMsg{to: scrCheckin, sessionID: msg.checkinID})
	}
	return m.show(gotoMsg{to: scrHome})
}

// show switches to a fresh instance of a screen.
func (m *Model) show(g gotoMsg) tea.Cmd {
	m.showHelp = false
	m.c.IME.cancel()
	m.c.gen++
	m.id = g.to
	switch g.to {
	case scrHome:
		h := newHome(m.c)
		h.unlocked = g.unlocked
		m.screen = h
	case scrFollowUp:
		m.screen = newFollowUp(m.c, g.sessionID)
	case scrCharts:
		m.screen = newCharts(m.c)
	case scrBackfill:
		m.screen = newBackfill(m.c)
	case scrPaper:
		pi, ok := m.c.Exporter.(PaperImporter)
		if !ok {
			m.screen = newHome(m.c)
			break
		}
		m.screen = newPaperScreen(m.c, pi)
	case scrNewSession:
		m.screen = newNewSession(m.c)
		if g.sessionID != "" {
			m.screen = newEditSession(m.c, g.sessionID)
		}
	case scrCheckin:
		m.screen = newCheckin(m.c, g.sessionID)
	case scrRunning:
		m.screen = newRunning(m.c, g.sessionID)
	case scrSummary:
		m.screen = newSummary(m.c, g.sessionID, g.correct)
	case scrHistory:
		m.screen = newHistory(m.c, g.sessionID)
	case scrFamilies:
		m.screen = newFamilies(m.c)
	case scrSettings:
		m.screen = newSettings(m.c)
	case scrStationKey:
		kg, ok := m.c.Exporter.(StationKeyGiver)
		if !ok {
			m.screen = newSettings(m.c)
			break
		}
		m.screen = newStationKey(m.c, kg)
	case scrPINSetup:
		m.screen = newPINSetup(m.c)
	case scrClock:
		m.screen = newClockScreen(m.c)
	case scrAmend:
		m.screen = newAmend(m.c, g.sessionID, g.void)
	case scrExport:
		if m.c.Exporter == nil {
			m.screen = newHome(m.c)
			break
		}
		m.screen = newExport(m.c, m.c.Exporter)
	}
	return m.screen.Init()
}

// View renders header, body, status line and help line, every line fitted
// to the terminal width.
func (m *Model) View() tea.View {
	c := m.c
	w, h := c.Width, c.Height
	if w < 1 {
		w = 1
	}
	var body string
	switch {
	case m.pin != nil:
		body = m.pin.view()
	case m.showHelp:
		body = m.fullHelp()
	default:
		body = m.screen.View()
	}
	header := m.header(w)
	status := ""
	if m.flash != "" {
		if m.flashOK {
			status = c.Styles.OK.Render(truncate(m.flash, w))
		} else {
			status = c.Styles.Error.Render(truncate(m.flash, w))
		}
	}
	helpLine := m.helpLine(w)
	out := []string{padRight(header, w), fitBlock(body, w, c.BodyHeight()), padRight(status, w), padRight(helpLine, w)}
	if ts, ok := m.screen.(tallScreen); ok && m.pin == nil && !m.showHelp && h >= 4 {
		if tall, ok := ts.TallView(h-1, status); ok {
			out = []string{fitBlock(tall, w, h-1), padRight(helpLine, w)}
		}
	}
	content := strings.Join(out, "\n")
	if h < 4 {
		content = fitBlock(content, w, h)
	}
	v := tea.NewView(content)
	v.AltScreen = true
	v.WindowTitle = "carekiosk"
	return v
}

// tallScreen is a screen that, on a short terminal, may draw over the
// header and status rows too, showing the status text itself.
type tallScreen interface {
	// TallView returns the screen in h rows with status within it; ok is
	// false when the usual body is enough.
	TallView(h int, status string) (string, bool)
}

func (m *Model) header(w int) string {
	c := m.c
	now := c.Now()
	left := " " + c.T("养育照护小组", "Care groups") + " | " + m.screen.Title()
	if m.pin != nil {
		left = " " + c.T("指导员 PIN", "Instructor PIN")
	}
	right := now.Format("2006-01-02 15:04") + " "
	gap := w - lipglossWidth(left) - lipglossWidth(right)
	if gap < 1 {
		return c.Styles.Header.Render(padRight(left, w))
	}
	return c.Styles.Header.Render(left + strings.Repeat(" ", gap) + right)
}

// helpLine is the bottom line: the screen's main keys, as many as fit, and
// always last the key for the full help. (bubbles' own truncation keeps
// adding keys when even its ellipsis does not fit.)
func (m *Model) helpLine(w int) string {
	keys := m.shortHelp()
	hs := m.help.Styles
	item := func(b key.Binding) string {
		return hs.ShortKey.Inline(true).Render(b.Help().Key) + " " + hs.ShortDesc.Inline(true).Render(b.Help().Desc)
	}
	sep := hs.ShortSeparator.Inline(true).Render(m.help.ShortSeparator)
	var tail string
	if last := keys[len(keys)-1]; len(keys) > 1 && (last.Help().Key == m.c.Keys.Help.Help().Key || last.Help().Key == m.c.Keys.HelpAnywhere.Help().Key) {
		tail, keys = sep+item(last), keys[:len(keys)-1]
	}
	more := " " + hs.Ellipsis.Inline(true).Render(m.help.Ellipsis)
	if tail != "" {
		more = "" // ? lists what did not fit
	}
	var b strings.Builder
	used := 0
	for i, k := range keys {
		if !k.Enabled() {
			continue
		}
		s := item(k)
		if used > 0 {
			s = sep + s
		}
		room := w - lipglossWidth(tail) - used
		if i < len(keys)-1 {
			room -= lipglossWidth(more) // a later key may not fit
		}
		if lipglossWidth(s) > room {
			if used+lipglossWidth(more)+lipglossWidth(tail) <= w {
				b.WriteString(more)
			}
			break
		}
		b.WriteString(s)
		used += lipglossWidth(s)
	}
	return b.String() + tail
}

func (m *Model) shortHelp() []key.Binding {
	k := m.c.Keys
	if m.pin != nil {
		return []key.Binding{k.Enter, k.Back}
	}
	if m.showHelp {
		return []key.Binding{k.Back}
	}
	if m.c.IME.composingField() != nil {
		return k.composingHelp()
	}
	if m.screen.Editing() {
		return append(m.screen.ShortHelp(), k.HelpAnywhere) // ? is typed here
	}
	return append(m.screen.ShortHelp(), k.Help)
}

// fullHelper is a screen with more keys than its bottom line shows.
type fullHelper interface{ FullHelp() []key.Binding }

// fullHelp shows every key of the screen with the global ones.
func (m *Model) fullHelp() string {
	k := m.c.Keys
	short := m.screen.ShortHelp()
	if f, ok := m.screen.(fullHelper); ok {
		short = f.FullHelp()
	}
	seen := map[string]bool{}
	for _, b := range short {
		seen[b.Help().Key] = true
	}
	_, onCheckin := m.screen.(*checkin)
	var global []key.Binding
	for _, b := range []key.Binding{k.Help, k.HelpAnywhere, k.Quit} {
		if onCheckin && b.Help().Key == k.Quit.Help().Key {
			continue // ctrl+c does not quit the family-facing screen
		}
		if !seen[b.Help().Key] {
			global = append(global, b)
		}
	}
	var cols [][]key.Binding
	for i := 0; i < len(short); i += 6 {
		j := min(i+6, len(short))
		cols = append(cols, short[i:j])
	}
	cols = append(cols, global)
	if m.screen.Editing() {
		cols = append(cols, k.editingHelp())
	}
	title := m.c.Styles.Title.Render(m.c.T("按键说明", "Keys")) + "  " + m.screen.Title()
	notes := []string{"", m.c.T("在输入框里 ? 是输入的字符，按 F1 看帮助。", "In a text field ? is typed: F1 shows the help.")}
	if m.screen.Editing() {
		notes = append(notes, wrap(m.c.T("标 [中] 的输入框直接打拼音（可只打声母，如 xm）：空格或 1-5 选字，-/= 翻页，回车输入字母，esc 取消；ctrl+space 切换中/英。",
			"In a field marked [中] type pinyin (initials too, xm): space or 1-5 picks, -/= pages, Enter keeps the letters, esc drops them; ctrl+space switches 中/英."), m.c.Width)...)
	}
	if onCheckin {
		notes = append(notes,
			m.c.T("签到屏面向家长：离开签到屏需要指导员 PIN，ctrl+c 在签到屏不会退出。", "The check-in screen faces families: leaving it needs the instructor PIN; ctrl+c does not quit there."),
			m.c.T("扫码枪扫家庭卡后按回车，即显示这个家庭（签到屏任意位置）。", "A scanner reading a family card plus Enter opens the family anywhere on the check-in screen."))
	}
	return title + "\n\n" + m.help.FullHelpView(cols) + strings.Join(notes, "\n")
}

// loadingScreen shows until the settings are loaded.
type loadingScreen struct{ c *Common }

func (l *loadingScreen) Init() tea.Cmd          { return nil }
func (l *loadingScreen) Update(tea.Msg) tea.Cmd { return nil }
func (l *loadingScreen) View() string {
	return l.c.T("正在打开数据库...", "Opening the database...")
}
func (l *loadingScreen) Title() string            { return l.c.T("启动", "Starting") }
func (l *loadingScreen) ShortHelp() []key.Binding { return nil }
func (l *loadingScreen) Editing() bool            { return false }

// interruptMsg is a SIGINT turned into an ordinary message by Filter.
type interruptMsg struct{}

// Filter is the program's message filter (tea.WithFilter): it turns a
// SIGINT, which Bubble Tea would treat as the end of the program, into a
// message the root handles like ctrl+c, so the check-in screen cannot be
// ended that way either.
func Filter(_ tea.Model, msg tea.Msg) tea.Msg {
	if _, ok := msg.(tea.InterruptMsg); ok {
		return interruptMsg{}
	}
	return msg
}
