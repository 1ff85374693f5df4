package tui

import (
	"context"
	"os"
	"path/filepath"
	"strings"

	tea "charm.land/bubbletea/v2"

	"carekiosk/model"
)

// FamilyRights serves a family's rights at the kiosk: a copy of everything
// held about it, and its erasure. *store.Store implements it.
type FamilyRights interface {
	FamilyCopy(ctx context.Context, familyID string) (model.FamilyCopy, error)
	EraseFamily(ctx context.Context, in model.EraseInput) (model.Erasure, error)
}

// familyCopyWrittenMsg says where the family's copy was written.
type familyCopyWrittenMsg struct{ path string }

// eraseAskMsg comes after the PIN: the families screen asks to confirm.
type eraseAskMsg struct{}

// familyErasedMsg says the family's data was erased.
type familyErasedMsg struct{ id string }

// writeFamilyCopy writes everything held about the family as a UTF-8 text
// file the family can take away: onto the USB stick when one is mounted,
// else into <data>/copies. The file is readable only by the kiosk's user
// until it is handed over.
func writeFamilyCopy(c *Common, f model.Family) tea.Cmd {
	lang, loc, now := c.Lang, c.Settings.Location(), c.Clock.Time()
	return func() tea.Msg {
		cp, err := c.Store.FamilyCopy(c.Ctx, f.ID)
		if err != nil {
			return fail(err)
		}
		dir := filepath.Join(c.DataDir, "copies")
		if c.Exporter != nil {
			if t, err := c.Exporter.Targets(); err == nil && len(t) > 0 {
				dir = t[0]
			}
		}
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return fail(model.Errorf(model.ESTORAGE, "无法创建文件夹 %s", "cannot create folder %s", dir))
		}
		name := lang.Pick("家庭信息_", "family_") + strings.TrimPrefix(f.CardCode, "X") + "_" + now.In(loc).Format("20060102_1504") + ".txt"
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(cp.Text(lang, loc, now)), 0o600); err != nil {
			return fail(model.Errorf(model.ESTORAGE, "无法写入 %s", "cannot write %s", p))
		}
		return familyCopyWrittenMsg{path: p}
	}
}

// eraseFamily erases the family at its request, its consent withdrawn.
func eraseFamily(c *Common, familyID string) tea.Cmd {
	who := c.T("健康指导员", "health instructor")
	return func() tea.Msg {
		if _, err := c.Store.EraseFamily(c.Ctx, model.EraseInput{FamilyID: familyID, Who: who, WithdrawConsent: true}); err != nil {
			return fail(err)
		}
		return familyErasedMsg{id: familyID}
	}
}

// eraseConfirmView asks the instructor to confirm an erasure.
func (m *families) eraseConfirmView(w int) string {
	c, st := m.c, m.c.Styles
	lines := []string{
		st.Warn.Render(truncate(c.T("删除这个家庭的全部个人信息？", "Erase all of this family's personal data?"), w)),
		"",
	}
	lines = append(lines, wrapCJK(c.T("孩子姓名、出生日期、养育人姓名、电话和所有签名将被永久删除，并记录家长撤回同意；各次活动的人数和月龄分布不变，表格中显示“已匿名”。删除记录（不含个人信息）随下一个数据包报县妇计中心，县里同样删除。建议先按 c 为家长导出一份副本。",
		"Children's names and birth dates, caregivers' names and phone numbers and every signature are erased for good, and the withdrawal of consent is recorded; each session's counts and age distribution stay, the forms show 已匿名. A record of the erasure (no personal data) goes to the county in the next bundle, which erases its copy too. Press c first to give the family a copy."), max(w, 10))...)
	lines = append(lines, "", st.Selected.Render(" y ")+" "+c.T("确认删除", "erase")+"    "+st.Selected.Render(" esc ")+" "+c.T("取消", "cancel"))
	return strings.Join(lines, "\n")
}
