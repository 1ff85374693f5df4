package store

import (
	"context"

	"carekiosk/model"
)

// SessionFigures lists the unit's closed sessions dated from..to
// (inclusive), voided ones left out, by date, each with its families and
// its age distribution, for the charts.
func (s *Store) SessionFigures(ctx context.Context, unitID string, from, to model.Date) ([]model.SessionFigures, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+sessionCols+`, family_count FROM sessions
		WHERE unit_id = ? AND state = 'closed' AND voided = 0 AND date >= ? AND date <= ? ORDER BY date, created_at`,
		unitID, from.String(), to.String())
	if err != nil {
		return nil, storageErr(err)
	}
	var out []model.SessionFigures
	for rows.Next() {
		var f model.SessionFigures
		sess, err := scanSession(rowsWithExtra{rows, &f.Families})
		if err != nil {
			rows.Close()
			return nil, storageErr(err)
		}
		f.Session = *sess
		out = append(out, f)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, storageErr(err)
	}
	for i := range out {
		if out[i].Ages, err = s.ageCounts(ctx, out[i].Session.ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// rowsWithExtra scans a session row followed by extra columns.
type rowsWithExtra struct {
	r     rowScanner
	extra any
}

func (x rowsWithExtra) Scan(dest ...any) error { return x.r.Scan(append(dest, x.extra)...) }

// ageCounts is a session's age distribution from its sign-ins.
func (s *Store) ageCounts(ctx context.Context, sessionID string) ([]model.AgeCount, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT age_months, count(*) FROM sign_ins WHERE session_id = ? GROUP BY age_months ORDER BY age_months`, sessionID)
	if err != nil {
		return nil, storageErr(err)
	}
	defer rows.Close()
	var out []model.AgeCount
	for rows.Next() {
		var a model.AgeCount
		if err := rows.Scan(&a.AgeMonths, &a.Count); err != nil {
			return nil, storageErr(err)
		}
		out = append(out, a)
	}
	return out, storageErr(rows.Err())
}
