package model

import (
	"strconv"
	"strings"
	"time"
)

// SignInChangeKind is what a sign-in change did. Every change to a sign-in
// after it was stored is one of these, kept forever with who, when, why and
// the old and new values, and travels to the county.
type SignInChangeKind string

// The kinds of sign-in change.
const (
	// ChangeWithdraw: withdrawn while the session was open or running.
	ChangeWithdraw SignInChangeKind = "withdraw"
	// ChangeRemove: removed by a correction after the session closed.
	ChangeRemove SignInChangeKind = "remove"
	// ChangeRelation: the 养育人与儿童关系 corrected (old and new relation).
	ChangeRelation SignInChangeKind = "relation"
	// ChangeCaregiver: another caregiver of the family brought the child
	// (old and new caregiver id).
	ChangeCaregiver SignInChangeKind = "caregiver"
	// ChangeChild: the wrong child was picked; the sign-in moves to another
	// child (old and new child id, with the 月龄 of each on the session's
	// date).
	ChangeChild SignInChangeKind = "child"
)

// SignInCorrectionKinds lists the kinds a correction of a closed session's
// sign-in offers, in the form's order.
var SignInCorrectionKinds = []SignInChangeKind{ChangeRelation, ChangeCaregiver, ChangeChild, ChangeRemove}

// Valid reports whether k is a known kind.
func (k SignInChangeKind) Valid() bool {
	switch k {
	case ChangeWithdraw, ChangeRemove, ChangeRelation, ChangeCaregiver, ChangeChild:
		return true
	}
	return false
}

// Label names the kind on a screen.
func (k SignInChangeKind) Label(lang Lang) string {
	switch k {
	case ChangeWithdraw:
		return lang.Pick("撤销签到", "withdrawn")
	case ChangeRemove:
		return lang.Pick("删除签到", "removed")
	case ChangeRelation:
		return lang.Pick("养育人与儿童关系", "relation")
	case ChangeCaregiver:
		return lang.Pick("养育人", "caregiver")
	case ChangeChild:
		return lang.Pick("儿童", "child")
	}
	return string(k)
}

// SignInChange is one change to a sign-in after it was stored: a
// withdrawal before the session closed, or a correction after. OldValue
// and NewValue are a relation, a caregiver id or a child id by Kind; the
// names are read with them (OldName, NewName) so an erased family shows
// 已匿名. Kept forever.
type SignInChange struct {
	ID        string
	SessionID string
	SignInID  string
	Seq       int
	Kind      SignInChangeKind
	Who       string
	At        time.Time
	Reason    string
	OldValue  string
	NewValue  string
	// OldName and NewName name OldValue and NewValue for a person: the
	// caregiver's or child's name, the relation itself.
	OldName, NewName string
	// OldAge and NewAge are the 月龄 on the session's date before and after
	// (the same unless the child changed).
	OldAge, NewAge int
}

// Note renders the change in one line, in Chinese, as the forms list it.
func (c SignInChange) Note(loc *time.Location) string { return c.Text(LangZH, loc) }

// Text renders the change in one line in lang: the 序号, the old and new
// values (a child with its 月龄), who, when (in loc) and why.
func (c SignInChange) Text(lang Lang, loc *time.Location) string {
	when := c.At.In(loc).Format("2006-01-02 15:04")
	seq := strconv.Itoa(c.Seq)
	tail := lang.Pick("（"+c.Who+"，"+when+"，原因："+c.Reason+"）", " ("+c.Who+", "+when+", reason: "+c.Reason+")")
	old, nu := c.OldName, c.NewName
	switch c.Kind {
	case ChangeWithdraw:
		return lang.Pick("序号 "+seq+"（"+old+"）的签到已撤销："+c.Reason+"（"+c.Who+"，"+when+"）",
			"sign-in "+seq+" ("+old+") was withdrawn: "+c.Reason+" ("+c.Who+", "+when+")")
	case ChangeRemove:
		return lang.Pick("序号 "+seq+"（"+old+"）的签到在活动结束后删除："+c.Reason+"（"+c.Who+"，"+when+"）",
			"sign-in "+seq+" ("+old+") was removed after closing: "+c.Reason+" ("+c.Who+", "+when+")")
	case ChangeChild:
		old += lang.Pick("（"+strconv.Itoa(c.OldAge)+"月龄）", " ("+strconv.Itoa(c.OldAge)+" mo)")
		nu += lang.Pick("（"+strconv.Itoa(c.NewAge)+"月龄）", " ("+strconv.Itoa(c.NewAge)+" mo)")
	case ChangeRelation:
		old, nu = Relation(old).Label(lang), Relation(nu).Label(lang)
	}
	return lang.Pick("序号 "+seq+" 签到更正："+c.Kind.Label(lang)+"由“"+old+"”改为“"+nu+"”"+tail,
		"sign-in "+seq+" corrected: "+c.Kind.Label(lang)+" from \""+old+"\" to \""+nu+"\""+tail)
}

// SignInCorrectionInput asks to correct one sign-in of a closed session:
// Relation for ChangeRelation, CaregiverID for ChangeCaregiver (its
// relation follows), ChildID for ChangeChild (CaregiverID too when the
// child is of another family), nothing more for ChangeRemove.
type SignInCorrectionInput struct {
	SessionID   string
	SignInID    string
	Kind        SignInChangeKind
	Relation    Relation
	CaregiverID string
	ChildID     string
	Who         string
	Reason      string
}

// Validate checks a sign-in correction request.
func (in SignInCorrectionInput) Validate() error {
	if in.SessionID == "" || in.SignInID == "" {
		return FieldErrorf("sign_in", "请选择要更正的签到", "choose the sign-in to correct")
	}
	switch in.Kind {
	case ChangeRelation:
		if !in.Relation.Valid() {
			return FieldErrorf("relation", "请选择养育人与儿童关系", "choose the relation")
		}
	case ChangeCaregiver:
		if in.CaregiverID == "" {
			return FieldErrorf("caregiver", "请选择养育人", "choose the caregiver")
		}
	case ChangeChild:
		if in.ChildID == "" {
			return FieldErrorf("child", "请选择儿童", "choose the child")
		}
	case ChangeRemove:
	default:
		return FieldErrorf("kind", "未知的签到更正：%s", "unknown sign-in correction: %s", string(in.Kind))
	}
	if err := CheckName("who", in.Who); err != nil {
		return err
	}
	if strings.TrimSpace(in.Reason) == "" {
		return FieldErrorf("reason", "更正必须写明原因", "a correction needs a reason")
	}
	return CheckText("reason", in.Reason, 1, 200)
}

// VoidInput asks to void a closed session opened by mistake or, with
// Restore, to take back a void made by mistake.
type VoidInput struct {
	SessionID string
	Who       string
	Reason    string
	// Restore makes the voided session count again.
	Restore bool
}

// Correction is the correction that voids the session, or restores it.
func (in VoidInput) Correction() CorrectionInput {
	v := VoidValue
	if in.Restore {
		v = ""
	}
	return CorrectionInput{SessionID: in.SessionID, Who: in.Who, Field: FieldVoid, NewValue: v, Reason: in.Reason}
}
