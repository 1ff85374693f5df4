package model

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// FamilyCorrectionKind says what a correction of a family's data changed.
// It is stored as text in the station's database and in the bundle.
//
// This file is the one home of family corrections: their kinds, labels,
// input rules and what a form says of them.
type FamilyCorrectionKind string

// The kinds of family correction.
const (
	FixChildName         FamilyCorrectionKind = "child.name"
	FixChildBirth        FamilyCorrectionKind = "child.birth"
	FixCaregiverName     FamilyCorrectionKind = "caregiver.name"
	FixCaregiverRelation FamilyCorrectionKind = "caregiver.relation"
	FixCaregiverPhone    FamilyCorrectionKind = "caregiver.phone"
	// FixMerge: two families that are one; FamilyID is the family kept,
	// OtherFamilyID the one merged into it.
	FixMerge FamilyCorrectionKind = "merge"
	// FixSplit: one family that is two; FamilyID is the family split,
	// OtherFamilyID the new family the chosen children and caregivers
	// moved to.
	FixSplit FamilyCorrectionKind = "split"
)

// FamilyFieldKinds lists the kinds that change one field of one person,
// in the order the correction screen offers them.
var FamilyFieldKinds = []FamilyCorrectionKind{FixChildName, FixChildBirth, FixCaregiverName, FixCaregiverRelation, FixCaregiverPhone}

// Valid reports whether k is a known kind.
func (k FamilyCorrectionKind) Valid() bool {
	return slices.Contains(FamilyFieldKinds, k) || k == FixMerge || k == FixSplit
}

// OfChild reports whether k changes a child (else a caregiver, or the
// family as a whole).
func (k FamilyCorrectionKind) OfChild() bool { return k == FixChildName || k == FixChildBirth }

// OfCaregiver reports whether k changes a caregiver.
func (k FamilyCorrectionKind) OfCaregiver() bool {
	return k == FixCaregiverName || k == FixCaregiverRelation || k == FixCaregiverPhone
}

// Personal reports whether the values k keeps are personal data, which an
// erasure of the family overwrites in the trail too.
func (k FamilyCorrectionKind) Personal() bool {
	return k == FixChildName || k == FixChildBirth || k == FixCaregiverName || k == FixCaregiverPhone
}

// Label names k on a screen.
func (k FamilyCorrectionKind) Label(lang Lang) string {
	switch k {
	case FixChildName:
		return lang.Pick("儿童姓名", "child's name")
	case FixChildBirth:
		return lang.Pick("出生日期", "birth date")
	case FixCaregiverName:
		return lang.Pick("养育人姓名", "caregiver's name")
	case FixCaregiverRelation:
		return lang.Pick("养育人与儿童关系", "relation")
	case FixCaregiverPhone:
		return lang.Pick("联系电话", "phone")
	case FixMerge:
		return lang.Pick("合并家庭", "families merged")
	case FixSplit:
		return lang.Pick("拆分家庭", "family split")
	}
	return string(k)
}

// FollowKind says what followed a family correction: a sign-in whose age,
// relation, name, phone or family changed with it, or a child or caregiver
// that moved to another family.
type FollowKind string

// The kinds of follow.
const (
	FollowSignIn    FollowKind = "sign_in"
	FollowChild     FollowKind = "child"
	FollowCaregiver FollowKind = "caregiver"
)

// CorrectionFollow is one record that changed with a family correction,
// kept with it: the sign-in of a child whose birth date was corrected,
// with its age in months before and after (a session's 月龄分布 follows),
// or a child, caregiver or sign-in moved by a merge or split, with the
// family before and after.
type CorrectionFollow struct {
	Kind      FollowKind
	ID        string
	SessionID string // of a sign-in
	Seq       int    // the sign-in's 序号
	OldValue  string
	NewValue  string
}

