package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"carekiosk/model"
)

// signInRow is what a sign-in correction reads of the sign-in it changes.
type signInRow struct {
	seq, age                              int
	childID, familyID, caregiverID, relat string
}

// CorrectSignIn corrects one sign-in of a closed session in one
// transaction: its relation, its caregiver (the relation follows, as its
// own change), its child (the 月龄 recomputed for the session's date; a
// child of another family needs that family's caregiver), or its removal
// (the row kept aside in withdrawn_sign_ins as a withdrawal is). Each
// change is kept with who, when, why and the old and new values; the
// session's counts follow.
func (s *Store) CorrectSignIn(ctx context.Context, in model.SignInCorrectionInput) (*model.SignInChange, error) {
	in.Who, in.Reason = strings.TrimSpace(in.Who), strings.TrimSpace(in.Reason)
	if err := in.Validate(); err != nil {
		return nil, err
	}
	if err := s.CheckClock(ctx); err != nil {
		return nil, err
	}
	now := s.Now()
	ch := &model.SignInChange{SessionID: in.SessionID, SignInID: in.SignInID, Kind: in.Kind, Who: in.Who, At: now, Reason: in.Reason}
	err := s.write(ctx, func(tx *txn) error {
		date, state, band, err := sessionDate(tx, in.SessionID)
		if err != nil {
			return err
		}
		if state != model.StateClosed {
			return model.Errorf(model.ECONFLICT, "活动尚未结束：错误的签到请在签到页撤销", "the session is not closed: withdraw a wrong sign-in on the check-in screen")
		}
		var r signInRow
		err = tx.QueryRow(`SELECT seq, age_months, child_id, family_id, caregiver_id, relation FROM sign_ins WHERE id = ? AND session_id = ?`,
			in.SignInID, in.SessionID).Scan(&r.seq, &r.age, &r.childID, &r.familyID, &r.caregiverID, &r.relat)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("签到记录", in.SignInID)
		}
		if err != nil {
			return err
		}
		ch.Seq, ch.OldAge, ch.NewAge = r.seq, r.age, r.age
		var more []model.SignInChange
		switch in.Kind {
		case model.ChangeRemove:
			ch.OldValue = r.childID
			err = moveToWithdrawn(tx, in.SessionID, in.SignInID, in.Who, in.Reason, now)
		case model.ChangeRelation:
			err = fixSignInRelation(tx, ch, r, string(in.Relation))
		case model.ChangeCaregiver:
			more, err = fixSignInCaregiver(tx, ch, r, in.CaregiverID)
		case model.ChangeChild:
			more, err = fixSignInChild(tx, ch, r, in, date, band)
		}
		if err != nil {
			return err
		}
		// The change asked for first, then what followed from it.
		for _, c := range append([]model.SignInChange{*ch}, more...) {
			if err := insertChange(tx, &c); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	s.noteWritten(now)
	s.publish(model.Change{Kind: model.ChangeSession, SessionID: in.SessionID})
	return ch, nil
}

// fixSignInRelation sets the sign-in's relation.
func fixSignInRelation(tx *txn, ch *model.SignInChange, r signInRow, rel string) error {
	if rel == r.relat {
		return model.FieldErrorf("relation", "新关系与原关系相同，无需更正", "the relation is already so; nothing to correct")
	}
	ch.OldValue, ch.NewValue = r.relat, rel
	_, err := tx.Exec(`UPDATE sign_ins SET relation = ? WHERE id = ?`, rel, ch.SignInID)
	return err
}

// fixSignInCaregiver sets the sign-in's caregiver, one of the same family;
// its relation follows the caregiver's, recorded as a change of its own.
func fixSignInCaregiver(tx *txn, ch *model.SignInChange, r signInRow, caregiverID string) ([]model.SignInChange, error) {
	if caregiverID == r.caregiverID {
		return nil, model.FieldErrorf("caregiver", "已是这位养育人，无需更正", "this is already the caregiver; nothing to correct")
	}
	var fam, rel string
	err := tx.QueryRow(`SELECT family_id, relation FROM caregivers WHERE id = ?`, caregiverID).Scan(&fam, &rel)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && fam != r.familyID) {
		return nil, model.FieldErrorf("caregiver", "请选择这个家庭的养育人", "choose a caregiver of this family")
	}
	if err != nil {
		return nil, err
	}
	ch.OldValue, ch.NewValue = r.caregiverID, caregiverID
	if _, err := tx.Exec(`UPDATE sign_ins SET caregiver_id = ? WHERE id = ?`, caregiverID, ch.SignInID); err != nil {
		return nil, err
	}
	return followRelation(tx, ch, r, rel, nil)
}

// followRelation sets the sign-in's relation to the new caregiver's when it
// differs, adding that change, with the same who, when and why, to more.
func followRelation(tx *txn, ch *model.SignInChange, r signInRow, rel string, more []model.SignInChange) ([]model.SignInChange, error) {
	if rel == r.relat {
		return more, nil
	}
	extra := *ch
	extra.Kind, extra.OldValue, extra.NewValue, extra.OldAge = model.ChangeRelation, r.relat, rel, ch.NewAge
	_, err := tx.Exec(`UPDATE sign_ins SET relation = ? WHERE id = ?`, rel, ch.SignInID)
	return append(more, extra), err
}

// fixSignInChild moves the sign-in to another child, its 月龄 and band mark
// recomputed for the session's date. A child of another family moves the
// sign-in to that family, with a caregiver of it.
func fixSignInChild(tx *txn, ch *model.SignInChange, r signInRow, in model.SignInCorrectionInput, date model.Date, band model.AgeBand) ([]model.SignInChange, error) {
	if in.ChildID == r.childID {
		return nil, model.FieldErrorf("child", "已是这个儿童，无需更正", "this is already the child; nothing to correct")
	}
	var fam, name, bd, bm string
	var erased bool
	err := tx.QueryRow(`SELECT family_id, name, birth_date, birth_month, EXISTS (SELECT 1 FROM family_erasures e WHERE e.family_id = children.family_id)
		FROM children WHERE id = ?`, in.ChildID).Scan(&fam, &name, &bd, &bm, &erased)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("儿童", in.ChildID)
	}
	if err != nil {
		return nil, err
	}
	if erased {
		return nil, model.FieldErrorf("child", "这个儿童的家庭信息已删除，不能把签到改到他/她名下", "this child's family was erased; a sign-in cannot be moved to the child")
	}
	var seq int
	if err := tx.QueryRow(`SELECT coalesce(max(seq), 0) FROM sign_ins WHERE session_id = ? AND child_id = ?`, in.SessionID, in.ChildID).Scan(&seq); err != nil {
		return nil, err
	}
	if seq > 0 {
		return nil, model.FieldErrorf("child", "%s 已在本次活动签到（序号 %d）：请删除多余的一条", "%s is already signed in to this session (No. %d): remove the extra one", name, seq)
	}
	age := model.Child{BirthDate: parseDate(bd), BirthMonth: parseDate(bm)}.AgeOn(date)
	if age < 0 {
		return nil, model.FieldErrorf("child", "%s 在活动日期 %s 时还没有出生", "%s was not yet born on the session date %s", name, date.String())
	}
	cg, rel := r.caregiverID, r.relat
	if fam != r.familyID {
		var cfam string
		err := tx.QueryRow(`SELECT family_id, relation FROM caregivers WHERE id = ?`, in.CaregiverID).Scan(&cfam, &rel)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && cfam != fam) {
			return nil, model.FieldErrorf("caregiver", "%s 属于另一个家庭：请同时选择该家庭的养育人", "%s belongs to another family: choose that family's caregiver too", name)
		}
		if err != nil {
			return nil, err
		}
		cg = in.CaregiverID
	}
	ch.OldValue, ch.NewValue, ch.NewAge = r.childID, in.ChildID, age
	if _, err := tx.Exec(`UPDATE sign_ins SET child_id = ?, family_id = ?, caregiver_id = ?, age_months = ?, outside_band = ? WHERE id = ?`,
		in.ChildID, fam, cg, age, !band.Contains(age), ch.SignInID); err != nil {
		return nil, err
	}
	var more []model.SignInChange
	if cg != r.caregiverID {
		extra := *ch
		extra.Kind, extra.OldValue, extra.NewValue, extra.OldAge = model.ChangeCaregiver, r.caregiverID, cg, age
		more = append(more, extra)
	}
	return followRelation(tx, ch, r, rel, more)
}

