package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"carekiosk/model"
)

// EraseFamily erases one family's personal data at its request: the
// children's names and birth dates, the caregivers' names and phone
// numbers, every signature and typed name of its sign-ins (withdrawn ones
// too) and its card code. The rows stay, so each session's counts and age
// distribution (kept as age in months with each sign-in) do not change; the
// forms show model.Anonymised where a name was. The erasure is recorded
// without personal data and travels in the next bundle. Afterwards the file
// is rebuilt and the WAL emptied, so the old bytes are gone from both.
func (s *Store) EraseFamily(ctx context.Context, in model.EraseInput) (model.Erasure, error) {
	in.Who = strings.TrimSpace(in.Who)
	if err := in.Validate(); err != nil {
		return model.Erasure{}, err
	}
	if err := s.CheckClock(ctx); err != nil {
		return model.Erasure{}, err
	}
	if err := s.secureDelete(ctx); err != nil {
		return model.Erasure{}, err
	}
	e := model.Erasure{ID: newID(), FamilyID: in.FamilyID, Kind: model.ErasureRequest, At: s.Now(), Who: in.Who, ConsentWithdrawn: in.WithdrawConsent}
	err := s.write(ctx, func(tx *txn) error {
		var erased int
		var merged string
		err := tx.QueryRow(`SELECT (SELECT count(*) FROM family_erasures WHERE family_id = f.id), merged_into FROM families f WHERE f.id = ?`,
			in.FamilyID).Scan(&erased, &merged)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("家庭", in.FamilyID)
		}
		if err != nil {
			return err
		}
		if erased > 0 {
			return model.Errorf(model.ECONFLICT, "这个家庭的信息已经删除", "this family's data has already been erased")
		}
		if merged != "" {
			// Its children, caregivers and sign-ins moved: erasing it would
			// record an erasure and erase nothing.
			return model.Errorf(model.ECONFLICT, "这个家庭已合并到另一个家庭，它的信息都在那里：请打开那个家庭再删除",
				"this family was merged into another, where all its data now is: open that family and erase it")
		}
		return eraseFamily(tx, e)
	})
	if err != nil {
		return model.Erasure{}, err
	}
	s.noteWritten(e.At)
	s.publish(model.Change{Kind: model.ChangeSession})
	return e, s.compact(ctx)
}

// signedBy selects the sign-ins of family ?1 and those one of its
// caregivers signed that now belong to another family (a split moved the
// child, a correction the sign-in to another family's child and
// caregiver): the signature and signed name are the caregiver's,
// whichever family the child is in.
const signedBy = `family_id = ?1 OR caregiver_id IN (SELECT id FROM caregivers WHERE family_id = ?1)
	OR id IN (SELECT sign_in_id FROM sign_in_changes WHERE kind = 'caregiver' AND old_value IN (SELECT id FROM caregivers WHERE family_id = ?1))`

// eraseFamily overwrites one family's personal data in place and records
// the erasure. Families merged into it went with their data already.
func eraseFamily(tx *txn, e model.Erasure) error {
	anon := model.Anonymised
	sigs, err := familySignatures(tx, e.FamilyID)
	if err != nil {
		return err
	}
	steps := []struct {
		q    string
		args []any
	}{
		{`UPDATE children SET name = ?, birth_date = '', birth_month = '' WHERE family_id = ?`, []any{anon, e.FamilyID}},
		{`UPDATE caregivers SET name = ?, phone = '' WHERE family_id = ?`, []any{anon, e.FamilyID}},
		{`UPDATE sign_ins SET signature_png = NULL, signature_id = NULL, signed_name = ?2 WHERE ` + signedBy, []any{e.FamilyID, anon}},
		{`UPDATE withdrawn_sign_ins SET signature_png = NULL, signature_id = NULL, signed_name = ?2 WHERE ` + signedBy, []any{e.FamilyID, anon}},
		// The card code is printed on the family's card: a kept card finds nothing.
		{`UPDATE families SET card_code = 'X' || id, duplicate_of = '' WHERE id = ?`, []any{e.FamilyID}},
		{`INSERT INTO family_erasures (id, family_id, kind, at, who, consent_withdrawn) VALUES (?,?,?,?,?,?)`,
			[]any{e.ID, e.FamilyID, string(e.Kind), fmtTime(e.At), e.Who, e.ConsentWithdrawn}},
	}
	for _, st := range steps {
		if _, err := tx.Exec(st.q, st.args...); err != nil {
			return err
		}
	}
	if err := eraseCorrections(tx, e.FamilyID); err != nil {
		return err
	}
	// The drawings the family's sign-ins named, now named by none.
	for _, id := range sigs {
		if _, err := tx.Exec(`DELETE FROM signatures WHERE id = ? AND id NOT IN (SELECT signature_id FROM sign_ins WHERE signature_id IS NOT NULL)
			AND id NOT IN (SELECT signature_id FROM withdrawn_sign_ins WHERE signature_id IS NOT NULL)`, id); err != nil {
			return err
		}
	}
	return nil
}

