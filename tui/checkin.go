package tui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"carekiosk/model"
)

// checkinMode is what the check-in screen is doing.
type checkinMode int

const (
	modeList     checkinMode = iota // QR code and the live list
	modeKiosk                       // a family signs in at the kiosk
	modeUnlocked                    // the instructor entered the PIN
	modeConsent                     // the consent notice waits for the caregiver
)

// highlightFor is how long a new sign-in stays highlighted.
const highlightFor = 8 * time.Second

type sessionLoadedMsg struct {
	s       *model.Session
	signIns []model.SignIn
}

// signedInMsg reports a stored sign-in.
type signedInMsg struct {
	res *model.SignInResult
}

// checkin is the family-facing screen: a large QR code, the live list of
// sign-ins, the headcount and age distribution, the kiosk-side sign-in for
// families without a smartphone, and the scanner path.
type checkin struct {
	c       *Common
	id      string
	s       *model.Session
	signIns []model.SignIn
	newAt   map[string]time.Time
	url     string
	mode    checkinMode
	form    *kioskForm
	ask     *consentAsk
	scan    []rune
	sel     int
	loaded  bool
	qrc     qrCache
	gen     int
	// withdrawing is the sign-in the instructor asked to withdraw; y
	// confirms, any other key keeps it.
	withdrawing string
	// cards are family cards scanned while the consent notice was up: each
	// waits its turn, one family at a time.
	cards []string
}

// qrCache keeps the rendered QR code until the URL or the room changes, so
// redraws of the live list do not encode it again.
type qrCache struct {
	url        string
	maxW, maxH int
	block      string
	size       int
}

func (k *checkin) qr(maxW, maxH int) (string, int) {
	q := &k.qrc
	if q.url != k.url || q.maxW != maxW || q.maxH != maxH {
		q.block, q.size = qrBlock(k.c.Styles, k.url, maxW, maxH)
		q.url, q.maxW, q.maxH = k.url, maxW, maxH
	}
	return q.block, q.size
}

func newCheckin(c *Common, sessionID string) *checkin {
	return &checkin{c: c, id: sessionID, newAt: map[string]time.Time{}, url: c.URL.URL(sessionID), gen: c.gen}
}

func (k *checkin) Title() string {
	if k.mode == modeUnlocked {
		return k.c.T("签到 (指导员)", "Check-in (instructor)")
	}
	return k.c.T("签到", "Check-in")
}

func (k *checkin) Editing() bool { return k.mode == modeKiosk && k.form.editingText() }

func (k *checkin) Init() tea.Cmd {
	return tea.Batch(loadCheckin(k.c, k.id), tickQR(k.gen), tickSecond(k.gen))
}

// loadCheckin reads the session and its sign-ins for the live list, without
// the signature images the list does not show.
func loadCheckin(c *Common, id string) tea.Cmd {
	return func() tea.Msg {
		s, err := c.Store.Session(c.Ctx, id)
		if err != nil {
			return fail(err)
		}
		si, err := c.Store.SignInsAfter(c.Ctx, id, 0)
		if err != nil {
			return fail(err)
		}
		return sessionLoadedMsg{s: s, signIns: si}
	}
}

// signInsAddedMsg carries the sign-ins stored after the newest the list
// had.
type signInsAddedMsg struct {
	id      string
	signIns []model.SignIn
}

// loadNewSignIns reads only the sign-ins after 序号 after: when a family
// arrives, one row, not the session again. Reading from the list's newest
// rather than taking the change's rows also catches up on any change the
// screen missed.
func loadNewSignIns(c *Common, id string, after int) tea.Cmd {
	return func() tea.Msg {
		si, err := c.Store.SignInsAfter(c.Ctx, id, after)
		if err != nil {
			return fail(err)
		}
		return signInsAddedMsg{id: id, signIns: si}
	}
}

// lastSeq is the newest 序号 on the list, 0 when it is empty.
func (k *checkin) lastSeq() int {
	if n := len(k.signIns); n > 0 {
		return k.signIns[n-1].Seq
	}
	return 0
}

