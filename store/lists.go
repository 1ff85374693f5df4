package store

import (
	"context"
	"database/sql"

	"carekiosk/model"
)

// queryContext is what the read pool and a snapshot's transaction share, so
// one listing serves both.
type queryContext interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// listUnits lists the units in quota-table order.
func listUnits(ctx context.Context, q queryContext) ([]model.Unit, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, name, ord FROM units ORDER BY ord, name`)
	if err != nil {
		return nil, storageErr(err)
	}
	defer rows.Close()
	var out []model.Unit
	for rows.Next() {
		var u model.Unit
		if err := rows.Scan(&u.ID, &u.Name, &u.Order); err != nil {
			return nil, storageErr(err)
		}
		out = append(out, u)
	}
	return out, storageErr(rows.Err())
}

// listStations lists the stations in the order they were made.
func listStations(ctx context.Context, q queryContext) ([]model.Station, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, name, unit_id FROM stations ORDER BY created_at`)
	if err != nil {
		return nil, storageErr(err)
	}
	defer rows.Close()
	var out []model.Station
	for rows.Next() {
		var x model.Station
		if err := rows.Scan(&x.ID, &x.Name, &x.UnitID); err != nil {
			return nil, storageErr(err)
		}
		out = append(out, x)
	}
	return out, storageErr(rows.Err())
}

// correctionCols are the columns scanCorrections reads, in order.
const correctionCols = `c.id, c.session_id, c.who, c.at, c.field, c.old_value, c.new_value, c.reason, c.revision`

// scanCorrections reads corrections selected with correctionCols.
func scanCorrections(rows *sql.Rows, err error) ([]model.Correction, error) {
	if err != nil {
		return nil, storageErr(err)
	}
	defer rows.Close()
	var out []model.Correction
	for rows.Next() {
		var c model.Correction
		var at string
		if err := rows.Scan(&c.ID, &c.SessionID, &c.Who, &at, &c.Field, &c.OldValue, &c.NewValue, &c.Reason, &c.Revision); err != nil {
			return nil, storageErr(err)
		}
		c.At = parseTime(at)
		out = append(out, c)
	}
	return out, storageErr(rows.Err())
}
