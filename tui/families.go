package tui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"carekiosk/model"
	"carekiosk/pinyin"
)

type familyDetailMsg struct {
	f          *model.Family
	attendance map[string][]model.Attendance
	fixes      []model.FamilyCorrection
}

type cardWrittenMsg struct {
	path    string
	hasFont bool
}

// families searches families and shows a family's children, caregivers and
// attendance; it writes family cards for the scanner path.
type families struct {
	c        *Common
	query    *field
	searched string
	results  []model.Family
	sel      int
	detail   *familyDetailMsg
	scroll   int
	busy     bool
	dups     dupPanel
	// erasing asks to confirm the open family's erasure (after the PIN).
	erasing bool
	// fix is the open family's correction (after the PIN), nil when none.
	fix *famFix
}

func newFamilies(c *Common) *families {
	return &families{c: c, query: newField(c.T("查找", "Find"), c.T("手机后4位 / 手机号 / 孩子姓名 / 卡号", "last 4 digits / phone / child's name / card code"), 20).chinese(c.IME, pinyin.ModeName)}
}

func (m *families) Title() string { return m.c.T("家庭", "Families") }
func (m *families) Editing() bool {
	if m.detail != nil {
		return m.fix != nil && m.fix.typing()
	}
	return !m.dups.focused || m.dups.deciding != ""
}
func (m *families) Init() tea.Cmd { return loadDuplicates(m.c) }

func (m *families) ShortHelp() []key.Binding {
	k := m.c.Keys
	switch {
	case m.detail != nil && m.fix != nil:
		return m.fix.help(m.c)
	case m.detail != nil && m.erasing:
		return []key.Binding{k.Yes, k.No}
	case m.detail != nil:
		return []key.Binding{k.FixFamily, k.Card, k.FamilyCopy, k.Erase, k.Move, k.Back}
	case m.dups.deciding != "":
		return []key.Binding{k.Enter, k.Back}
	case m.dups.focused:
		return []key.Binding{k.Merge, k.Apart, when(len(m.dups.list) > 1, k.Move), k.Tab, k.Back}
	}
	return []key.Binding{k.Enter, k.Down, k.Back}
}

// FullHelp lists every key of what has the focus: the search, the
// duplicates, one family's page or its erasure question.
func (m *families) FullHelp() []key.Binding {
	k := m.c.Keys
	if m.detail == nil && m.dups.deciding == "" && !m.dups.focused {
		out := []key.Binding{when(m.query.Value() != "" || len(m.results) > 0, k.Enter), when(len(m.results) > 1, k.Move)}
		if len(m.dups.list) > 0 {
			out = append(out, k.Tab)
		}
		return append(out, k.Back)
	}
	return m.ShortHelp()
}

func (m *families) Update(msg tea.Msg) tea.Cmd {
	c := m.c
	switch msg := msg.(type) {
	case familiesFoundMsg:
		m.busy = false
		m.searched, m.results, m.sel = msg.query, msg.fams, 0
	case duplicatesMsg, decidedMsg:
		return m.dups.answer(c, msg)
	case familyDetailMsg:
		m.busy = false
		m.detail, m.scroll = &msg, 0
	case cardWrittenMsg:
		m.busy = false
		text := c.T("家庭卡已保存：", "family card written: ") + msg.path
		if !msg.hasFont {
			text += c.T("（未找到中文字体，卡上只有二维码和卡号）", " (no Chinese font found: QR and code only)")
		}
		return flash(text, true)
	case familyCopyWrittenMsg:
		m.busy = false
		return flash(c.T("家庭信息副本已保存：", "family copy written: ")+msg.path, true)
	case familyErasedMsg:
		m.busy, m.erasing = false, false
		return tea.Batch(loadFamilyDetail(c, msg.id), flash(c.T("已删除这个家庭的个人信息，并记录撤回同意", "the family's personal data is erased and the withdrawal of consent recorded"), true))
	case eraseAskMsg:
		m.erasing = m.detail != nil
	case fixAskMsg:
		if m.detail != nil {
			m.fix = newFamFix(c, m.detail.f)
		}
	case familyFixedMsg:
		m.busy, m.fix = false, nil
		return tea.Batch(loadFamilyDetail(c, msg.id), flash(fixedText(c, msg.kind), true))
	case errMsg:
		m.busy, m.erasing = false, false
	case tea.PasteMsg:
		if m.detail == nil {
			m.query.update(msg)
		}
	case tea.KeyPressMsg:
		if m.busy {
			return nil
		}
		k := c.Keys
		if m.detail != nil && m.erasing {
			switch {
			case key.Matches(msg, k.Yes):
				m.busy = true
				return eraseFamily(c, m.detail.f.ID)
			case key.Matches(msg, k.No):
				m.erasing = false
			}
			return nil
		}
		if m.detail != nil && m.fix != nil {
			cmd, done := m.fix.update(c, msg)
			if done {
				m.fix = nil
			}
			return cmd
		}
		if m.detail != nil {
			return m.detailKey(msg)
		}
		if m.dups.focused {
			// The panel has the focus: its keys only, nothing typed into
			// the search under it.
			cmd, _ := m.dups.update(c, msg)
			return cmd
		}
		return m.searchKey(msg)
	}
	return nil
}