// refresh follows a committed change of this session: a new sign-in reads
// only the rows after the list's newest; anything else (a withdrawal, an
// edit) reads the session again.
func (k *checkin) refresh(ch model.Change) tea.Cmd {
	if ch.Kind == model.ChangeSignIn && k.loaded {
		return loadNewSignIns(k.c, k.id, k.lastSeq())
	}
	return loadCheckin(k.c, k.id)
}

// signInsAdded appends the sign-ins the list does not have yet, marked new.
func (k *checkin) signInsAdded(msg signInsAddedMsg) {
	if msg.id != k.id || !k.loaded {
		return
	}
	for _, si := range msg.signIns {
		if si.Seq > k.lastSeq() {
			k.signIns = append(k.signIns, si)
			k.newAt[si.ID] = k.c.Now()
		}
	}
}

// readSession reads a session and its sign-ins; it runs inside a Cmd.
func readSession(c *Common, id string) (*model.Session, []model.SignIn, error) {
	s, err := c.Store.Session(c.Ctx, id)
	if err != nil {
		return nil, nil, err
	}
	si, err := c.Store.SignIns(c.Ctx, id)
	return s, si, err
}

// loadSession reads a session with its sign-ins.
func loadSession(c *Common, id string) tea.Cmd {
	return func() tea.Msg {
		s, si, err := readSession(c, id)
		if err != nil {
			return fail(err)
		}
		return sessionLoadedMsg{s: s, signIns: si}
	}
}

func (k *checkin) ShortHelp() []key.Binding {
	km := k.c.Keys
	switch k.mode {
	case modeKiosk:
		return k.form.shortHelp()
	case modeConsent:
		return []key.Binding{km.Agree, km.Decline}
	case modeUnlocked:
		if k.withdrawing != "" {
			return []key.Binding{km.Yes} // any other key keeps the sign-in
		}
		return []key.Binding{km.Running, km.Home, km.Withdraw, km.QuitApp, km.Back}
	}
	return []key.Binding{km.KioskSignIn, km.NewFamily, km.Unlock}
}

// FullHelp lists every key of the mode: the keys updateKey acts on.
func (k *checkin) FullHelp() []key.Binding {
	km := k.c.Keys
	switch k.mode {
	case modeKiosk:
		return k.form.fullHelp()
	case modeUnlocked:
		if k.withdrawing != "" {
			return k.ShortHelp()
		}
		return []key.Binding{km.Move, km.Running, km.Home, km.Withdraw, km.QuitApp, km.Back}
	}
	return k.ShortHelp()
}

func (k *checkin) Update(msg tea.Msg) tea.Cmd {
	c := k.c
	switch msg := msg.(type) {
	case sessionLoadedMsg:
		if msg.s.ID == k.id {
			k.sessionLoaded(msg)
		}
		return nil
	case changeMsg:
		if msg.change.SessionID == k.id {
			return k.refresh(msg.change)
		}
		return nil
	case signInsAddedMsg:
		k.signInsAdded(msg)
		return nil
	case qrTickMsg:
		k.url = c.URL.URL(k.id)
		return tickQR(k.gen)
	case secondMsg:
		return tickSecond(k.gen)
	case signedInMsg:
		if k.ask != nil && !k.ask.busy {
			// Another family's card, scanned just before this notice came
			// up, was stored: the notice stays for the family reading it.
			return tea.Batch(k.refresh(model.Change{Kind: model.ChangeSignIn}), flash(signedInText(c, msg.res), true))
		}
		k.mode, k.form, k.ask = modeList, nil, nil
		return tea.Batch(k.refresh(model.Change{Kind: model.ChangeSignIn}), flash(signedInText(c, msg.res), true), k.nextCard())
	case errMsg:
		if k.form != nil {
			k.form.busy = false
		}
		if k.ask != nil {
			k.ask.busy = false
		}
		return nil
	case consentNeededMsg:
		if k.form != nil {
			k.form.busy = false
		}
		if k.ask != nil {
			// Two cards scanned back to back: the notice on screen is
			// answered by its own family, never replaced under its eyes.
			return flash(c.T("请先回答屏幕上的签到须知（y 同意，esc 返回），再为下一个家庭签到",
				"answer the notice on the screen first (y agree, esc back), then sign in the next family"), false)
		}
		k.ask, k.mode = &consentAsk{in: msg.in, who: msg.who}, modeConsent
		return nil
	case cardFoundMsg:
		if k.s == nil || !k.s.State.AcceptsSignIns() || k.mode == modeConsent {
			return nil
		}
		k.mode, k.form = modeKiosk, newKioskForm(c, k.s, k.signIns)
		k.form.startCard(msg.f)
		return nil
	case familiesFoundMsg, familyLoadedMsg:
		if k.form != nil {
			return k.form.update(msg)
		}
		return nil
	case unlockedMsg:
		k.mode = modeUnlocked
		return nil
	case tea.PasteMsg:
		if k.mode == modeKiosk {
			return k.form.update(msg)
		}
		return nil
	case tea.KeyPressMsg:
		return k.updateKey(msg)
	}
	return nil
}

