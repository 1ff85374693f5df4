package tui

import (
	"context"
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"carekiosk/model"
	"carekiosk/pinyin"
)

// DuplicateStore lists the families marked 可能重复 (made by a new-family
// sign-in with a number another family has) and records the instructor's
// decision. *store.Store implements it.
type DuplicateStore interface {
	PossibleDuplicates(ctx context.Context) ([]model.PossibleDuplicate, error)
	DecideDuplicate(ctx context.Context, in model.DuplicateInput) error
}

type duplicatesMsg struct{ list []model.PossibleDuplicate }

type decidedMsg struct{ decision model.DuplicateDecision }

// dupPanel is the families screen's 可能重复 section: each marked family
// beside the family it may be; the instructor merges or keeps them apart,
// with a reason.
type dupPanel struct {
	list     []model.PossibleDuplicate
	sel      int
	focused  bool
	deciding model.DuplicateDecision // set while the reason is typed
	reason   *field
}

func loadDuplicates(c *Common) tea.Cmd {
	return func() tea.Msg {
		list, err := c.Store.PossibleDuplicates(c.Ctx)
		if err != nil {
			return fail(err)
		}
		return duplicatesMsg{list: list}
	}
}

// decideDuplicate records the decision with the unit's first instructor as
// who (the PIN is the instructors' own) and reloads the list.
func decideDuplicate(c *Common, famID string, d model.DuplicateDecision, reason string) tea.Cmd {
	return func() tea.Msg {
		if err := c.Store.DecideDuplicate(c.Ctx, model.DuplicateInput{FamilyID: famID, Decision: d, Who: instructorName(c), Reason: reason}); err != nil {
			return fail(err)
		}
		return decidedMsg{decision: d}
	}
}

// answer takes the list loaded or a decision recorded.
func (p *dupPanel) answer(c *Common, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case duplicatesMsg:
		p.list = msg.list
		p.sel = min(p.sel, max(0, len(msg.list)-1))
		p.focused = p.focused && len(msg.list) > 0
	case decidedMsg:
		text := c.T("已合并到原家庭", "merged into the first family")
		if msg.decision == model.DecideApart {
			text = c.T("已保持为两个家庭", "kept as two families")
		}
		return tea.Batch(flash(text, true), loadDuplicates(c))
	}
	return nil
}

// update answers a key while the panel has the focus; it reports whether
// the key was the panel's.
func (p *dupPanel) update(c *Common, msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k := c.Keys
	if p.deciding != "" {
		switch {
		case key.Matches(msg, k.Back):
			p.deciding = ""
		case key.Matches(msg, k.Enter):
			if p.reason.Value() == "" {
				return flash(c.T("请写明原因", "give a reason"), false), true
			}
			d := p.deciding
			p.deciding = ""
			return decideDuplicate(c, p.list[p.sel].Family.ID, d, p.reason.Value()), true
		default:
			p.reason.update(msg)
		}
		return nil, true
	}
	switch {
	case key.Matches(msg, k.Up):
		p.sel = max(0, p.sel-1)
	case key.Matches(msg, k.Down):
		p.sel = min(len(p.list)-1, p.sel+1)
	case key.Matches(msg, k.Merge, k.Apart):
		p.deciding = model.DecideMerge
		label := c.T("合并的原因", "Why merge")
		if key.Matches(msg, k.Apart) {
			p.deciding, label = model.DecideApart, c.T("分开的原因", "Why apart")
		}
		p.reason = newField(label, c.T("如：核对过是奶奶的新手机", "e.g. checked: grandma's new phone"), 100).chinese(c.IME, pinyin.ModeText)
	case key.Matches(msg, k.Tab, k.Back):
		p.focused = false
	default:
		return nil, false
	}
	return nil, true
}

// view renders the section; each pair takes two lines.
func (p *dupPanel) view(c *Common, w, room int) []string {
	if len(p.list) == 0 || room < 3 {
		return nil
	}
	st := c.Styles
	head := fmt.Sprintf(c.T("可能重复（%d）：tab 选择，m 合并到原家庭，a 分开", "Possible duplicates (%d): tab selects, m merges into the first family, a keeps apart"), len(p.list))
	lines := []string{st.Title.Render(truncate(head, w))}
	for i, d := range p.list {
		if len(lines)+2 > room-1 {
			break
		}
		mark := "  "
		if p.focused && i == p.sel {
			mark = "> "
		}
		lines = append(lines, mark+truncate(c.T("新登记 ", "new ")+familyLine(c, d.Family, c.Today(), false), w-2),
			"    "+truncate(c.T("可能是 ", "may be ")+familyLine(c, d.Of, c.Today(), false), w-4))
	}
	if p.deciding != "" {
		lines = append(lines, p.reason.view(st, true, 10, w))
	}
	return lines
}
