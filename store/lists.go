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

// unitQuota is a unit's quota for the year y.year: the latest set for
// that year or before (u is the unit).
const unitQuota = `coalesce((SELECT sessions FROM quotas WHERE unit_id = u.id AND year <= y.year ORDER BY year DESC LIMIT 1), 0)`

// quotaProgress gives each unit, in quota-table order, its quota for year
// (the latest set for that year or before) and the sessions it closed in
// that year, in one statement.
func quotaProgress(ctx context.Context, q queryContext, year int) ([]model.QuotaProgress, error) {
	return scanQuotaRows(q.QueryContext(ctx, `SELECT y.year, u.id, u.name, u.ord, `+unitQuota+`,
		(SELECT count(*) FROM sessions WHERE unit_id = u.id AND state = 'closed' AND voided = 0 AND date BETWEEN ?2 AND ?3)
		FROM (SELECT ?1 AS year) y, units u ORDER BY u.ord, u.name`, year, fmtYear(year)+"-01-01", fmtYear(year)+"-12-31"))
}

// quotaTargets gives, for every year from first to last, each unit in
// quota-table order with its quota for the year, Held left zero, in one
// statement.
func quotaTargets(ctx context.Context, q queryContext, first, last int) ([]model.QuotaProgress, error) {
	return scanQuotaRows(q.QueryContext(ctx, `WITH RECURSIVE y(year) AS (SELECT ?1 UNION ALL SELECT year + 1 FROM y WHERE year < ?2)
		SELECT y.year, u.id, u.name, u.ord, `+unitQuota+`, 0 FROM y, units u ORDER BY y.year, u.ord, u.name`, first, last))
}

// scanQuotaRows reads year, unit (ID, name, order), quota and held.
func scanQuotaRows(rows *sql.Rows, err error) ([]model.QuotaProgress, error) {
	if err != nil {
		return nil, storageErr(err)
	}
	defer rows.Close()
	var out []model.QuotaProgress
	for rows.Next() {
		var p model.QuotaProgress
		if err := rows.Scan(&p.Year, &p.Unit.ID, &p.Unit.Name, &p.Unit.Order, &p.Quota, &p.Held); err != nil {
			return nil, storageErr(err)
		}
		out = append(out, p)
	}
	return out, storageErr(rows.Err())
}