// withdrawSignIn takes back a sign-in made by mistake; the store keeps it
// aside with the session's instructor as who withdrew it, and the change
// reloads the list.
func withdrawSignIn(c *Common, s *model.Session, si model.SignIn) tea.Cmd {
	who := s.Instructor
	if who == "" {
		who = "健康指导员"
	}
	in := model.WithdrawInput{SessionID: s.ID, SignInID: si.ID, Who: who, Reason: "签到有误（选错孩子或重复签到），指导员在活动中撤销"}
	return func() tea.Msg {
		if err := c.Store.WithdrawSignIn(c.Ctx, in); err != nil {
			return fail(err)
		}
		return flashMsg{text: fmt.Sprintf(c.T("已撤销第 %d 号 %s 的签到（记录留存）", "withdrew sign-in %d, %s (kept on record)"), si.Seq, si.ChildName), ok: true}
	}
}

// startRunning moves an open session to running and shows the segments.
func (k *checkin) startRunning() tea.Cmd {
	c, s := k.c, k.s
	if s == nil {
		return nil
	}
	return func() tea.Msg {
		if s.State == model.StateOpen {
			if _, err := c.Store.AdvanceSession(c.Ctx, s.ID, model.StateRunning); err != nil {
				return fail(err)
			}
		}
		return gotoMsg{to: scrRunning, sessionID: s.ID}
	}
}

// scanned watches every key for a family card code followed by Enter,
// whatever has the focus. It reports whether the key completed a scan.
func (k *checkin) scanned(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	if key.Matches(msg, k.c.Keys.Enter) {
		typed := strings.ToUpper(string(k.scan))
		k.scan = k.scan[:0]
		code := model.CardCodeAtEnd(typed)
		if code == "" || k.s == nil || !k.s.State.AcceptsSignIns() {
			return nil, false
		}
		if k.mode == modeKiosk {
			k.form.dropTyped(len(code))
		}
		if k.mode == modeConsent {
			// One family at a time: the card waits until the notice on
			// screen is answered.
			k.cards = append(k.cards, code)
			return flash(k.c.T("家庭卡已读到，请稍候：先回答屏幕上的签到须知（y 同意，esc 返回）",
				"card read, please wait: the notice on the screen is answered first (y agree, esc back)"), true), true
		}
		return openCard(k.c, code), true
	}
	if msg.Text != "" && len([]rune(msg.Text)) == 1 && msg.Mod&(tea.ModCtrl|tea.ModAlt) == 0 {
		k.scan = append(k.scan, []rune(msg.Text)...)
		if len(k.scan) > 32 {
			k.scan = k.scan[len(k.scan)-32:]
		}
	} else {
		k.scan = k.scan[:0]
	}
	return nil, false
}

