package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"time"

	"carekiosk/model"
)

// CorrectFamily corrects one field of a family's child or caregiver in one
// transaction and records it (who, when, old, new, reason) with every
// sign-in that followed: a birth date moves the age in months (and the
// outside-band mark) of the child's earlier sign-ins, a relation the
// relation of the caregiver's sign-ins that carried the old one; a name or
// phone is shown by every sign-in of that person, each listed. A phone
// another family already has is refused (merge the two instead), and so is
// a change that would make two of one family's children, or caregivers,
// the same.
func (s *Store) CorrectFamily(ctx context.Context, in model.FamilyCorrectionInput) (*model.FamilyCorrection, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	if err := s.CheckClock(ctx); err != nil {
		return nil, err
	}
	now := s.Now()
	if in.Kind == model.FixChildBirth {
		if err := s.birthNotAfterToday(ctx, in.NewValue, now); err != nil {
			return nil, err
		}
	}
	fc := &model.FamilyCorrection{ID: newID(), Kind: in.Kind, FamilyID: in.FamilyID, TargetID: in.TargetID, NewValue: in.NewValue,
		Who: in.Who, At: now, Reason: in.Reason}
	err := s.write(ctx, func(tx *txn) error {
		if err := correctableFamily(tx, in.FamilyID); err != nil {
			return err
		}
		var err error
		if in.Kind.OfChild() {
			err = correctChild(tx, in, fc)
		} else {
			err = correctCaregiver(tx, in, fc)
		}
		if err != nil {
			return err
		}
		return insertFamilyCorrection(tx, fc)
	})
	if err != nil {
		return nil, err
	}
	s.noteWritten(now)
	s.publish(model.Change{Kind: model.ChangeSession})
	return fc, nil
}

// birthNotAfterToday refuses a birth date after today in the station's
// zone: a child with no sign-in left has no session to refuse it.
func (s *Store) birthNotAfterToday(ctx context.Context, birth string, now time.Time) error {
	set, err := s.Settings(ctx)
	if err != nil {
		return err
	}
	today := model.DateOf(now.In(set.Location()))
	if model.MustDate(birth).After(today) {
		return model.FieldErrorf("birth", "出生日期不能晚于今天（%s）", "the birth date cannot be after today (%s)", today.String())
	}
	return nil
}

// correctableFamily refuses a family that is not there, was merged into
// another or erased.
func correctableFamily(tx *txn, id string) error {
	var merged string
	var erased bool
	err := tx.QueryRow(`SELECT merged_into, EXISTS (SELECT 1 FROM family_erasures WHERE family_id = families.id) FROM families WHERE id = ?`, id).Scan(&merged, &erased)
	if errors.Is(err, sql.ErrNoRows) {
		return notFound("家庭", id)
	}
	switch {
	case err != nil:
		return err
	case merged != "":
		return model.Errorf(model.ECONFLICT, "这个家庭已合并到另一个家庭，请在那个家庭中更正", "this family was merged into another; correct it there")
	case erased:
		return model.Errorf(model.ECONFLICT, "这个家庭的信息已经删除", "this family's data has already been erased")
	}
	return nil
}

// correctChild changes a child's name or birth date.
func correctChild(tx *txn, in model.FamilyCorrectionInput, fc *model.FamilyCorrection) error {
	var name, bd, bm string
	err := tx.QueryRow(`SELECT name, birth_date, birth_month FROM children WHERE id = ? AND family_id = ?`, in.TargetID, in.FamilyID).Scan(&name, &bd, &bm)
	if errors.Is(err, sql.ErrNoRows) {
		return model.FieldErrorf("target", "这个孩子不属于这个家庭", "this child is not of this family")
	}
	if err != nil {
		return err
	}
	if in.Kind == model.FixChildName {
		fc.OldValue = name
		if err := unchanged(name, in.NewValue); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRow(`SELECT count(*) FROM children WHERE family_id = ? AND name = ? AND id <> ?`, in.FamilyID, in.NewValue, in.TargetID).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return model.FieldErrorf("child", "这个家庭已有叫这个名字的孩子", "the family already has a child of this name")
		}
		if _, err := tx.Exec(`UPDATE children SET name = ? WHERE id = ?`, in.NewValue, in.TargetID); err != nil {
			return err
		}
		return followSignIns(tx, fc, name, in.NewValue, `child_id = ?`, in.TargetID)
	}
	fc.OldValue = bd
	if bd == "" && bm != "" {
		fc.OldValue = bm[:7] // only the month was known
	}
	if err := unchanged(bd, in.NewValue); err != nil {
		return err
	}
	return correctBirth(tx, in, fc)
}