// FamilyCorrection is one correction of a family's data, kept forever
// with who made it, when, the old and new value and why, and every record
// that followed it. It travels in the bundle; the county applies it.
type FamilyCorrection struct {
	ID            string
	Kind          FamilyCorrectionKind
	FamilyID      string
	OtherFamilyID string
	// TargetID is the child or caregiver a field correction changed.
	TargetID string
	OldValue string
	NewValue string
	Who      string
	At       time.Time
	Reason   string
	Follows  []CorrectionFollow
}

// FamilyCorrectionInput asks to correct one field of a child or a
// caregiver of a family: a child's name or birth date, a caregiver's name,
// relation or phone.
type FamilyCorrectionInput struct {
	FamilyID string
	Kind     FamilyCorrectionKind
	TargetID string
	// NewValue is the new name, relation (妈妈 …), mobile number or birth
	// date (YYYY-MM-DD); Validate normalises it.
	NewValue string
	Who      string
	Reason   string
}

// Validate checks a family correction and normalises its new value.
func (in *FamilyCorrectionInput) Validate() error {
	if in.FamilyID == "" || in.TargetID == "" {
		return FieldErrorf("target", "请选择要更正的人", "choose whom to correct")
	}
	if !slices.Contains(FamilyFieldKinds, in.Kind) {
		return FieldErrorf("kind", "请选择要更正的内容", "choose what to correct")
	}
	v := strings.TrimSpace(in.NewValue)
	switch in.Kind {
	case FixChildName, FixCaregiverName:
		field := "child"
		if in.Kind == FixCaregiverName {
			field = "caregiver"
		}
		if err := CheckName(field, v); err != nil {
			return err
		}
		v = NormalizeName(v)
	case FixChildBirth:
		d, err := ParseDate(v)
		if err != nil {
			return FieldErrorf("birth", "出生日期请写成 2025-03-18", "write the birth date as 2025-03-18")
		}
		v = d.String()
	case FixCaregiverRelation:
		if !Relation(v).Valid() {
			return FieldErrorf("relation", "请选择养育人与儿童关系", "choose the caregiver's relation to the child")
		}
	case FixCaregiverPhone:
		p, err := NormalizePhone(v)
		if err != nil {
			return err
		}
		v = p
	}
	in.NewValue = v
	return checkWhoReason(&in.Who, &in.Reason, FieldErrorf("reason", "更正家庭信息必须写明原因", "a correction needs a reason"))
}

// checkWhoReason trims and checks who made a change and why.
func checkWhoReason(who, reason *string, missing error) error {
	*who, *reason = strings.TrimSpace(*who), strings.TrimSpace(*reason)
	if err := CheckName("who", *who); err != nil {
		return err
	}
	if *reason == "" {
		return missing
	}
	return CheckText("reason", *reason, 1, 200)
}

// MergeInput asks to merge family From into family Into: two families
// that are one. Children, caregivers and sign-ins move; From keeps its row
// pointing at Into, so its printed card still finds the family.
type MergeInput struct {
	From, Into string
	Who        string
	Reason     string
}

// Validate checks a merge.
func (in *MergeInput) Validate() error {
	if in.From == "" || in.Into == "" {
		return FieldErrorf("family", "请选择要合并的两个家庭", "choose the two families to merge")
	}
	if in.From == in.Into {
		return FieldErrorf("family", "不能把家庭合并到它自己", "a family cannot be merged into itself")
	}
	return checkWhoReason(&in.Who, &in.Reason, FieldErrorf("reason", "合并家庭必须写明原因", "merging families needs a reason"))
}

// SplitInput asks to split one family that is two: the chosen children
// and caregivers move to a new family, each child's sign-ins with it.
type SplitInput struct {
	FamilyID     string
	ChildIDs     []string
	CaregiverIDs []string
	Who          string
	Reason       string
}