// cardFoundMsg carries the family of a scanned card.
type cardFoundMsg struct{ f *model.Family }

// openCard finds the family of a scanned card; the check-in screen then
// shows its children to pick and asks who signs.
func openCard(c *Common, code string) tea.Cmd {
	return func() tea.Msg {
		fams, err := c.Store.FindFamilies(c.Ctx, model.FamilyQuery{CardCode: code, Limit: 1})
		if err != nil {
			return fail(err)
		}
		if len(fams) == 0 || len(fams[0].Caregivers) == 0 {
			return fail(model.Errorf(model.ENOTFOUND, "没有找到这张家庭卡：%s", "no family has card %s", code))
		}
		return cardFoundMsg{f: &fams[0]}
	}
}

// nextCard opens the oldest card that waited for the consent notice, once
// the screen is free for it.
func (k *checkin) nextCard() tea.Cmd {
	if len(k.cards) == 0 || k.mode != modeList {
		return nil
	}
	code := k.cards[0]
	k.cards = k.cards[1:]
	return openCard(k.c, code)
}

// signedInText confirms a sign-in to the family.
func signedInText(c *Common, res *model.SignInResult) string {
	var parts []string
	for i, s := range res.SignIns {
		p := fmt.Sprintf("%d %s", s.Seq, model.MaskName(s.ChildName)) // the screen faces families
		if i < len(res.Existing) && res.Existing[i] {
			p += c.T("(已签过)", " (already in)")
		}
		parts = append(parts, p)
	}
	return c.T("签到成功：", "Signed in: ") + strings.Join(parts, ", ")
}

// stats counts families and renders the age distribution.
func (k *checkin) stats() (families int, dist string) {
	fam := map[string]bool{}
	ages := make([]int, 0, len(k.signIns))
	for _, s := range k.signIns {
		fam[s.FamilyID] = true
		ages = append(ages, s.AgeMonths)
	}
	return len(fam), model.FormatDistribution(model.Distribution(ages), k.c.Lang)
}

func (k *checkin) View() string {
	c := k.c
	if !k.loaded {
		return c.T("正在读取...", "Loading...")
	}
	switch k.mode {
	case modeKiosk:
		return k.form.view()
	case modeConsent:
		return k.consentView()
	}
	v, _ := k.listLayout(c.Width, c.BodyHeight(), "")
	return v
}

// TallView draws the QR screen over the header and status rows as well when
// its code does not fit the usual body (an 80x16 screen): h rows, the status
// text in the list's column. ok is false when the usual body is enough.
func (k *checkin) TallView(h int, status string) (string, bool) {
	if !k.loaded || (k.mode != modeList && k.mode != modeUnlocked) || k.c.PhoneOff != "" {
		return "", false
	}
	if _, fits := k.listLayout(k.c.Width, k.c.BodyHeight(), ""); fits {
		return "", false
	}
	return k.listLayout(k.c.Width, h, status)
}