// correctBirth sets the child's birth date and moves the age in months of
// each of its sign-ins, each move recorded.
func correctBirth(tx *txn, in model.FamilyCorrectionInput, fc *model.FamilyCorrection) error {
	birth := model.MustDate(in.NewValue)
	type row struct {
		id, session string
		seq, age    int
		date        string
		band        model.AgeBand
	}
	rows, err := tx.Query(`SELECT si.id, si.session_id, si.seq, si.age_months, se.date, se.band_min, se.band_max
		FROM sign_ins si JOIN sessions se ON se.id = si.session_id WHERE si.child_id = ? ORDER BY se.date, si.seq`, in.TargetID)
	if err != nil {
		return err
	}
	var list []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.id, &r.session, &r.seq, &r.age, &r.date, &r.band.Min, &r.band.Max); err != nil {
			rows.Close()
			return err
		}
		list = append(list, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, r := range list {
		on := parseDate(r.date)
		if birth.After(on) {
			return model.FieldErrorf("birth", "出生日期不能晚于孩子参加过的活动（%s）", "the birth date cannot be after a session the child attended (%s)", on.String())
		}
		if birth.Before(on.AddMonths(-model.MaxSignInAgeMonths)) {
			return model.FieldErrorf("birth", "出生日期不能早于孩子参加活动时的 6 年前", "the birth date cannot be more than 6 years before a session the child attended")
		}
	}
	if _, err := tx.Exec(`UPDATE children SET birth_date = ?, birth_month = '' WHERE id = ?`, in.NewValue, in.TargetID); err != nil {
		return err
	}
	for _, r := range list {
		age := model.AgeMonths(birth, parseDate(r.date))
		if age == r.age {
			continue
		}
		if _, err := tx.Exec(`UPDATE sign_ins SET age_months = ?, outside_band = ? WHERE id = ?`, age, !r.band.Contains(age), r.id); err != nil {
			return err
		}
		fc.Follows = append(fc.Follows, model.CorrectionFollow{Kind: model.FollowSignIn, ID: r.id, SessionID: r.session, Seq: r.seq,
			OldValue: strconv.Itoa(r.age), NewValue: strconv.Itoa(age)})
	}
	return nil
}

// correctCaregiver changes a caregiver's name, relation or phone.
func correctCaregiver(tx *txn, in model.FamilyCorrectionInput, fc *model.FamilyCorrection) error {
	var cg model.Caregiver
	var rel string
	err := tx.QueryRow(`SELECT name, phone, relation FROM caregivers WHERE id = ? AND family_id = ?`, in.TargetID, in.FamilyID).Scan(&cg.Name, &cg.Phone, &rel)
	if errors.Is(err, sql.ErrNoRows) {
		return model.FieldErrorf("target", "这位养育人不属于这个家庭", "this caregiver is not of this family")
	}
	if err != nil {
		return err
	}
	cg.Relation = model.Relation(rel)
	after := cg
	column := ""
	switch in.Kind {
	case model.FixCaregiverName:
		fc.OldValue, after.Name, column = cg.Name, in.NewValue, "name"
	case model.FixCaregiverRelation:
		fc.OldValue, after.Relation, column = rel, model.Relation(in.NewValue), "relation"
	case model.FixCaregiverPhone:
		fc.OldValue, after.Phone, column = cg.Phone, in.NewValue, "phone"
	}
	if err := unchanged(fc.OldValue, in.NewValue); err != nil {
		return err
	}
	if err := onePhoneRules(tx, in, after); err != nil {
		return err
	}
	if _, err := tx.Exec(`UPDATE caregivers SET `+column+` = ? WHERE id = ?`, in.NewValue, in.TargetID); err != nil {
		return err
	}
	if in.Kind == model.FixCaregiverRelation {
		// The sign-ins that carried the caregiver's old relation carry the
		// corrected one; one made as someone else (another relation
		// ticked that day) keeps its own.
		if err := followSignIns(tx, fc, rel, in.NewValue, `caregiver_id = ? AND relation = ?`, in.TargetID, rel); err != nil {
			return err
		}
		_, err := tx.Exec(`UPDATE sign_ins SET relation = ? WHERE caregiver_id = ? AND relation = ?`, in.NewValue, in.TargetID, rel)
		return err
	}
	return followSignIns(tx, fc, fc.OldValue, in.NewValue, `caregiver_id = ?`, in.TargetID)
}

