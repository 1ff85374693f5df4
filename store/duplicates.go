package store

import (
	"context"
	"database/sql"
	"errors"

	"carekiosk/model"
)

// duplicateOf returns the family (not merged away) whose caregiver already
// has phone, or "" when the number is new.
func duplicateOf(tx *txn, phone string) (string, error) {
	var id string
	err := tx.QueryRow(`SELECT c.family_id FROM caregivers c JOIN families f ON f.id = c.family_id
		WHERE c.phone = ? AND f.merged_into = '' ORDER BY c.created_at LIMIT 1`, phone).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return id, err
}

// PossibleDuplicates lists the families marked 可能重复, oldest first, each
// beside the family it may be. It is for the instructor's screen (PIN).
func (s *Store) PossibleDuplicates(ctx context.Context) ([]model.PossibleDuplicate, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, duplicate_of FROM families WHERE duplicate_of <> '' AND merged_into = '' ORDER BY created_at`)
	if err != nil {
		return nil, storageErr(err)
	}
	var pairs [][2]string
	for rows.Next() {
		var p [2]string
		if err := rows.Scan(&p[0], &p[1]); err != nil {
			rows.Close()
			return nil, storageErr(err)
		}
		pairs = append(pairs, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, storageErr(err)
	}
	var out []model.PossibleDuplicate
	for _, p := range pairs {
		fams, err := s.loadFamilies(ctx, []string{p[0], p[1]})
		if err != nil {
			return nil, err
		}
		if len(fams) == 2 {
			out = append(out, model.PossibleDuplicate{Family: fams[0], Of: fams[1]})
		}
	}
	return out, nil
}

// DecideDuplicate merges a family marked 可能重复 into the family it may be,
// or keeps the two apart, in one transaction, and records who, when, why
// and what moved. A merge moves children, caregivers and sign-ins (withdrawn
// ones too); the merged family keeps its row, pointing at the kept one, so
// its printed card still finds the family. The counts of the sessions both
// families attended follow.
func (s *Store) DecideDuplicate(ctx context.Context, in model.DuplicateInput) error {
	if err := in.Validate(); err != nil {
		return err
	}
	if err := s.CheckClock(ctx); err != nil {
		return err
	}
	now := s.Now()
	err := s.write(ctx, func(tx *txn) error {
		var other, merged string
		err := tx.QueryRow(`SELECT duplicate_of, merged_into FROM families WHERE id = ?`, in.FamilyID).Scan(&other, &merged)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("家庭", in.FamilyID)
		}
		if err != nil {
			return err
		}
		if other == "" || merged != "" {
			return model.Errorf(model.ECONFLICT, "这个家庭没有标记为可能重复", "this family is not marked as a possible duplicate")
		}
		var kids, adults, sis int64
		if in.Decision == model.DecideMerge {
			if err := correctableFamily(tx, other); err != nil {
				return err
			}
			// The merge is a family correction too, with its trail.
			fc, err := mergeRecorded(tx, model.MergeInput{From: in.FamilyID, Into: other, Who: in.Who, Reason: in.Reason}, now)
			if err != nil {
				return err
			}
			for _, f := range fc.Follows {
				switch f.Kind {
				case model.FollowChild:
					kids++
				case model.FollowCaregiver:
					adults++
				case model.FollowSignIn:
					sis++
				}
			}
		}
		if _, err := tx.Exec(`UPDATE families SET duplicate_of = '' WHERE id = ?`, in.FamilyID); err != nil {
			return err
		}
		_, err = tx.Exec(`INSERT INTO family_decisions (id, family_id, other_id, decision, children, caregivers, sign_ins, who, at, reason)
			VALUES (?,?,?,?,?,?,?,?,?,?)`, newID(), in.FamilyID, other, string(in.Decision), kids, adults, sis, in.Who, fmtTime(now), in.Reason)
		return err
	})
	if err != nil {
		return err
	}
	s.noteWritten(now)
	s.publish(model.Change{Kind: model.ChangeSession})
	return nil
}

// mergeFamily moves everything of family from into family into and
// recounts the families of the sessions they both attended.
func mergeFamily(tx *txn, from, into string) (kids, adults, sis int64, err error) {
	moved := func(q string) (int64, error) {
		res, err := tx.Exec(q, into, from)
		if err != nil {
			return 0, err
		}
		return res.RowsAffected()
	}
	if kids, err = moved(`UPDATE children SET family_id = ? WHERE family_id = ?`); err != nil {
		return
	}
	if adults, err = moved(`UPDATE caregivers SET family_id = ? WHERE family_id = ?`); err != nil {
		return
	}
	if sis, err = moved(`UPDATE sign_ins SET family_id = ? WHERE family_id = ?`); err != nil {
		return
	}
	// Withdrawn sign-ins are permanent rows; they keep the family they were
	// made under, which the decision record ties to the kept one.
	if _, err = tx.Exec(`UPDATE families SET merged_into = ? WHERE id = ?`, into, from); err != nil {
		return
	}
	// Families that both attended a session now count once there.
	_, err = tx.Exec(`UPDATE sessions SET family_count = (SELECT count(DISTINCT family_id) FROM sign_ins WHERE session_id = sessions.id)
		WHERE id IN (SELECT session_id FROM sign_ins WHERE family_id = ?)`, into)
	return
}