// listLayout draws the QR code, its address and the list in w x h cells,
// status (when set) at the foot of the list. It tries, in turn, the address
// under the code and the address in the list's column; fits is false when
// even then the code does not fit and only the address is shown.
func (k *checkin) listLayout(w, h int, status string) (string, bool) {
	c := k.c
	if c.PhoneOff != "" {
		// No QR code that leads nowhere: say so, and point at the kiosk.
		lw := min(w/2, 36)
		left := []string{c.Styles.Warn.Render(truncate(c.T("手机签到未开启", "Phone check-in is off"), lw)), ""}
		left = append(left, wrap(c.PhoneOff, lw)...)
		left = append(left, "", c.Styles.Title.Render(truncate(c.T("请按回车在这里签到", "Press enter to sign in here"), lw)))
		rw := w - lw - 2
		return sideBySide(strings.Join(left, "\n"), lw, k.listView(rw, h, "", status), rw, h), true
	}
	qrW := w/2 - 1
	if c.Wide() {
		qrW = max(w/2, w-52)
	}
	urlLines := 2
	if c.Wide() {
		urlLines = 3
	}
	qr, size := k.qr(qrW, h-urlLines)
	if qr == "" {
		// The address moves to the list's column and the code takes the
		// whole height.
		if qr, size = k.qr(qrW, h); qr != "" {
			rw := w - size - 2
			return sideBySide(qr, size, k.listView(rw, h, k.url, status), rw, h), true
		}
	}
	// The address on as few lines as the list's column allows.
	lw := max(size, min(lipglossWidth(k.url), w-40))
	if c.Wide() {
		// Room to spare: the address on one line, to read out or type.
		lw = max(lw, min(lipglossWidth(k.url), w-60))
	}
	var left []string
	if qr != "" {
		left = append(left, qr)
		left = append(left, hardWrap(k.url, lw)...)
		if c.Wide() {
			left = append(left, c.Styles.Faint.Render(truncate(c.T("用手机扫码签到", "scan with your phone to sign in"), lw)))
		}
	} else {
		lw = min(w/2, max(30, lipglossWidth(k.url)))
		left = append(left, c.T("手机签到请打开：", "Sign in on a phone at:"))
		left = append(left, hardWrap(k.url, lw)...)
	}
	rw := w - lw - 2
	return sideBySide(strings.Join(left, "\n"), lw, k.listView(rw, h, "", status), rw, h), qr != ""
}

// listView renders the session header, counts and the live list; url, when
// set, is the check-in address, and status a message at the foot.
func (k *checkin) listView(w, h int, url, status string) string {
	c := k.c
	st := c.Styles
	s := k.s
	var lines []string
	lines = append(lines, st.Big.Render(truncate(s.Title, w)))
	lines = append(lines, truncate(fmt.Sprintf("%s  %s  %s", s.Date, s.Band.Label(c.Lang), s.Instructor), w))
	fams, dist := k.stats()
	lines = append(lines, st.Title.Render(truncate(familiesText(c.Lang, fams, len(k.signIns)), w)))
	// The distribution is shown whole: the county's form needs every month.
	lines = append(lines, wrapParts(c.T("月龄分布：", "Ages: "), strings.Split(dist, " / "), " / ", w)...)
	if k.mode == modeUnlocked {
		// The keys are on the bottom line; this one only says whose screen
		// it is now, short enough for the narrow column at 80x24.
		lines = append(lines, st.Locked.Render(truncate(c.T(" 指导员已解锁，按键见最下一行 ", " instructor unlocked: keys on the bottom line "), w)))
		if len(k.signIns) > 0 {
			lines = append(lines, st.Faint.Render(truncate(c.T("签到有误：上下选中那一行，按 x 撤销", "a wrong sign-in: select it with up/down, x withdraws it"), w)))
		}
	} else if !s.State.AcceptsSignIns() {
		lines = append(lines, st.Warn.Render(truncate(c.T("本次活动已结束签到", "this session no longer takes sign-ins"), w)))
	} else {
		lines = append(lines, st.OK.Render(truncate(c.T("没有智能手机？按回车在这里签到", "No smartphone? Press Enter here"), w)))
	}
	if url != "" {
		lines = append(lines, hardWrap(url, w)...)
	}
	cols := checkinColumns(c, w)
	lines = append(lines, tableHeader(st, cols))
	var foot []string
	for _, si := range k.signIns {
		if si.OutsideBand {
			foot = append(foot, st.Mark.Render(truncate(c.T("* 不在本次活动月龄段，已接收", "* outside the session's age band, accepted"), w)))
			break
		}
	}
	if status != "" {
		foot = append(foot, truncate(status, w))
	}
	start, end := k.listWindow(h - len(lines) - len(foot))
	if start > 0 || end < len(k.signIns) {
		lines = append(lines, st.Faint.Render(truncate(hiddenRowsText(c, start, len(k.signIns)-end, len(k.signIns)), w)))
	}
	now := c.Now()
	for i := start; i < end; i++ {
		si := k.signIns[i]
		age := fmt.Sprint(si.AgeMonths)
		if si.OutsideBand {
			age += "*"
		}
		name := si.ChildName
		if k.mode != modeUnlocked { // the list faces families: names partly hidden, as the search shows them
			name = model.MaskName(name)
		}
		row := tableRow(cols, []string{fmt.Sprint(si.Seq), name, age, si.Relation.ShortLabel(c.Lang), model.MaskPhone(si.Phone), si.Method.Label(c.Lang)})
		if at, ok := k.newAt[si.ID]; ok && now.Sub(at) < highlightFor {
			row = st.New.Render(row)
		}
		if k.mode == modeUnlocked && i == k.sel {
			row = st.Selected.Render(padRight(ansi.Strip(row), lipglossWidth(row)))
		}
		lines = append(lines, row)
	}
	if len(k.signIns) == 0 {
		lines = append(lines, st.Faint.Render(c.T("还没有人签到", "nobody has signed in yet")))
	}
	return strings.Join(append(lines, foot...), "\n")
}