// onePhoneRules keeps the rules of phone numbers and caregivers: a number
// belongs to one family (another family with it is a possible duplicate,
// to merge), and one family has no two caregivers of the same phone,
// relation and name.
func onePhoneRules(tx *txn, in model.FamilyCorrectionInput, after model.Caregiver) error {
	if in.Kind == model.FixCaregiverPhone {
		other, err := duplicateOf(tx, after.Phone)
		if err != nil {
			return err
		}
		if other != "" && other != in.FamilyID {
			return model.FieldErrorf("phone", "另一个家庭已使用这个手机号；如果是同一个家庭，请合并两个家庭", "another family has this phone number; if they are one family, merge them")
		}
	}
	var n int
	err := tx.QueryRow(`SELECT count(*) FROM caregivers WHERE family_id = ? AND id <> ? AND phone = ? AND relation = ? AND name = ?`,
		in.FamilyID, in.TargetID, after.Phone, string(after.Relation), after.Name).Scan(&n)
	if err != nil {
		return err
	}
	if n > 0 {
		return model.FieldErrorf("caregiver", "这个家庭已有同一电话、关系和姓名的养育人", "the family already has a caregiver with this phone, relation and name")
	}
	return nil
}

// unchanged refuses a correction to the value already there.
func unchanged(old, nu string) error {
	if old == nu {
		return model.FieldErrorf("value", "新值与原值相同，无需更正", "the new value equals the old one; nothing to correct")
	}
	return nil
}

// followSignIns records each sign-in matching where (on sign_ins si) as
// following the correction, from old to nu.
func followSignIns(tx *txn, fc *model.FamilyCorrection, old, nu, where string, args ...any) error {
	rows, err := tx.Query(`SELECT si.id, si.session_id, si.seq FROM sign_ins si JOIN sessions se ON se.id = si.session_id
		WHERE si.`+where+` ORDER BY se.date, si.seq`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		f := model.CorrectionFollow{Kind: model.FollowSignIn, OldValue: old, NewValue: nu}
		if err := rows.Scan(&f.ID, &f.SessionID, &f.Seq); err != nil {
			return err
		}
		fc.Follows = append(fc.Follows, f)
	}
	return rows.Err()
}

// insertFamilyCorrection writes a correction and its follows.
func insertFamilyCorrection(tx *txn, fc *model.FamilyCorrection) error {
	if _, err := tx.Exec(`INSERT INTO family_corrections (id, kind, family_id, other_family_id, target_id, old_value, new_value, who, at, reason)
		VALUES (?,?,?,?,?,?,?,?,?,?)`, fc.ID, string(fc.Kind), fc.FamilyID, fc.OtherFamilyID, fc.TargetID, fc.OldValue, fc.NewValue,
		fc.Who, fmtTime(fc.At), fc.Reason); err != nil {
		return err
	}
	for i, f := range fc.Follows {
		if _, err := tx.Exec(`INSERT INTO family_correction_follows (correction_id, ord, kind, entity_id, session_id, seq, old_value, new_value)
			VALUES (?,?,?,?,?,?,?,?)`, fc.ID, i, string(f.Kind), f.ID, f.SessionID, f.Seq, f.OldValue, f.NewValue); err != nil {
			return err
		}
	}
	return nil
}

