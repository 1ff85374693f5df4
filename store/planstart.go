package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"carekiosk/model"
)

// planFirstKey is the settings row holding when the station first imported
// the county's plan (UTC): its monthly reports are owed from that month.
// A settings row, not a column, so no migration is needed.
const planFirstKey = "plan.first"

// PlanFirstImported returns when the station first imported the county's
// plan; zero without a plan. A station that imported its plan before this
// time was kept has it worked out (planStartDerived).
func (s *Store) PlanFirstImported(ctx context.Context) (time.Time, error) {
	p, err := s.Plan(ctx)
	if err != nil || p == nil {
		return time.Time{}, err
	}
	return planFirstImported(ctx, s.r, p)
}

func planFirstImported(ctx context.Context, q queryRower, p *model.Plan) (time.Time, error) {
	var raw string
	err := q.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, planFirstKey).Scan(&raw)
	switch {
	case err == nil && raw != "":
		return parseTime(raw), nil
	case err != nil && !errors.Is(err, sql.ErrNoRows):
		return time.Time{}, storageErr(err)
	}
	return planStartDerived(ctx, q, p)
}

// planStartDerived works out the first import of a plan imported before
// its time was kept: the plan's import added the units the station did
// not have under the county's own ids, so the earliest of those units'
// creation is the import. When the station had every unit already, the
// plan's issue time stands in (it is no later than the import).
func planStartDerived(ctx context.Context, q queryRower, p *model.Plan) (time.Time, error) {
	ids := []string{}
	for _, py := range p.Years {
		for _, u := range py.Units {
			ids = append(ids, u.ID)
		}
	}
	raw, err := json.Marshal(ids)
	if err != nil {
		return time.Time{}, err
	}
	var first sql.NullString
	err = q.QueryRowContext(ctx, `SELECT MIN(created_at) FROM units WHERE id IN (SELECT value FROM json_each(?))`, string(raw)).Scan(&first)
	if err != nil {
		return time.Time{}, storageErr(err)
	}
	if first.Valid && first.String != "" {
		return parseTime(first.String), nil
	}
	return p.IssuedAt, nil
}

// keepPlanFirst stores, inside ApplyPlan's transaction and before the
// plan's units are added, when the station first imported a plan: now for
// its first plan, or the worked-out time when the plan it held came before
// the time was kept. A later plan leaves it as it is.
func keepPlanFirst(ctx context.Context, tx *txn, old *model.Plan, now time.Time) error {
	first := now
	if old != nil {
		var err error
		if first, err = planFirstImported(ctx, tx, old); err != nil {
			return err
		}
	}
	_, err := tx.Exec(`INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING`, planFirstKey, fmtTime(first))
	return err
}
