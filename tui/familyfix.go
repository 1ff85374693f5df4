package tui

import (
	"context"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"carekiosk/model"
)

// FamilyFixer corrects a family's data with a reason: a child's name or
// birth date, a caregiver's name, relation or phone; merges two families
// that are one and splits one that is two. *store.Store implements it.
type FamilyFixer interface {
	CorrectFamily(ctx context.Context, in model.FamilyCorrectionInput) (*model.FamilyCorrection, error)
	MergeFamilies(ctx context.Context, in model.MergeInput) (*model.FamilyCorrection, error)
	SplitFamily(ctx context.Context, in model.SplitInput) (*model.FamilyCorrection, error)
	FamilyCorrections(ctx context.Context, familyID string) ([]model.FamilyCorrection, error)
}

// fixAskMsg comes after the PIN: the family's page offers what to correct.
type fixAskMsg struct{}

// familyFixedMsg says a correction, merge or split was stored.
type familyFixedMsg struct {
	id   string // the family to show again
	kind model.FamilyCorrectionKind
}

// fixItem is one thing of the family the instructor may correct: a field
// of a child or caregiver, a merge or a split.
type fixItem struct {
	kind   model.FamilyCorrectionKind
	target string // child or caregiver id
	label  string
	value  string // as it stands
}

// The steps of a correction.
const (
	fixPick   = iota // choose what to correct
	fixValue         // type or choose the new value, the card code, or who moves
	fixReason        // write why
)

// famFix is the family page's correction, behind the PIN: pick a field
// (or merge, or split), give the new value, give the reason, enter.
type famFix struct {
	f     *model.Family
	items []fixItem
	sel   int
	step  int
	value *field
	rel   int             // the relation chosen, an index of model.Relations
	moves map[string]bool // split: the children and caregivers who move
	cur   int             // split: the row under the cursor
	why   *field
}

// newFamFix lists what can be corrected in f.
func newFamFix(c *Common, f *model.Family) *famFix {
	x := &famFix{f: f, moves: map[string]bool{}}
	for _, ch := range f.Children {
		x.items = append(x.items,
			fixItem{model.FixChildName, ch.ID, c.T("孩子姓名", "child's name"), ch.Name},
			fixItem{model.FixChildBirth, ch.ID, ch.Name + c.T(" 出生日期", " birth date"), birthText(ch)})
	}
	for _, cg := range f.Caregivers {
		who := cg.Name
		if who == "" {
			who = cg.Relation.Label(c.Lang)
		}
		x.items = append(x.items,
			fixItem{model.FixCaregiverName, cg.ID, c.T("养育人姓名", "caregiver's name"), cg.Name},
			fixItem{model.FixCaregiverRelation, cg.ID, who + c.T(" 与孩子关系", " relation"), string(cg.Relation)},
			fixItem{model.FixCaregiverPhone, cg.ID, who + c.T(" 电话", " phone"), cg.Phone})
	}
	x.items = append(x.items,
		fixItem{kind: model.FixMerge, label: c.T("合并：另一个家庭其实是这一家（输入它的卡号）", "merge: another family is this one (type its card code)")})
	if len(f.Children) > 1 && len(f.Caregivers) > 1 {
		x.items = append(x.items, fixItem{kind: model.FixSplit, label: c.T("拆分：选出属于另一家的孩子和养育人", "split: choose the children and caregivers of another family")})
	}
	return x
}

// birthText is a child's birth date as stored: the day, or the month when
// only the age was known.
func birthText(ch model.Child) string {
	if !ch.BirthDate.IsZero() {
		return ch.BirthDate.String()
	}
	if ch.BirthMonth.Year > 0 {
		return fmt.Sprintf("%d-%02d", ch.BirthMonth.Year, ch.BirthMonth.Month)
	}
	return ""
}

// typing reports whether a text field has the focus.
func (x *famFix) typing() bool {
	it := x.items[x.sel]
	return x.step == fixReason || x.step == fixValue && it.kind != model.FixCaregiverRelation && it.kind != model.FixSplit
}

// splitRows are the children then the caregivers, for the split's checklist.
func (x *famFix) splitRows(c *Common) (ids, labels []string) {
	for _, ch := range x.f.Children {
		ids, labels = append(ids, ch.ID), append(labels, c.T("孩子 ", "child ")+ch.Name)
	}
	for _, cg := range x.f.Caregivers {
		ids, labels = append(ids, cg.ID), append(labels, fmt.Sprintf("%s%s（%s）%s", c.T("养育人 ", "caregiver "), cg.Name, cg.Relation.Label(c.Lang), cg.Phone))
	}
	return ids, labels
}