// insertChange stores one sign-in change with a new id.
func insertChange(tx *txn, ch *model.SignInChange) error {
	ch.ID = newID()
	_, err := tx.Exec(`INSERT INTO sign_in_changes (id, session_id, sign_in_id, seq, kind, who, at, reason, old_value, new_value, old_age, new_age)
		VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`, ch.ID, ch.SessionID, ch.SignInID, ch.Seq, string(ch.Kind), ch.Who, fmtTime(ch.At), ch.Reason,
		ch.OldValue, ch.NewValue, ch.OldAge, ch.NewAge)
	return err
}

// moveToWithdrawn moves a sign-in row to withdrawn_sign_ins with who, when
// and why; the session's counts drop by the delete trigger.
func moveToWithdrawn(tx *txn, sessionID, signInID, who, reason string, now time.Time) error {
	res, err := tx.Exec(`INSERT INTO withdrawn_sign_ins (`+signInCols+`, withdrawn_at, withdrawn_by, reason)
		SELECT `+signInCols+`, ?, ?, ? FROM sign_ins WHERE id = ? AND session_id = ?`,
		fmtTime(now), who, reason, signInID, sessionID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return notFound("签到记录", signInID)
	}
	_, err = tx.Exec(`DELETE FROM sign_ins WHERE id = ?`, signInID)
	return err
}