// FamilyCorrections lists every correction of a family's data, oldest
// first, with what followed each: those of the family and those that
// moved records into or out of it.
func (s *Store) FamilyCorrections(ctx context.Context, familyID string) ([]model.FamilyCorrection, error) {
	return readFamilyCorrections(ctx, s.r, `WHERE family_id = ?1 OR other_family_id = ?1`, familyID)
}

// FamilyCorrections lists every family correction recorded as of the
// snapshot, oldest first.
func (v *Snapshot) FamilyCorrections() ([]model.FamilyCorrection, error) {
	return readFamilyCorrections(v.ctx, v.tx, ``)
}

func readFamilyCorrections(ctx context.Context, q queryContext, where string, args ...any) ([]model.FamilyCorrection, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, kind, family_id, other_family_id, target_id, old_value, new_value, who, at, reason
		FROM family_corrections `+where+` ORDER BY at, id`, args...)
	if err != nil {
		return nil, storageErr(err)
	}
	var out []model.FamilyCorrection
	for rows.Next() {
		var fc model.FamilyCorrection
		var kind, at string
		if err := rows.Scan(&fc.ID, &kind, &fc.FamilyID, &fc.OtherFamilyID, &fc.TargetID, &fc.OldValue, &fc.NewValue, &fc.Who, &at, &fc.Reason); err != nil {
			rows.Close()
			return nil, storageErr(err)
		}
		fc.Kind, fc.At = model.FamilyCorrectionKind(kind), parseTime(at)
		out = append(out, fc)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, storageErr(err)
	}
	for i := range out {
		if out[i].Follows, err = readFollows(ctx, q, out[i].ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func readFollows(ctx context.Context, q queryContext, id string) ([]model.CorrectionFollow, error) {
	rows, err := q.QueryContext(ctx, `SELECT kind, entity_id, session_id, seq, old_value, new_value FROM family_correction_follows
		WHERE correction_id = ? ORDER BY ord`, id)
	if err != nil {
		return nil, storageErr(err)
	}
	defer rows.Close()
	var out []model.CorrectionFollow
	for rows.Next() {
		var f model.CorrectionFollow
		var kind string
		if err := rows.Scan(&kind, &f.ID, &f.SessionID, &f.Seq, &f.OldValue, &f.NewValue); err != nil {
			return nil, storageErr(err)
		}
		f.Kind = model.FollowKind(kind)
		out = append(out, f)
	}
	return out, storageErr(rows.Err())
}

// recountFamilies sets the family count of the sessions a family's
// sign-ins are in, after sign-ins moved between families.
func recountFamilies(tx *txn, familyIDs ...string) error {
	for _, id := range familyIDs {
		if _, err := tx.Exec(`UPDATE sessions SET family_count = (SELECT count(DISTINCT family_id) FROM sign_ins WHERE session_id = sessions.id)
			WHERE id IN (SELECT session_id FROM sign_ins WHERE family_id = ?)`, id); err != nil {
			return err
		}
	}
	return nil
}

// eraseCorrections overwrites the personal values (names, phone numbers,
// birth dates) the family's corrections keep, when the family is erased:
// the trail stays — who, when, why, what kind, the ages that followed.
func eraseCorrections(tx *txn, familyID string) error {
	mine := `(family_id = ?1 OR target_id IN (SELECT id FROM children WHERE family_id = ?1)
		OR target_id IN (SELECT id FROM caregivers WHERE family_id = ?1))`
	if _, err := tx.Exec(`UPDATE family_correction_follows SET old_value = ?2, new_value = ?2 WHERE correction_id IN
		(SELECT id FROM family_corrections WHERE kind IN ('child.name','caregiver.name','caregiver.phone') AND `+mine+`)`, familyID, model.Anonymised); err != nil {
		return err
	}
	_, err := tx.Exec(`UPDATE family_corrections SET old_value = ?2, new_value = ?2
		WHERE kind IN ('child.name','child.birth','caregiver.name','caregiver.phone') AND `+mine, familyID, model.Anonymised)
	return err
}
