package countydb

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"carekiosk/county"
	"carekiosk/model"
)

// CorrectionsBetween lists the corrections of the sessions dated from..to
// (inclusive; zero ends are open), by session id, oldest first: one query
// for a whole report instead of one per session.
func (d *DB) CorrectionsBetween(ctx context.Context, from, to model.Date) (map[string][]model.Correction, error) {
	q := `SELECT c.id, c.session_id, c.who, c.at, c.field, c.old_value, c.new_value, c.reason, c.revision
		FROM corrections c JOIN sessions s ON s.id = c.session_id WHERE 1=1`
	var args []any
	if !from.IsZero() {
		q, args = q+` AND s.date >= ?`, append(args, from.String())
	}
	if !to.IsZero() {
		q, args = q+` AND s.date <= ?`, append(args, to.String())
	}
	rows, err := d.r.QueryContext(ctx, q+` ORDER BY c.session_id, c.revision, c.at`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]model.Correction{}
	for rows.Next() {
		var c model.Correction
		var at string
		if err := rows.Scan(&c.ID, &c.SessionID, &c.Who, &at, &c.Field, &c.OldValue, &c.NewValue, &c.Reason, &c.Revision); err != nil {
			return nil, err
		}
		c.At = parseTime(at)
		out[c.SessionID] = append(out[c.SessionID], c)
	}
	return out, rows.Err()
}

// Signature returns the drawn signature (PNG) of a sign-in, nil when it
// was a typed name, or an ENOTFOUND error.
func (d *DB) Signature(ctx context.Context, signInID string) ([]byte, error) {
	var b []byte
	err := d.r.QueryRowContext(ctx, `SELECT signature_png FROM sign_ins WHERE id = ?`, signInID).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, model.Errorf(model.ENOTFOUND, "找不到签名", "signature not found")
	}
	return b, err
}

// StatisticsRows calls fn for each session dated from..to (zero ends are
// open) in the order of the county's statistics table — by unit (序号),
// then date — with only what the table shows filled: id, unit, date,
// station, title, content areas, band, state and counts. Session(id)
// gives one whole.
func (d *DB) StatisticsRows(ctx context.Context, from, to model.Date, fn func(county.Session) error) error {
	q := `SELECT s.id, s.unit_id, u.name, s.date, s.station_name, s.band_min, s.band_max, s.title, s.areas, s.state,
		s.signin_count, s.family_count FROM sessions s JOIN units u ON u.id = s.unit_id WHERE 1=1`
	var args []any
	if !from.IsZero() {
		q, args = q+` AND s.date >= ?`, append(args, from.String())
	}
	if !to.IsZero() {
		q, args = q+` AND s.date <= ?`, append(args, to.String())
	}
	rows, err := d.r.QueryContext(ctx, q+` ORDER BY u.ord, u.name, s.date, s.created_at`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var s county.Session
		var date, areas, state string
		if err := rows.Scan(&s.ID, &s.UnitID, &s.Unit, &date, &s.Station, &s.Band.Min, &s.Band.Max, &s.Title, &areas, &state,
			&s.SignIns, &s.Families); err != nil {
			return err
		}
		s.Date, _ = model.ParseDate(date)
		for a := range strings.SplitSeq(areas, ",") {
			if a != "" {
				s.Areas = append(s.Areas, model.ContentArea(a))
			}
		}
		s.State = model.SessionState(state)
		if err := fn(s); err != nil {
			return err
		}
	}
	return rows.Err()
}

// StatisticsSpan counts the sessions dated from..to (zero ends are open)
// and the units they belong to, for the statistics table's heading.
func (d *DB) StatisticsSpan(ctx context.Context, from, to model.Date) (sessions, units int, err error) {
	q := `SELECT count(*), count(DISTINCT unit_id) FROM sessions WHERE 1=1`
	var args []any
	if !from.IsZero() {
		q, args = q+` AND date >= ?`, append(args, from.String())
	}
	if !to.IsZero() {
		q, args = q+` AND date <= ?`, append(args, to.String())
	}
	err = d.r.QueryRowContext(ctx, q, args...).Scan(&sessions, &units)
	return sessions, units, err
}