// familySignatures lists the stored drawings the family's sign-ins name.
func familySignatures(tx *txn, familyID string) ([]string, error) {
	rows, err := tx.Query(`SELECT signature_id FROM sign_ins WHERE (`+signedBy+`) AND signature_id IS NOT NULL
		UNION SELECT signature_id FROM withdrawn_sign_ins WHERE (`+signedBy+`) AND signature_id IS NOT NULL`, familyID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// secureDelete makes SQLite overwrite deleted and replaced content with
// zeros on the writer connection, so erased data does not linger in free
// space of the file.
func (s *Store) secureDelete(ctx context.Context) error {
	if s.reqs == nil {
		return model.Errorf(model.ESTORAGE, "数据库以只读方式打开", "the database is open read-only")
	}
	_, err := s.w.ExecContext(ctx, "PRAGMA secure_delete = ON")
	return storageErr(err)
}

// compact rebuilds the database file (VACUUM), so copies of erased rows
// that earlier writes left in unused parts of pages go too, then copies the
// WAL into the file and empties it, so erased bytes do not stay in the WAL.
// Readers still reading an older state hold the WAL back for a moment: it
// tries again for a few seconds.
func (s *Store) compact(ctx context.Context) error {
	if _, err := s.w.ExecContext(ctx, "VACUUM"); err != nil {
		return storageErr(err)
	}
	for try := 0; ; try++ {
		var busy, logPages, done int
		err := s.w.QueryRowContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &logPages, &done)
		if err != nil {
			return storageErr(err)
		}
		if busy == 0 {
			return nil
		}
		if try == 50 {
			return model.Errorf(model.ESTORAGE, "信息已删除，但日志文件暂未清空（正在导出？），稍后会自动清空",
				"the data is erased, but the log file could not be emptied yet (an export running?); it will be at the next erasure or restart")
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// Erasures lists every erasure recorded, oldest first, with the ids of
// the family's children and caregivers.
func (s *Store) Erasures(ctx context.Context) ([]model.Erasure, error) {
	return readErasures(ctx, s.r)
}

// Erasures lists every erasure recorded as of the snapshot.
func (v *Snapshot) Erasures() ([]model.Erasure, error) {
	return readErasures(v.ctx, v.tx)
}

func readErasures(ctx context.Context, q queryContext) ([]model.Erasure, error) {
	rows, err := q.QueryContext(ctx, `SELECT e.id, e.family_id, e.kind, e.at, e.who, e.consent_withdrawn,
		coalesce((SELECT group_concat(id) FROM (SELECT id FROM children WHERE family_id = e.family_id ORDER BY id)), ''),
		coalesce((SELECT group_concat(id) FROM (SELECT id FROM caregivers WHERE family_id = e.family_id ORDER BY id)), '')
		FROM family_erasures e ORDER BY e.at, e.id`)
	if err != nil {
		return nil, storageErr(err)
	}
	defer rows.Close()
	var out []model.Erasure
	for rows.Next() {
		var e model.Erasure
		var kind, at, kids, carers string
		if err := rows.Scan(&e.ID, &e.FamilyID, &kind, &at, &e.Who, &e.ConsentWithdrawn, &kids, &carers); err != nil {
			return nil, storageErr(err)
		}
		e.Kind, e.At = model.ErasureKind(kind), parseTime(at)
		e.ChildIDs, e.CaregiverIDs = splitIDs(kids), splitIDs(carers)
		out = append(out, e)
	}
	return out, storageErr(rows.Err())
}

func splitIDs(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}