// update answers a key; it returns the command and whether the correction
// is over (esc from the list).
func (x *famFix) update(c *Common, msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k := c.Keys
	switch x.step {
	case fixPick:
		switch {
		case key.Matches(msg, k.Back):
			return nil, true
		case key.Matches(msg, k.Up):
			x.sel = max(0, x.sel-1)
		case key.Matches(msg, k.Down):
			x.sel = min(len(x.items)-1, x.sel+1)
		case key.Matches(msg, k.Enter):
			x.startValue(c)
		}
		return nil, false
	case fixValue:
		return x.valueKey(c, msg), false
	}
	switch {
	case key.Matches(msg, k.Back):
		x.step = fixValue
	case key.Matches(msg, k.Enter):
		if x.why.Value() == "" {
			return flash(c.T("请写明更正的原因", "give the reason for the correction"), false), false
		}
		return x.save(c), false
	default:
		x.why.update(msg)
	}
	return nil, false
}

// startValue opens the new value's input for the item chosen.
func (x *famFix) startValue(c *Common) {
	it := x.items[x.sel]
	x.step = fixValue
	switch it.kind {
	case model.FixCaregiverRelation:
		x.rel = 0
		for i, r := range model.Relations {
			if string(r) == it.value {
				x.rel = i
			}
		}
	case model.FixMerge:
		x.value = newField(c.T("卡号", "Card code"), c.T("另一个家庭的家庭卡号", "the other family's card code"), 12)
	case model.FixSplit:
		x.moves, x.cur = map[string]bool{}, 0
	default:
		hint := ""
		if it.kind == model.FixChildBirth {
			hint = "2025-03-18"
		}
		x.value = newField(c.T("改为", "New"), hint, 20)
		if it.kind != model.FixChildBirth {
			x.value.Set(it.value)
		}
	}
}

// valueKey answers a key while the new value is given.
func (x *famFix) valueKey(c *Common, msg tea.KeyPressMsg) tea.Cmd {
	k := c.Keys
	it := x.items[x.sel]
	if key.Matches(msg, k.Back) {
		x.step = fixPick
		return nil
	}
	if key.Matches(msg, k.Enter) {
		if it.kind == model.FixSplit && len(x.moves) == 0 {
			return flash(c.T("请用空格选出要分出去的孩子和养育人", "choose with space who moves"), false)
		}
		if x.value != nil && it.kind != model.FixCaregiverRelation && it.kind != model.FixSplit && x.value.Value() == "" {
			return flash(c.T("请填写", "fill it in"), false)
		}
		x.step = fixReason
		x.why = newField(c.T("原因", "Reason"), c.T("如：家长出示出生证明", "e.g. the parent showed the birth certificate"), 100)
		return nil
	}
	switch it.kind {
	case model.FixCaregiverRelation:
		n := len(model.Relations)
		switch {
		case key.Matches(msg, k.OptionPrev):
			x.rel = (x.rel + n - 1) % n
		case key.Matches(msg, k.OptionNext):
			x.rel = (x.rel + 1) % n
		}
	case model.FixSplit:
		ids, _ := x.splitRows(c)
		switch {
		case key.Matches(msg, k.Up):
			x.cur = max(0, x.cur-1)
		case key.Matches(msg, k.Down):
			x.cur = min(len(ids)-1, x.cur+1)
		case key.Matches(msg, k.Flip):
			if x.moves[ids[x.cur]] {
				delete(x.moves, ids[x.cur])
			} else {
				x.moves[ids[x.cur]] = true
			}
		}
	default:
		x.value.update(msg)
	}
	return nil
}

// save stores the correction, merge or split.
func (x *famFix) save(c *Common) tea.Cmd {
	it, famID, reason := x.items[x.sel], x.f.ID, x.why.Value()
	var value string
	switch {
	case it.kind == model.FixCaregiverRelation:
		value = string(model.Relations[x.rel])
	case x.value != nil:
		value = x.value.Value()
	}
	var kids, adults []string
	for _, ch := range x.f.Children {
		if x.moves[ch.ID] {
			kids = append(kids, ch.ID)
		}
	}
	for _, cg := range x.f.Caregivers {
		if x.moves[cg.ID] {
			adults = append(adults, cg.ID)
		}
	}
	return func() tea.Msg {
		who := instructorName(c)
		var err error
		switch it.kind {
		case model.FixMerge:
			err = mergeByCard(c, famID, value, who, reason)
		case model.FixSplit:
			_, err = c.Store.SplitFamily(c.Ctx, model.SplitInput{FamilyID: famID, ChildIDs: kids, CaregiverIDs: adults, Who: who, Reason: reason})
		default:
			_, err = c.Store.CorrectFamily(c.Ctx, model.FamilyCorrectionInput{FamilyID: famID, Kind: it.kind, TargetID: it.target, NewValue: value, Who: who, Reason: reason})
		}
		if err != nil {
			return fail(err)
		}
		return familyFixedMsg{id: famID, kind: it.kind}
	}
}

