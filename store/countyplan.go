package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"carekiosk/model"
)

// Settings rows of the county's plan at a station.
const (
	planKey     = "plan"      // the plan as model.Plan JSON
	planFileKey = "plan.file" // the signed file as received
)

// Plan returns the county plan the station imported, nil when none.
func (s *Store) Plan(ctx context.Context) (*model.Plan, error) {
	return readPlan(ctx, s.r)
}

func readPlan(ctx context.Context, q queryRower) (*model.Plan, error) {
	var raw string
	err := q.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, planKey).Scan(&raw)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, storageErr(err)
	}
	var p model.Plan
	if err := json.Unmarshal([]byte(raw), &p); err != nil {
		return nil, model.Errorf(model.ESTORAGE, "县妇计中心计划已损坏：%v", "the county plan is damaged: %v", err)
	}
	return &p, nil
}

// PlanResult says what ApplyPlan did.
type PlanResult struct {
	// Replaced is true when an earlier plan was replaced.
	Replaced bool
	// Unchanged is true when the station already held this very plan:
	// nothing was written.
	Unchanged bool
	// UnitInPlan is true when the station's unit is one of the plan's; when
	// false the station must pick its unit from the plan's list.
	UnitInPlan bool
	// Year is the plan year whose bands the station now uses.
	Year int
}

// ApplyPlan takes a county plan whose signature the caller has checked, in
// one transaction: it pins the county's keys (a plan signed by another
// key is refused; only a higher serial replaces the plan held, and the
// plan held, given again, changes nothing: Unchanged), adds the
// plan's units (matched by name, new ones with the county's ids) with
// their quotas, and takes the county name and the age bands of year (the
// station's current year). raw is the signed file, kept as received.
func (s *Store) ApplyPlan(ctx context.Context, p *model.Plan, raw []byte, year int) (PlanResult, error) {
	var res PlanResult
	py, ok := p.Year(year)
	if !ok {
		return res, model.Errorf(model.EINVALID, "计划中没有任何年份", "the plan holds no year")
	}
	res.Year = py.Year
	body, err := json.Marshal(p)
	if err != nil {
		return res, err
	}
	err = s.write(ctx, func(tx *txn) error {
		old, err := readPlan(ctx, tx)
		if err != nil {
			return err
		}
		if old != nil {
			if old.SignKey != p.SignKey {
				return model.Errorf(model.ECONFLICT, "计划由另一个密钥签发，本站只接受原县妇计中心密钥签发的计划；未作改动", "the plan was signed by another key; this station accepts only plans signed by the county key it holds. Nothing was changed")
			}
			if p.Serial == old.Serial {
				return samePlanAgain(ctx, tx, p, py, raw, &res)
			}
			if p.Serial < old.Serial {
				return model.Errorf(model.ECONFLICT, "这份计划（第 %d 版）比本站已有的（第 %d 版）旧，未作改动", "this plan (issue %d) is older than the one this station holds (issue %d); nothing was changed", p.Serial, old.Serial)
			}
			res.Replaced = true
		}
		if err := keepPlanFirst(ctx, tx, old, s.Now()); err != nil {
			return err
		}
		if err := applyPlanUnits(tx, p, s.Now()); err != nil {
			return err
		}
		set, err := readSettings(ctx, tx)
		if err != nil {
			return err
		}
		set.County = p.County
		set.Bands = append([]model.AgeBand(nil), py.Bands...)
		res.UnitInPlan = unitInPlan(tx, set, py)
		sraw, err := json.Marshal(set)
		if err != nil {
			return err
		}
		for k, v := range map[string]string{settingsKey: string(sraw), planKey: string(body), planFileKey: string(raw)} {
			if _, err := tx.Exec(`INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, k, v); err != nil {
				return err
			}
		}
		return nil
	})
	return res, err
}

// unitInPlan reports whether the station's unit is one of the plan
// year's.
func unitInPlan(tx *txn, set model.Settings, py model.PlanYear) bool {
	if set.UnitID == "" {
		return false
	}
	var name string
	if err := tx.QueryRow(`SELECT name FROM units WHERE id = ?`, set.UnitID).Scan(&name); err != nil {
		return false
	}
	for _, u := range py.Units {
		if u.Name == name {
			return true
		}
	}
	return false
}

// samePlanAgain handles a plan whose issue number the station already
// holds: the same file changes nothing (res.Unchanged, no error); another
// file under that number (a county restored from a backup that issued it
// again) is refused, as the station cannot tell which one is right.
func samePlanAgain(ctx context.Context, tx *txn, p *model.Plan, py model.PlanYear, raw []byte, res *PlanResult) error {
	var held string
	err := tx.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, planFileKey).Scan(&held)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return storageErr(err)
	}
	if held != "" && held != string(raw) {
		return model.Errorf(model.ECONFLICT, "这份计划也是第 %d 版，但与本站已有的第 %d 版内容不同，未作改动；请县妇计中心重新写出计划（carekiosk county plan）", "this plan is also issue %d but differs from the issue %d this station holds; nothing was changed. Ask the county to write the plan again (carekiosk county plan)", p.Serial, p.Serial)
	}
	set, err := readSettings(ctx, tx)
	if err != nil {
		return err
	}
	res.Unchanged, res.UnitInPlan = true, unitInPlan(tx, set, py)
	return nil
}

// applyPlanUnits adds or reorders the plan's units and sets their quotas.
func applyPlanUnits(tx *txn, p *model.Plan, now time.Time) error {
	created := fmtTime(now)
	for _, py := range p.Years {
		for _, u := range py.Units {
			var id string
			err := tx.QueryRow(`SELECT id FROM units WHERE name = ?`, u.Name).Scan(&id)
			switch {
			case errors.Is(err, sql.ErrNoRows):
				id = u.ID
				_, err = tx.Exec(`INSERT INTO units (id, name, ord, created_at) VALUES (?,?,?,?)`, id, u.Name, u.Order, created)
			case err == nil:
				_, err = tx.Exec(`UPDATE units SET ord = ? WHERE id = ?`, u.Order, id)
			}
			if err != nil {
				return err
			}
			if _, err := tx.Exec(`INSERT INTO quotas (unit_id, year, sessions) VALUES (?,?,?)
				ON CONFLICT (unit_id, year) DO UPDATE SET sessions = excluded.sessions`, id, py.Year, u.Quota); err != nil {
				return err
			}
		}
	}
	return nil
}

// ReportStatus says where the station stands with its monthly report on
// day today: not owed yet (last month is before the month the station
// first imported the plan), due by the plan's day of this month, sent (a
// bundle written since the month began) or overdue. ok is false without a
// plan.
func (s *Store) ReportStatus(ctx context.Context, today model.Date) (st model.ReportStatus, ok bool, err error) {
	p, err := s.Plan(ctx)
	if err != nil || p == nil {
		return st, false, err
	}
	py, found := p.Year(today.Year)
	if !found {
		return st, false, nil
	}
	b, err := s.BundleState(ctx)
	if err != nil {
		return st, false, err
	}
	set, err := s.Settings(ctx)
	if err != nil {
		return st, false, err
	}
	var last model.Date
	if !b.CreatedAt.IsZero() {
		last = model.DateOf(b.CreatedAt.In(set.Location()))
	}
	first, err := planFirstImported(ctx, s.r, p)
	if err != nil {
		return st, false, err
	}
	return model.ReportStatusAt(today, py.DueDay, last, model.ReportStart(first, set.Location())), true, nil
}
