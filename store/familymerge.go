package store

import (
	"context"
	"strings"
	"time"

	"carekiosk/model"
)

// MergeFamilies merges family From into family Into — two families that
// are one — in one transaction: children, caregivers and sign-ins move
// (each listed in the correction's trail), the sessions both attended count
// them once, and From keeps its row pointing at Into so its printed card
// finds the family. The merge is recorded with who, when and why and
// travels in the next bundle.
func (s *Store) MergeFamilies(ctx context.Context, in model.MergeInput) (*model.FamilyCorrection, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	if err := s.CheckClock(ctx); err != nil {
		return nil, err
	}
	now := s.Now()
	var fc *model.FamilyCorrection
	err := s.write(ctx, func(tx *txn) error {
		for _, id := range []string{in.From, in.Into} {
			if err := correctableFamily(tx, id); err != nil {
				return err
			}
		}
		var err error
		fc, err = mergeRecorded(tx, in, now)
		if err != nil {
			return err
		}
		// Merged, the mark of a possible duplicate of either is settled.
		_, err = tx.Exec(`UPDATE families SET duplicate_of = '' WHERE id IN (?, ?) OR duplicate_of = ?`, in.From, in.Into, in.From)
		return err
	})
	if err != nil {
		return nil, err
	}
	s.noteWritten(now)
	s.publish(model.Change{Kind: model.ChangeSession})
	return fc, nil
}

// mergeRecorded moves everything of in.From into in.Into and records the
// merge with every child, caregiver and sign-in it moved.
func mergeRecorded(tx *txn, in model.MergeInput, now time.Time) (*model.FamilyCorrection, error) {
	fc := &model.FamilyCorrection{ID: newID(), Kind: model.FixMerge, FamilyID: in.Into, OtherFamilyID: in.From,
		OldValue: in.From, NewValue: in.Into, Who: in.Who, At: now, Reason: in.Reason}
	if err := followMoves(tx, fc, in.From, in.Into, `family_id = ?`, in.From); err != nil {
		return nil, err
	}
	if _, _, _, err := mergeFamily(tx, in.From, in.Into); err != nil {
		return nil, err
	}
	return fc, insertFamilyCorrection(tx, fc)
}

