package countydb

import "carekiosk/model"

// checkLines refuses a bundle whose family corrections or sign-in changes
// say what no station can do: an unknown kind, a merge or split of a family
// with itself or with no family named, a correction of a child or
// caregiver naming none, or — in a whole bundle, which carries every
// session that ever had a sign-in — a sign-in change of a session it does
// not carry. Such a line comes from an altered station; storing it would
// put on the county's forms what never happened.
func (a *applyState) checkLines() error {
	b := a.in.Bundle
	for _, l := range b.FamilyCorrections {
		r := l.Rec
		kind := model.FamilyCorrectionKind(r.Kind)
		switch {
		case !kind.Valid():
			return badLine("家庭更正 %s 的类型“%s”无法识别", "the family correction %s has an unknown kind %q", r.ID, r.Kind)
		case (kind == model.FixMerge || kind == model.FixSplit) && (r.FamilyID == "" || r.OtherFamilyID == "" || r.FamilyID == r.OtherFamilyID):
			return badLine("家庭更正 %s 把一个家庭与它自己合并或拆分", "the family correction %s merges or splits a family with itself", r.ID)
		case kind != model.FixMerge && kind != model.FixSplit && (r.FamilyID == "" || r.TargetID == ""):
			return badLine("家庭更正 %s 没有写明更正哪个家庭的哪个人", "the family correction %s does not name the family and the person corrected", r.ID)
		}
	}
	return a.checkSignInChanges()
}

// checkSignInChanges refuses a sign-in change of an unknown kind, naming no
// sign-in, naming a sign-in the bundle carries under another session, or
// (in a whole bundle) belonging to a session the bundle does not carry.
func (a *applyState) checkSignInChanges() error {
	b := a.in.Bundle
	if len(b.SignInChanges) == 0 {
		return nil
	}
	var sessions map[string]bool
	if b.Info.Manifest.Whole() {
		sessions = make(map[string]bool, len(b.Sessions))
		for _, l := range b.Sessions {
			sessions[l.Rec.ID] = true
		}
	}
	signIns := make(map[string]string, len(b.SignIns))
	for _, l := range b.SignIns {
		signIns[l.Rec.ID] = l.Rec.SessionID
	}
	for _, l := range b.SignInChanges {
		r := l.Rec
		switch sid, ok := signIns[r.SignInID]; {
		case !model.SignInChangeKind(r.Kind).Valid():
			return badLine("签到更正 %s 的类型“%s”无法识别", "the sign-in change %s has an unknown kind %q", r.ID, r.Kind)
		case r.SignInID == "":
			return badLine("签到更正 %s 没有写明是哪一条签到", "the sign-in change %s does not name its sign-in", r.ID)
		case ok && sid != r.SessionID:
			return badLine("签到更正 %s 记在活动 %s 下，它的签到却属于另一场活动", "the sign-in change %s is filed under the session %s but its sign-in belongs to another session", r.ID, r.SessionID)
		case sessions != nil && !sessions[r.SessionID]:
			return badLine("签到更正 %s 属于数据包中没有的活动 %s", "the sign-in change %s belongs to a session %s the bundle does not carry", r.ID, r.SessionID)
		}
	}
	return nil
}

// badLine is the refusal of a bundle for one impossible line.
func badLine(zh, en string, args ...any) error {
	return model.Errorf(model.EINVALID, zh+"：数据包不可信，未导入任何内容", en+"; the bundle cannot be trusted, nothing was imported", args...)
}
