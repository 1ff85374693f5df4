package countydb

import (
	"context"
	"database/sql"
	"errors"

	"carekiosk/model"
)

// correctionsBetween lists the corrections of the sessions dated from..to
// (inclusive; zero ends are open), by session id, oldest first: one query
// for a whole report instead of one per session.
func correctionsBetween(ctx context.Context, db querier, from, to model.Date) (map[string][]model.Correction, error) {
	// Corrections are few beside sessions: the join walks them and looks
	// each one's session up, instead of probing the corrections for every
	// session of the range.
	q := `SELECT c.id, c.session_id, c.who, c.at, c.field, c.old_value, c.new_value, c.reason, c.revision
		FROM corrections c CROSS JOIN sessions s ON s.id = c.session_id WHERE 1=1`
	var args []any
	if !from.IsZero() {
		q, args = q+` AND s.date >= ?`, append(args, from.String())
	}
	if !to.IsZero() {
		q, args = q+` AND s.date <= ?`, append(args, to.String())
	}
	rows, err := db.QueryContext(ctx, q+` ORDER BY c.session_id, c.revision, c.at`, args...)
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