// searchKey handles a key on the search: find, choose, open a family,
// move to the duplicates, back home; anything else is typed.
func (m *families) searchKey(msg tea.KeyPressMsg) tea.Cmd {
	c, k := m.c, m.c.Keys
	switch {
	case key.Matches(msg, k.Tab):
		m.dups.focused = len(m.dups.list) > 0
	case key.Matches(msg, k.Back):
		return goTo(scrHome, "")
	case key.Matches(msg, k.Up):
		m.sel = max(0, m.sel-1)
	case key.Matches(msg, k.Down):
		m.sel = min(len(m.results)-1, m.sel+1)
	case key.Matches(msg, k.Enter):
		q := m.query.Value()
		if len(m.results) > 0 && q == m.searched {
			m.busy = true
			return loadFamilyDetail(c, m.results[m.sel].ID)
		}
		if q != "" {
			m.busy = true
			return findFamilies(c, q)
		}
	default:
		m.query.update(msg)
	}
	return nil
}

// detailKey handles a key on one family's page: scroll, write its card, back.
func (m *families) detailKey(msg tea.KeyPressMsg) tea.Cmd {
	c, k := m.c, m.c.Keys
	switch {
	case key.Matches(msg, k.FamilyCopy):
		f := *m.detail.f
		return askPIN(c.T("导出家庭信息需要指导员 PIN", "a copy of the family's data needs the instructor PIN"), writeFamilyCopy(c, f))
	case key.Matches(msg, k.FixFamily):
		return askPIN(c.T("更正家庭信息需要指导员 PIN", "correcting a family needs the instructor PIN"), func() tea.Msg { return fixAskMsg{} })
	case key.Matches(msg, k.Erase):
		return askPIN(c.T("删除家庭信息需要指导员 PIN", "erasing a family needs the instructor PIN"), func() tea.Msg { return eraseAskMsg{} })
	case key.Matches(msg, k.Back):
		m.detail = nil
	case key.Matches(msg, k.Up):
		m.scroll = max(0, m.scroll-1)
	case key.Matches(msg, k.Down):
		m.scroll++
	case key.Matches(msg, k.Card):
		m.busy = true
		return writeCard(m.c, *m.detail.f)
	}
	return nil
}

func loadFamilyDetail(c *Common, id string) tea.Cmd {
	return func() tea.Msg {
		f, err := c.Store.Family(c.Ctx, id)
		if err != nil {
			return fail(err)
		}
		att := map[string][]model.Attendance{}
		for _, ch := range f.Children {
			a, err := c.Store.Attendance(c.Ctx, ch.ID)
			if err != nil {
				return fail(err)
			}
			att[ch.ID] = a
		}
		fixes, err := c.Store.FamilyCorrections(c.Ctx, id)
		if err != nil {
			return fail(err)
		}
		return familyDetailMsg{f: f, attendance: att, fixes: fixes}
	}
}