// followMoves lists, as follows of fc, the children, caregivers and
// sign-ins about to move from family from to family to: those matching
// where (a condition on family_id and the ids, args) for children and
// caregivers, and the sign-ins of the children that move.
func followMoves(tx *txn, fc *model.FamilyCorrection, from, to, where string, args ...any) error {
	for _, t := range []struct {
		table string
		kind  model.FollowKind
	}{{"children", model.FollowChild}, {"caregivers", model.FollowCaregiver}} {
		rows, err := tx.Query(`SELECT id FROM `+t.table+` WHERE `+where+` ORDER BY created_at, id`, args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			f := model.CorrectionFollow{Kind: t.kind, OldValue: from, NewValue: to}
			if err := rows.Scan(&f.ID); err != nil {
				rows.Close()
				return err
			}
			fc.Follows = append(fc.Follows, f)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return followSignIns(tx, fc, from, to, `family_id = ? AND si.child_id IN (SELECT id FROM children WHERE `+where+`)`,
		append([]any{from}, args...)...)
}

// SplitFamily splits one family that is two: the chosen children and
// caregivers move to a new family (with its own card code), each child's
// sign-ins with it, in one transaction; the sessions concerned count both
// families. The split is recorded with who, when, why and everything that
// moved, and travels in the next bundle. It returns the correction, whose
// OtherFamilyID is the new family.
func (s *Store) SplitFamily(ctx context.Context, in model.SplitInput) (*model.FamilyCorrection, error) {
	f, err := s.Family(ctx, in.FamilyID)
	if err != nil {
		return nil, err
	}
	if err := in.Validate(*f); err != nil {
		return nil, err
	}
	if err := s.CheckClock(ctx); err != nil {
		return nil, err
	}
	now := s.Now()
	fc := &model.FamilyCorrection{ID: newID(), Kind: model.FixSplit, FamilyID: in.FamilyID, OtherFamilyID: newID(),
		Who: in.Who, At: now, Reason: in.Reason}
	fc.OldValue, fc.NewValue = in.FamilyID, fc.OtherFamilyID
	err = s.write(ctx, func(tx *txn) error {
		if err := correctableFamily(tx, in.FamilyID); err != nil {
			return err
		}
		// The family as checked is the family as it stands: nothing moved
		// in or out since.
		var kids, adults int
		if err := tx.QueryRow(`SELECT (SELECT count(*) FROM children WHERE family_id = ?1), (SELECT count(*) FROM caregivers WHERE family_id = ?1)`,
			in.FamilyID).Scan(&kids, &adults); err != nil {
			return err
		}
		if kids != len(f.Children) || adults != len(f.Caregivers) {
			return model.Errorf(model.ECONFLICT, "这个家庭刚刚有变动，请重新打开后再拆分", "the family has just changed; open it again and split")
		}
		return splitTx(tx, in, fc)
	})
	if err != nil {
		return nil, err
	}
	s.noteWritten(now)
	s.publish(model.Change{Kind: model.ChangeSession})
	return fc, nil
}

// splitTx makes the new family and moves the chosen children, caregivers
// and the children's sign-ins into it.
func splitTx(tx *txn, in model.SplitInput, fc *model.FamilyCorrection) error {
	for try := 0; ; try++ {
		_, err := tx.Exec(`INSERT INTO families (id, card_code, created_at) VALUES (?,?,?)`, fc.OtherFamilyID, model.NewCardCode(), fmtTime(fc.At))
		if err == nil {
			break
		}
		if try == 3 || !isUnique(err) {
			return err
		}
	}
	ids := func(list []string) (string, []any) {
		q, args := "", []any{in.FamilyID}
		for i, id := range list {
			if i > 0 {
				q += ","
			}
			q += "?"
			args = append(args, id)
		}
		return `family_id = ? AND id IN (` + q + `)`, args
	}
	kidsWhere, kidsArgs := ids(in.ChildIDs)
	adultsWhere, adultsArgs := ids(in.CaregiverIDs)
	var moves model.FamilyCorrection
	if err := followMoves(tx, &moves, in.FamilyID, fc.OtherFamilyID, kidsWhere, kidsArgs...); err != nil {
		return err
	}
	for _, f := range moves.Follows { // the children and their sign-ins
		if f.Kind != model.FollowCaregiver {
			fc.Follows = append(fc.Follows, f)
		}
	}
	var carers model.FamilyCorrection
	if err := followMoves(tx, &carers, in.FamilyID, fc.OtherFamilyID, adultsWhere, adultsArgs...); err != nil {
		return err
	}
	for _, f := range carers.Follows {
		if f.Kind == model.FollowCaregiver {
			fc.Follows = append(fc.Follows, f)
		}
	}
	for _, st := range []struct {
		q    string
		args []any
	}{
		{`UPDATE sign_ins SET family_id = ? WHERE child_id IN (SELECT id FROM children WHERE ` + kidsWhere + `)`, append([]any{fc.OtherFamilyID}, kidsArgs...)},
		{`UPDATE children SET family_id = ? WHERE ` + kidsWhere, append([]any{fc.OtherFamilyID}, kidsArgs...)},
		{`UPDATE caregivers SET family_id = ? WHERE ` + adultsWhere, append([]any{fc.OtherFamilyID}, adultsArgs...)},
	} {
		if _, err := tx.Exec(st.q, st.args...); err != nil {
			return err
		}
	}
	if err := recountFamilies(tx, in.FamilyID, fc.OtherFamilyID); err != nil {
		return err
	}
	return insertFamilyCorrection(tx, fc)
}

// isUnique reports a UNIQUE constraint failure (a card code drawn twice).
func isUnique(err error) bool { return strings.Contains(err.Error(), "UNIQUE") }