// listWindow picks the sign-in rows that fit in room lines: the newest for
// the families, the selected one's neighbourhood for the instructor. When
// rows are left out, one line of the room goes to saying so.
func (k *checkin) listWindow(room int) (start, end int) {
	n := len(k.signIns)
	if n <= room {
		return 0, n
	}
	room = max(room-1, 0)
	start = n - room // the newest arrivals find their number
	if k.mode == modeUnlocked {
		start = scrollWindow(k.sel, n, room)
	}
	return start, start + room
}

// hiddenRowsText says how many rows of the list are not shown.
func hiddenRowsText(c *Common, before, after, total int) string {
	if c.Lang == "en" {
		rows := "rows"
		if before+after == 1 {
			rows = "row"
		}
		switch {
		case after == 0:
			return fmt.Sprintf("%d earlier %s not shown (%d in all)", before, rows, total)
		case before == 0:
			return fmt.Sprintf("%d later %s not shown (%d in all)", after, rows, total)
		}
		return fmt.Sprintf("%d earlier and %d later rows not shown (%d in all)", before, after, total)
	}
	switch {
	case after == 0:
		return fmt.Sprintf("前 %d 行未显示（共 %d 行）", before, total)
	case before == 0:
		return fmt.Sprintf("后 %d 行未显示（共 %d 行）", after, total)
	}
	return fmt.Sprintf("前 %d 行、后 %d 行未显示（共 %d 行）", before, after, total)
}

// checkinColumns fits the list's columns to the width, dropping the method
// and then the phone when narrow.
func checkinColumns(c *Common, w int) []column {
	cols := []column{
		{title: c.T("序号", "No."), width: 4, right: true},
		{title: c.T("儿童", "Child"), width: 8},
		{title: c.T("月龄", "Mo"), width: 4, right: true},
		{title: c.T("关系", "Relation"), width: len(c.T("123456", "dad's mum"))},
		{title: c.T("电话", "Phone"), width: 11},
		{title: c.T("方式", "Via"), width: 6},
	}
	total := func() int {
		t := 0
		for _, col := range cols {
			t += col.width + 1
		}
		return t - 1
	}
	if total() > w {
		cols = cols[:5]
	}
	if total() > w {
		cols = cols[:4]
	}
	if extra := w - total(); extra > 0 {
		cols[1].width += min(extra, 8)
	}
	return cols
}

// updateKey handles a key on the check-in screen, a scanned card first,
// then the keys of the mode (the same sets FullHelp lists).
func (k *checkin) updateKey(msg tea.KeyPressMsg) tea.Cmd {
	if cmd, ok := k.scanned(msg); ok {
		return cmd
	}
	switch k.mode {
	case modeConsent:
		return k.updateConsent(msg)
	case modeKiosk:
		if key.Matches(msg, k.c.Keys.Back) && !k.form.busy {
			if k.form.back() {
				k.mode, k.form = modeList, nil
				return k.nextCard()
			}
			return nil
		}
		return k.form.update(msg)
	case modeUnlocked:
		return k.unlockedKey(msg)
	}
	return k.listKey(msg)
}

