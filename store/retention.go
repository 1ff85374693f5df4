package store

import (
	"context"
	"time"

	"carekiosk/model"
)

// RetentionWho is who the erasure records name for an anonymisation after
// the retention: the kiosk itself.
const RetentionWho = "系统（保存期满）"

// AnonymiseExpired anonymises, as an erasure does, every family whose last
// visit (its newest sign-in's session date, withdrawn ones too, else the
// day it was registered) lies more than the settings' retention in years
// before today, in the station's zone — but only once its records have
// been in an exported bundle (a whole bundle written after its newest
// sign-in), so the county has its counts first. Each is recorded as an
// erasure of kind retention and travels in the next bundle. It returns how
// many families it anonymised; nothing is done while the clock is not
// trusted.
func (s *Store) AnonymiseExpired(ctx context.Context) (int, error) {
	if err := s.CheckClock(ctx); err != nil {
		return 0, err
	}
	set, err := s.Settings(ctx)
	if err != nil {
		return 0, err
	}
	bundle, err := s.BundleState(ctx)
	if err != nil || bundle.Sequence == 0 {
		return 0, err
	}
	now := s.Now()
	cutoff := model.DateOf(now.In(set.Location()).AddDate(-set.Retention(), 0, 0))
	ids, err := s.expiredFamilies(ctx, cutoff, bundle.CreatedAt)
	if err != nil || len(ids) == 0 {
		return 0, err
	}
	if err := s.secureDelete(ctx); err != nil {
		return 0, err
	}
	err = s.write(ctx, func(tx *txn) error {
		for _, id := range ids {
			e := model.Erasure{ID: newID(), FamilyID: id, Kind: model.ErasureRetention, At: now, Who: RetentionWho}
			if err := eraseFamily(tx, e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	s.noteWritten(now)
	s.publish(model.Change{Kind: model.ChangeSession})
	return len(ids), s.compact(ctx)
}

// expiredFamilies lists the families not yet erased nor merged away whose
// last visit is before cutoff and whose newest sign-in was written before
// the last bundle.
func (s *Store) expiredFamilies(ctx context.Context, cutoff model.Date, bundled time.Time) ([]string, error) {
	rows, err := s.r.QueryContext(ctx, `WITH visits AS (
			SELECT si.family_id, se.date, si.signed_at FROM sign_ins si JOIN sessions se ON se.id = si.session_id
			UNION ALL SELECT w.family_id, se.date, w.signed_at FROM withdrawn_sign_ins w JOIN sessions se ON se.id = w.session_id)
		SELECT f.id FROM families f LEFT JOIN visits v ON v.family_id = f.id
		WHERE f.merged_into = '' AND f.id NOT IN (SELECT family_id FROM family_erasures)
		GROUP BY f.id
		HAVING coalesce(max(v.date), substr(f.created_at, 1, 10)) < ? AND coalesce(max(v.signed_at), f.created_at) < ?
		ORDER BY f.id`, cutoff.String(), fmtTime(bundled))
	if err != nil {
		return nil, storageErr(err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, storageErr(err)
		}
		ids = append(ids, id)
	}
	return ids, storageErr(rows.Err())
}
