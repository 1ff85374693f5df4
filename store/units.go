package store

import (
	"context"
	"strings"

	"carekiosk/model"
)

// Units lists the units in quota-table order.
func (s *Store) Units(ctx context.Context) ([]model.Unit, error) {
	return listUnits(ctx, s.r)
}

// CreateUnit adds a unit; names are unique.
func (s *Store) CreateUnit(ctx context.Context, name string, order int) (*model.Unit, error) {
	name = strings.TrimSpace(name)
	if err := model.CheckText("unit", name, 1, 40); err != nil {
		return nil, err
	}
	if err := s.CheckClock(ctx); err != nil {
		return nil, err
	}
	u := &model.Unit{ID: newID(), Name: name, Order: order}
	err := s.write(ctx, func(tx *txn) error {
		var n int
		if err := tx.QueryRow(`SELECT count(*) FROM units WHERE name = ?`, name).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return model.FieldErrorf("unit", "单位“%s”已存在", "unit %s already exists", name)
		}
		return insertUnit(tx, u)
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// insertUnit stores a new unit inside tx.
func insertUnit(tx *txn, u *model.Unit) error {
	_, err := tx.Exec(`INSERT INTO units (id, name, ord, created_at) VALUES (?,?,?,?)`, u.ID, u.Name, u.Order, fmtTime(tx.s.Now()))
	return err
}

// Stations lists the stations.
func (s *Store) Stations(ctx context.Context) ([]model.Station, error) {
	return listStations(ctx, s.r)
}

// CreateStation adds a station of a unit.
func (s *Store) CreateStation(ctx context.Context, name, unitID string) (*model.Station, error) {
	name = strings.TrimSpace(name)
	if err := model.CheckText("station", name, 1, 40); err != nil {
		return nil, err
	}
	x := &model.Station{ID: newID(), Name: name, UnitID: unitID}
	err := s.write(ctx, func(tx *txn) error { return insertStation(tx, x) })
	if err != nil {
		return nil, err
	}
	return x, nil
}

// insertStation stores a new station inside tx.
func insertStation(tx *txn, x *model.Station) error {
	_, err := tx.Exec(`INSERT INTO stations (id, name, unit_id, created_at) VALUES (?,?,?,?)`, x.ID, x.Name, x.UnitID, fmtTime(tx.s.Now()))
	return unitMissing(err)
}

// unitMissing turns a foreign-key failure on a unit into a message.
func unitMissing(err error) error {
	if err != nil && strings.Contains(err.Error(), "FOREIGN KEY") {
		return model.FieldErrorf("unit", "请选择单位", "choose a unit")
	}
	return err
}

// Instructors lists the instructors.
func (s *Store) Instructors(ctx context.Context) ([]model.Instructor, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, name, unit_id FROM instructors ORDER BY created_at`)
	if err != nil {
		return nil, storageErr(err)
	}
	defer rows.Close()
	var out []model.Instructor
	for rows.Next() {
		var x model.Instructor
		if err := rows.Scan(&x.ID, &x.Name, &x.UnitID); err != nil {
			return nil, storageErr(err)
		}
		out = append(out, x)
	}
	return out, storageErr(rows.Err())
}

// CreateInstructor adds an instructor of a unit.
func (s *Store) CreateInstructor(ctx context.Context, name, unitID string) (*model.Instructor, error) {
	name = strings.TrimSpace(name)
	if err := model.CheckName("instructor", name); err != nil {
		return nil, err
	}
	x := &model.Instructor{ID: newID(), Name: name, UnitID: unitID}
	err := s.write(ctx, func(tx *txn) error { return insertInstructor(tx, x) })
	if err != nil {
		return nil, err
	}
	return x, nil
}

// insertInstructor stores a new instructor inside tx.
func insertInstructor(tx *txn, x *model.Instructor) error {
	_, err := tx.Exec(`INSERT INTO instructors (id, name, unit_id, created_at) VALUES (?,?,?,?)`, x.ID, x.Name, x.UnitID, fmtTime(tx.s.Now()))
	return unitMissing(err)
}

// SetQuota sets a unit's quota of sessions for a year.
func (s *Store) SetQuota(ctx context.Context, q model.Quota) error {
	if err := q.Validate(); err != nil {
		return err
	}
	return s.write(ctx, func(tx *txn) error { return upsertQuota(tx, q) })
}

// upsertQuota sets a quota inside tx.
func upsertQuota(tx *txn, q model.Quota) error {
	_, err := tx.Exec(`INSERT INTO quotas (unit_id, year, sessions) VALUES (?,?,?) ON CONFLICT (unit_id, year) DO UPDATE SET sessions = excluded.sessions`, q.UnitID, q.Year, q.Sessions)
	return unitMissing(err)
}

// QuotaProgress lists every unit with its quota for year and the closed
// sessions it held that year. A unit with no quota set for year falls back to
// its latest earlier quota.
func (s *Store) QuotaProgress(ctx context.Context, year int) ([]model.QuotaProgress, error) {
	return quotaProgress(ctx, s.r, year)
}

func fmtYear(y int) string {
	return model.Date{Year: y, Month: 1, Day: 1}.String()[:4]
}
