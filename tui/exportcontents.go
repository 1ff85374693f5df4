package tui

import tea "charm.land/bubbletea/v2"

// What an export from the kiosk puts on the USB stick: the station bundle
// alone (sealed to the county once the station holds its plan, so a lost
// stick shows nobody anything), or the forms and CSV too, which are in the
// clear and name the children with their caregivers' full phone numbers,
// as the paper forms do.

// sealedMsg says whether the station holds the county's plan, so its
// bundles are sealed to the county.
type sealedMsg struct{ sealed bool }

// loadSealed reads whether the station holds the county's plan.
func loadSealed(c *Common) tea.Cmd {
	return func() tea.Msg {
		ph, ok := c.Store.(planHolder)
		if !ok {
			return sealedMsg{}
		}
		p, err := ph.Plan(c.Ctx)
		if err != nil {
			return fail(err)
		}
		return sealedMsg{sealed: p != nil}
	}
}

// contentsBundle and contentsForms are the export's two contents.
const (
	contentsBundle = iota
	contentsForms
)

// setContents names the two contents as they are for this station and
// picks its default: the sealed bundle alone once the station holds the
// county's plan (the monthly report), else the forms and bundle.
func (m *exportScreen) setContents(sealed bool) {
	c := m.c
	m.sealed = sealed
	bundle := c.T("只交县里（只有数据包；未导入计划，不加密）", "for the county only (the bundle; no plan: not encrypted)")
	if sealed {
		bundle = c.T("只交县里（只有加密数据包）", "for the county only (the sealed bundle alone)")
	}
	m.contents.options = []string{bundle, c.T("报表和数据包（报表含姓名电话，用于打印，请妥善保管U盘）", "forms and bundle (names, phones: to print; keep the stick safe)")}
	m.contents.idx = contentsForms
	if sealed {
		m.contents.idx = contentsBundle
	}
	m.showPeriod()
}

// showPeriod offers the forms' period only when the forms are written.
func (m *exportScreen) showPeriod() {
	items := []input{m.target, m.contents}
	if m.contents.idx == contentsForms {
		items = append(items, m.period)
	}
	m.f.items = items
	m.f.focus = min(m.f.focus, len(items)-1)
}

// formats are the export's formats for the chosen contents (nil: all).
func (m *exportScreen) formats() []string {
	if m.contents.idx == contentsBundle {
		return []string{"bundle"}
	}
	return nil
}

// whatGoes says what the chosen contents put on the stick.
func (m *exportScreen) whatGoes(w int) []string {
	c, st := m.c, m.c.Styles
	switch {
	case m.contents.idx == contentsBundle && m.sealed:
		return []string{truncate(c.T("U盘上只有加密的站点数据包：本站全部记录，只有县妇计中心能打开",
			"only the sealed station bundle goes on the stick: every record, for the county's eyes only"), w)}
	case m.contents.idx == contentsBundle:
		return []string{st.Warn.Render(truncate(c.T("U盘上只有站点数据包（本站全部记录）；未加密：本站还没有导入县里的计划",
			"only the station bundle goes on the stick (every record); NOT encrypted: no county plan yet"), w))}
	}
	from, to := m.bounds()
	span := c.T("全部日期", "all dates")
	if !from.IsZero() {
		span = from.String() + " - " + to.String()
	}
	return []string{truncate(c.T("日期：", "Dates: ")+span, w),
		st.Warn.Render(truncate(c.T("报表不加密，含儿童姓名和完整电话：打印后请删除，或妥善保管U盘",
			"the forms are not encrypted and hold names and full phones: delete them after printing"), w))}
}