// mergeByCard merges the family whose card code is code into family into.
func mergeByCard(c *Common, into, code, who, reason string) error {
	found, err := c.Store.FindFamilies(c.Ctx, model.FamilyQuery{CardCode: code})
	if err != nil {
		return err
	}
	if len(found) == 0 {
		return model.FieldErrorf("card", "没有找到卡号为 %s 的家庭", "no family has the card code %s", code)
	}
	_, err = c.Store.MergeFamilies(c.Ctx, model.MergeInput{From: found[0].ID, Into: into, Who: who, Reason: reason})
	return err
}

// instructorName is who a change made behind the PIN is recorded as: the
// unit's first instructor (the PIN is the instructors' own).
func instructorName(c *Common) string {
	if ins, err := c.Store.Instructors(c.Ctx); err == nil && len(ins) > 0 {
		return ins[0].Name
	}
	return "指导员"
}

// help lists the keys of the step shown.
func (x *famFix) help(c *Common) []key.Binding {
	k := c.Keys
	it := x.items[x.sel]
	switch {
	case x.step == fixPick:
		return []key.Binding{k.Move, k.Enter, k.Back}
	case x.step == fixValue && it.kind == model.FixCaregiverRelation:
		return []key.Binding{k.Options, k.Enter, k.Back}
	case x.step == fixValue && it.kind == model.FixSplit:
		return []key.Binding{k.Move, k.Flip, k.Enter, k.Back}
	}
	return []key.Binding{k.Enter, k.Back}
}

// view renders the correction: the list, then the input of the step.
func (x *famFix) view(c *Common, w, h int) string {
	st := c.Styles
	lines := []string{st.Title.Render(truncate(c.T("更正家庭信息（每项更正都记录原因、时间和更正人）", "Correct the family (each correction keeps why, when and who)"), w)), ""}
	start := scrollWindow(x.sel, len(x.items), h-4)
	for i := start; i < len(x.items) && i < start+h-4; i++ {
		it := x.items[i]
		row := it.label
		if it.kind != model.FixMerge && it.kind != model.FixSplit {
			row += "：" + it.value
		}
		if i == x.sel {
			lines = append(lines, st.Selected.Render(padRight("> "+truncate(row, w-2), w)))
		} else if x.step == fixPick {
			lines = append(lines, "  "+truncate(row, w-2))
		}
	}
	lines = append(lines, "")
	it := x.items[x.sel]
	if x.step >= fixValue {
		lines = append(lines, x.valueLines(c, it, w)...)
	}
	if x.step == fixReason {
		lines = append(lines, x.why.view(st, true, 6, w))
	}
	if len(lines) > h {
		lines = lines[len(lines)-h:]
	}
	return strings.Join(lines, "\n")
}

// valueLines renders the new value's input.
func (x *famFix) valueLines(c *Common, it fixItem, w int) []string {
	st := c.Styles
	focused := x.step == fixValue
	switch it.kind {
	case model.FixCaregiverRelation:
		return []string{truncate(c.T("改为 ", "New ")+"◀ "+model.Relations[x.rel].Label(c.Lang)+" ▶", w)}
	case model.FixSplit:
		ids, labels := x.splitRows(c)
		out := []string{truncate(c.T("空格选出要分到新家庭的人（他们的签到随孩子一起）：", "space chooses who moves to the new family (sign-ins follow their child):"), w)}
		for i := range ids {
			box := "[ ] "
			if x.moves[ids[i]] {
				box = "[x] "
			}
			row := box + labels[i]
			if focused && i == x.cur {
				row = st.Selected.Render(padRight("> "+truncate(row, w-2), w))
			} else {
				row = "  " + truncate(row, w-2)
			}
			out = append(out, row)
		}
		return out
	}
	return []string{x.value.view(st, focused, 6, w)}
}

// fixedText confirms a stored correction.
func fixedText(c *Common, kind model.FamilyCorrectionKind) string {
	switch kind {
	case model.FixMerge:
		return c.T("已合并两个家庭，签到随孩子移到本家庭，已记录", "the families are merged, sign-ins followed their child; recorded")
	case model.FixSplit:
		return c.T("已拆分为两个家庭，签到随孩子移动，已记录", "the family is split, sign-ins followed their child; recorded")
	}
	return c.T("已更正", "corrected: ") + kind.Label(c.Lang) + c.T("，已记录原因", "; the reason is kept")
}