// signInChangeSelect reads sign-in changes with the names their values
// stand for (a relation is its own name).
const signInChangeSelect = `SELECT ch.id, ch.session_id, ch.sign_in_id, ch.seq, ch.kind, ch.who, ch.at, ch.reason, ch.old_value, ch.new_value,
	ch.old_age, ch.new_age,
	CASE ch.kind WHEN 'relation' THEN ch.old_value WHEN 'caregiver' THEN coalesce(og.name, '') ELSE coalesce(oc.name, '') END,
	CASE ch.kind WHEN 'relation' THEN ch.new_value WHEN 'caregiver' THEN coalesce(ng.name, '') ELSE coalesce(nc.name, '') END
	FROM sign_in_changes ch JOIN sessions s ON s.id = ch.session_id
	LEFT JOIN children oc ON oc.id = ch.old_value LEFT JOIN children nc ON nc.id = ch.new_value
	LEFT JOIN caregivers og ON og.id = ch.old_value LEFT JOIN caregivers ng ON ng.id = ch.new_value`

func scanSignInChanges(rows *sql.Rows, err error) ([]model.SignInChange, error) {
	if err != nil {
		return nil, storageErr(err)
	}
	defer rows.Close()
	var out []model.SignInChange
	for rows.Next() {
		var c model.SignInChange
		var kind, at string
		if err := rows.Scan(&c.ID, &c.SessionID, &c.SignInID, &c.Seq, &kind, &c.Who, &at, &c.Reason, &c.OldValue, &c.NewValue,
			&c.OldAge, &c.NewAge, &c.OldName, &c.NewName); err != nil {
			return nil, storageErr(err)
		}
		c.Kind, c.At = model.SignInChangeKind(kind), parseTime(at)
		out = append(out, c)
	}
	return out, storageErr(rows.Err())
}

// SignInChanges lists a session's sign-in changes (withdrawals and
// corrections), oldest first.
func (s *Store) SignInChanges(ctx context.Context, sessionID string) ([]model.SignInChange, error) {
	return scanSignInChanges(s.r.QueryContext(ctx, signInChangeSelect+` WHERE ch.session_id = ? ORDER BY ch.at, ch.rowid`, sessionID))
}

// SignInChanges lists the sign-in changes of the sessions dated from..to
// (zero ends open), by session and oldest first, as of the snapshot.
func (v *Snapshot) SignInChanges(from, to model.Date) ([]model.SignInChange, error) {
	where, args := dateRange("s.date", from, to)
	return scanSignInChanges(v.tx.QueryContext(v.ctx, signInChangeSelect+` WHERE `+where+` ORDER BY s.date, s.created_at, ch.at, ch.rowid`, args...))
}