// writeCard writes the family card PNG into <data>/cards/<code>.png.
func writeCard(c *Common, f model.Family) tea.Cmd {
	title := c.Settings.County + c.T("养育照护小组 家庭卡", " care group family card")
	dir := filepath.Join(c.DataDir, "cards")
	return func() tea.Msg {
		b, hasFont, err := familyCardPNG(f, title)
		if err != nil {
			return fail(err)
		}
		// The card's code checks the family in: folder and file are the
		// owner's only, whatever the umask.
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return fail(model.Errorf(model.ESTORAGE, "无法创建文件夹 %s", "cannot create folder %s", dir))
		}
		_ = os.Chmod(dir, 0o700)
		p := filepath.Join(dir, f.CardCode+".png")
		err = os.WriteFile(p, b, 0o600)
		if err == nil {
			err = os.Chmod(p, 0o600) // a card written again keeps no older mode
		}
		if err != nil {
			return fail(model.Errorf(model.ESTORAGE, "无法写入 %s", "cannot write %s", p))
		}
		return cardWrittenMsg{path: p, hasFont: hasFont}
	}
}

func (m *families) View() string {
	c := m.c
	st := c.Styles
	w, h := c.Width, c.BodyHeight()
	if m.detail != nil && m.fix != nil {
		return m.fix.view(c, w, h)
	}
	if m.detail != nil && m.erasing {
		return m.eraseConfirmView(w)
	}
	if m.detail != nil {
		return m.detailView(w, h)
	}
	lines := []string{m.query.view(st, true, 6, w), ""}
	if m.searched != "" && len(m.results) == 0 {
		lines = append(lines, st.Warn.Render(c.T("没有找到", "nothing found")))
	}
	room := h - len(lines) - 1
	start := scrollWindow(m.sel, len(m.results), room)
	for i := start; i < len(m.results) && i < start+room; i++ {
		row := familyLine(c, m.results[i], c.Today(), false)
		if i == m.sel {
			lines = append(lines, st.Selected.Render(padRight("> "+row, w)))
		} else {
			lines = append(lines, "  "+truncate(row, w-2))
		}
	}
	if len(m.results) > 0 {
		lines = append(lines, st.Faint.Render(truncate(c.T("上下选择，回车查看家庭", "up/down, Enter opens the family"), w)))
	}
	if dl := m.dups.view(c, w, h-len(lines)-1); len(dl) > 0 {
		lines = append(append(lines, ""), dl...)
	}
	return strings.Join(lines, "\n")
}

func (m *families) detailView(w, h int) string {
	c := m.c
	st := c.Styles
	f := m.detail.f
	today := c.Today()
	var lines []string
	lines = append(lines, st.Title.Render(truncate(c.T("家庭卡号 ", "Card ")+f.CardCode, w)))
	for _, cg := range f.Caregivers {
		lines = append(lines, truncate(fmt.Sprintf("  %s  %s  %s", cg.Name, cg.Relation.Label(c.Lang), model.MaskPhone(cg.Phone)), w))
	}
	for _, ch := range f.Children {
		att := m.detail.attendance[ch.ID]
		birth, age := ch.BirthDate.String(), ""
		switch {
		case birth == "" && ch.BirthMonth.Year == 0: // erased
			birth = "—"
		case birth == "":
			birth = fmt.Sprintf("%d-%02d", ch.BirthMonth.Year, ch.BirthMonth.Month)
			age = ageText(c, ch.AgeOn(today))
		default:
			age = ageText(c, ch.AgeOn(today))
		}
		lines = append(lines, "", st.Title.Render(truncate(fmt.Sprintf("%s  %s  %s  %s %d", ch.Name, age, birth,
			c.T("参加次数", "sessions"), len(att)), w)))
		for _, a := range att {
			lines = append(lines, truncate(fmt.Sprintf("  %s  %s  %s  %s  %s", a.Date, a.Band.Label(c.Lang), a.Title, a.Station, a.SignIn.Method.Label(c.Lang)), w))
		}
	}
	if len(m.detail.fixes) > 0 {
		lines = append(lines, "", st.Title.Render(truncate(c.T("更正记录（最新在前）", "Corrections (newest first)"), w)))
		for i := len(m.detail.fixes) - 1; i >= 0; i-- {
			x := m.detail.fixes[i]
			for _, l := range wrapCJK(x.Note(c.Lang, c.Settings.Location()), max(w-2, 10)) {
				lines = append(lines, "  "+l)
			}
		}
	}
	if m.scroll > max(0, len(lines)-h) {
		m.scroll = max(0, len(lines)-h)
	}
	lines = lines[m.scroll:]
	return strings.Join(lines, "\n")
}