// Validate checks a split against the family as it stands: at least one
// child moves and at least one stays, and each side keeps a caregiver.
func (in *SplitInput) Validate(f Family) error {
	if in.FamilyID == "" || in.FamilyID != f.ID {
		return FieldErrorf("family", "请选择要拆分的家庭", "choose the family to split")
	}
	kids, adults := map[string]bool{}, map[string]bool{}
	for _, c := range f.Children {
		kids[c.ID] = true
	}
	for _, c := range f.Caregivers {
		adults[c.ID] = true
	}
	for _, id := range in.ChildIDs {
		if !kids[id] {
			return FieldErrorf("child", "这个孩子不属于这个家庭", "this child is not of this family")
		}
	}
	for _, id := range in.CaregiverIDs {
		if !adults[id] {
			return FieldErrorf("caregiver", "这位养育人不属于这个家庭", "this caregiver is not of this family")
		}
	}
	in.ChildIDs, in.CaregiverIDs = uniq(in.ChildIDs), uniq(in.CaregiverIDs)
	if len(in.ChildIDs) == 0 || len(in.ChildIDs) == len(f.Children) {
		return FieldErrorf("child", "请选择要分出去的孩子（至少一个，且原家庭至少留一个）", "choose the children who move (at least one, and one stays)")
	}
	if len(in.CaregiverIDs) == 0 || len(in.CaregiverIDs) == len(f.Caregivers) {
		return FieldErrorf("caregiver", "请选择要分出去的养育人（至少一位，且原家庭至少留一位）", "choose the caregivers who move (at least one, and one stays)")
	}
	return checkWhoReason(&in.Who, &in.Reason, FieldErrorf("reason", "拆分家庭必须写明原因", "splitting a family needs a reason"))
}

func uniq(ids []string) []string {
	out := slices.Clone(ids)
	slices.Sort(out)
	return slices.Compact(out)
}

// FormNote renders what a correction did to one sign-in of a session, for
// the notes under the 签到表 and the 备注 of the statistics table, dated
// in the station's zone loc.
func (c FamilyCorrection) FormNote(f CorrectionFollow, loc *time.Location) string {
	by := fmt.Sprintf("（%s，%s，原因：%s）", c.Who, c.At.In(loc).Format("2006-01-02"), c.Reason)
	switch c.Kind {
	case FixChildBirth:
		return fmt.Sprintf("序号 %d 出生日期更正，儿童年龄由“%s月龄”改为“%s月龄”%s", f.Seq, f.OldValue, f.NewValue, by)
	case FixMerge:
		return fmt.Sprintf("序号 %d 的家庭与另一家庭合并为一个家庭%s", f.Seq, by)
	case FixSplit:
		return fmt.Sprintf("序号 %d 的孩子从原家庭分出，成为另一个家庭%s", f.Seq, by)
	}
	return fmt.Sprintf("序号 %d %s由“%s”改为“%s”%s", f.Seq, c.Kind.Label(LangZH), f.OldValue, f.NewValue, by)
}

// Note renders a correction in one line for a screen or a family's copy.
func (c FamilyCorrection) Note(lang Lang, loc *time.Location) string {
	at := c.At.In(loc).Format("2006-01-02 15:04")
	n := 0
	for _, f := range c.Follows {
		if f.Kind == FollowSignIn {
			n++
		}
	}
	switch c.Kind {
	case FixMerge, FixSplit:
		return fmt.Sprintf(lang.Pick("%s %s：%d 次签到随之变动（%s，原因：%s）", "%s %s: %d sign-ins followed (%s, why: %s)"),
			at, c.Kind.Label(lang), n, c.Who, c.Reason)
	}
	return fmt.Sprintf(lang.Pick("%s %s：“%s”→“%s”，%d 次签到随之更正（%s，原因：%s）", "%s %s: “%s” → “%s”, %d sign-ins followed (%s, why: %s)"),
		at, c.Kind.Label(lang), c.OldValue, c.NewValue, n, c.Who, c.Reason)
}