// listKey handles a key on the family-facing list: sign in here, a new
// family, or the instructor's PIN.
func (k *checkin) listKey(msg tea.KeyPressMsg) tea.Cmd {
	c, km := k.c, k.c.Keys
	open := k.s != nil && k.s.State.AcceptsSignIns()
	switch {
	case key.Matches(msg, km.KioskSignIn) && open:
		k.mode, k.form = modeKiosk, newKioskForm(c, k.s, k.signIns)
	case key.Matches(msg, km.NewFamily) && open:
		// A new family straight from the QR screen, as the help says.
		k.mode, k.form = modeKiosk, newKioskForm(c, k.s, k.signIns)
		k.form.startNew()
	case key.Matches(msg, km.Unlock):
		return askPIN(c.T("离开签到屏需要指导员 PIN", "leaving the check-in screen needs the instructor PIN"),
			func() tea.Msg { return unlockedMsg{} })
	}
	return nil
}

// unlockedKey handles the instructor's keys after the PIN: choose a row,
// withdraw it (y confirms, any other key keeps it), run, home, quit.
func (k *checkin) unlockedKey(msg tea.KeyPressMsg) tea.Cmd {
	c, km := k.c, k.c.Keys
	withdrawing := k.withdrawing
	k.withdrawing = ""
	if withdrawing != "" {
		if key.Matches(msg, km.Yes) && k.sel < len(k.signIns) && k.signIns[k.sel].ID == withdrawing {
			return withdrawSignIn(c, k.s, k.signIns[k.sel])
		}
		return flash(c.T("没有撤销", "not withdrawn"), false)
	}
	switch {
	case key.Matches(msg, km.Up):
		k.sel = max(0, min(k.sel, len(k.signIns)-1)-1)
	case key.Matches(msg, km.Down):
		k.sel = min(max(0, len(k.signIns)-1), k.sel+1)
	case key.Matches(msg, km.Withdraw):
		if len(k.signIns) == 0 {
			return nil
		}
		k.sel = max(0, min(k.sel, len(k.signIns)-1))
		si := k.signIns[k.sel]
		k.withdrawing = si.ID
		return flash(fmt.Sprintf(c.T("撤销第 %d 号 %s 的签到？选错孩子或重复签到时用。按 y 撤销，其他键取消",
			"Withdraw sign-in %d, %s? For a wrong child or a double sign-in. y withdraws, any other key keeps it"), si.Seq, si.ChildName), false)
	case key.Matches(msg, km.Running):
		return k.startRunning()
	case key.Matches(msg, km.Home):
		return goTo(scrHome, "")
	case key.Matches(msg, km.QuitApp):
		return func() tea.Msg { return quitMsg{} }
	case key.Matches(msg, km.Back):
		k.mode = modeList
	}
	return nil
}

// sessionLoaded takes the session read again, marking the sign-ins new
// since the last read.
func (k *checkin) sessionLoaded(msg sessionLoadedMsg) {
	if k.loaded {
		known := map[string]bool{}
		for _, s := range k.signIns {
			known[s.ID] = true
		}
		for _, s := range msg.signIns {
			if !known[s.ID] {
				k.newAt[s.ID] = k.c.Now()
			}
		}
	}
	k.s, k.signIns, k.loaded = msg.s, msg.signIns, true
	if k.form != nil {
		k.form.session = k.s
	}
}

// familiesText counts the families and children signed in.
func familiesText(lang model.Lang, families, children int) string {
	if !lang.English() {
		return fmt.Sprintf("已签到 %d 组家庭，%d 名儿童", families, children)
	}
	plural := func(n int, one, many string) string {
		if n == 1 {
			return "1 " + one
		}
		return fmt.Sprintf("%d %s", n, many)
	}
	return plural(families, "family", "families") + ", " + plural(children, "child", "children") + " signed in"
}
