package countydb

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"carekiosk/county"
	"carekiosk/model"
)

// Stations lists the registered stations with their units, in 序号 order.
func (d *DB) Stations(ctx context.Context) ([]county.Station, error) {
	return d.stations(ctx, "", nil)
}

// StationByKey returns the station registered with the public key
// (carekiosk-ed25519:BASE64), or an ENOTFOUND error.
func (d *DB) StationByKey(ctx context.Context, key string) (*county.Station, error) {
	out, err := d.stations(ctx, "WHERE s.public_key = ?", []any{key})
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, model.Errorf(model.ENOTFOUND, "站点未登记", "the station is not registered")
	}
	return &out[0], nil
}

func (d *DB) stations(ctx context.Context, where string, args []any) ([]county.Station, error) {
	st, err := d.readStmt(ctx, `SELECT s.id, s.public_key, s.fingerprint, s.unit_id, u.name, s.station_id, s.name, s.registered_at
		FROM stations s JOIN units u ON u.id = s.unit_id `+where+` ORDER BY u.ord, s.registered_at`)
	if err != nil {
		return nil, err
	}
	rows, err := st.QueryContext(ctx, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []county.Station
	for rows.Next() {
		var s county.Station
		var reg string
		if err := rows.Scan(&s.ID, &s.PublicKey, &s.Fingerprint, &s.UnitID, &s.Unit, &s.StationID, &s.Name, &reg); err != nil {
			return nil, err
		}
		s.RegisteredAt = parseTime(reg)
		out = append(out, s)
	}
	return out, rows.Err()
}

// Receipts lists every bundle received, by unit, station and number.
// station, when not "", keeps one station's (Station.ID).
func (d *DB) Receipts(ctx context.Context, station string) ([]county.Receipt, error) {
	return receipts(ctx, d.r, station)
}

func receipts(ctx context.Context, q querier, station string) ([]county.Receipt, error) {
	rows, err := q.QueryContext(ctx, `SELECT r.id, r.station, u.name, u.id, r.sequence, r.sha256, r.previous_sha256, r.created_at, r.received_at,
		r.range_from, r.range_to, r.file_name, r.sealed, r.replaced, r.new_records, r.changed_records, r.unchanged_records
		FROM receipts r JOIN stations s ON s.id = r.station JOIN units u ON u.id = s.unit_id
		WHERE ?1 = '' OR r.station = ?1 ORDER BY u.ord, r.station, r.sequence, r.received_at`, station)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []county.Receipt
	for rows.Next() {
		var r county.Receipt
		var created, received string
		if err := rows.Scan(&r.ID, &r.Station, &r.Unit, &r.UnitID, &r.Sequence, &r.SHA256, &r.PreviousSHA256, &created, &received,
			&r.From, &r.To, &r.FileName, &r.Sealed, &r.Replaced, &r.Counts.New, &r.Counts.Changed, &r.Counts.Unchanged); err != nil {
			return nil, err
		}
		r.CreatedAt, r.ReceivedAt = parseTime(created), parseTime(received)
		out = append(out, r)
	}
	return out, rows.Err()
}

// Gaps lists, per station, the bundle numbers below its highest received
// that never arrived, each marked covered when a later bundle over all
// dates (cumulative) arrived.
func (d *DB) Gaps(ctx context.Context) ([]county.Gap, error) { return d.gaps(ctx, "") }

// gaps is Gaps of one station (Station.ID), or of all when station is "".
func (d *DB) gaps(ctx context.Context, station string) ([]county.Gap, error) {
	rs, err := d.Receipts(ctx, station)
	if err != nil {
		return nil, err
	}
	return gapsOf(rs), nil
}

// gapsOf finds the gaps among the receipts rs (in the order receipts
// reads them).
func gapsOf(rs []county.Receipt) []county.Gap {
	type seen struct {
		unit string
		have map[int]bool
		max  int
		full []int // numbers of bundles over all dates
	}
	by := map[string]*seen{}
	var order []string
	for _, r := range rs {
		s := by[r.Station]
		if s == nil {
			s = &seen{unit: r.Unit, have: map[int]bool{}}
			by[r.Station] = s
			order = append(order, r.Station)
		}
		s.have[r.Sequence] = true
		s.max = max(s.max, r.Sequence)
		if r.From == "" && r.To == "" {
			s.full = append(s.full, r.Sequence)
		}
	}
	var out []county.Gap
	for _, st := range order {
		s := by[st]
		for n := 1; n < s.max; n++ {
			if s.have[n] {
				continue
			}
			g := county.Gap{Station: st, Unit: s.unit, Sequence: n}
			for _, f := range s.full {
				g.Covered = g.Covered || f > n
			}
			out = append(out, g)
		}
	}
	return out
}

const sessionCols = `s.id, s.station, s.unit_id, u.name, s.revision, s.sequence, s.date, s.station_name, s.band_min, s.band_max, s.title, s.instructor,
	s.areas, s.state, s.sum_handover, s.sum_cooperation, s.sum_incidents, s.sum_other, s.created_at, s.opened_at, s.closed_at,
	s.signin_count, s.family_count, st.station_id, s.voided, s.origin`

func scanSession(rows interface{ Scan(...any) error }) (county.Session, error) {
	var s county.Session
	var date, areas, state, created, opened, closed string
	err := rows.Scan(&s.ID, &s.CountyStation, &s.UnitID, &s.Unit, &s.Revision, &s.Sequence, &date, &s.Station, &s.Band.Min, &s.Band.Max,
		&s.Title, &s.Instructor, &areas, &state, &s.Summary.Handover, &s.Summary.Cooperation, &s.Summary.Incidents, &s.Summary.Other,
		&created, &opened, &closed, &s.SignIns, &s.Families, &s.StationID, &s.Voided, &s.Origin)
	if err != nil {
		return s, err
	}
	s.Date, _ = model.ParseDate(date)
	for _, a := range strings.Split(areas, ",") {
		if a != "" {
			s.Areas = append(s.Areas, model.ContentArea(a))
		}
	}
	s.State = model.SessionState(state)
	s.CreatedAt, s.OpenedAt, s.ClosedAt = parseTime(created), parseTime(opened), parseTime(closed)
	return s, nil
}

// Sessions lists the sessions the county holds, by date then unit, each
// with its unit (the one its station is registered to) and its counts.
// Segments are not filled; Session(id) gives one whole.
func (d *DB) Sessions(ctx context.Context, f county.SessionFilter) ([]county.Session, error) {
	q := `SELECT ` + sessionCols + ` FROM sessions s JOIN units u ON u.id = s.unit_id JOIN stations st ON st.id = s.station WHERE 1=1`
	var args []any
	if !f.From.IsZero() {
		q += ` AND s.date >= ?`
		args = append(args, f.From.String())
	}
	if !f.To.IsZero() {
		q += ` AND s.date <= ?`
		args = append(args, f.To.String())
	}
	if f.UnitID != "" {
		q += ` AND s.unit_id = ?`
		args = append(args, f.UnitID)
	}
	if f.Closed {
		q += ` AND s.state = 'closed'`
	}
	rows, err := d.r.QueryContext(ctx, q+` ORDER BY s.date, u.ord, s.created_at`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []county.Session
	for rows.Next() {
		s, err := scanSession(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// Session returns one session with its segments.
func (d *DB) Session(ctx context.Context, id string) (*county.Session, error) {
	row := d.r.QueryRowContext(ctx, `SELECT `+sessionCols+` FROM sessions s JOIN units u ON u.id = s.unit_id JOIN stations st ON st.id = s.station WHERE s.id = ?`, id)
	s, err := scanSession(row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, model.Errorf(model.ENOTFOUND, "找不到活动（%s）", "session not found (%s)", id)
	}
	if err != nil {
		return nil, err
	}
	rows, err := d.r.QueryContext(ctx, `SELECT kind, planned, planned_minutes, notes, started_at, ended_at FROM segments WHERE session_id = ? ORDER BY kind`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var k int
		var seg model.Segment
		var started, ended string
		if err := rows.Scan(&k, &seg.Planned, &seg.PlannedMinutes, &seg.Notes, &started, &ended); err != nil {
			return nil, err
		}
		seg.Kind = model.SegmentKind(k)
		seg.StartedAt, seg.EndedAt = parseTime(started), parseTime(ended)
		if k >= 0 && k < len(s.Segments) {
			s.Segments[k] = seg
		}
	}
	return &s, rows.Err()
}

// SignIns lists a session's sign-ins by 序号, with their signatures.
func (d *DB) SignIns(ctx context.Context, sessionID string) ([]model.SignIn, error) {
	rows, err := d.r.QueryContext(ctx, `SELECT id, session_id, seq, child_id, child_name, family_id, caregiver_id, caregiver, phone, relation,
		age_months, method, signed_name, signature_png, consent_version, signed_at, outside_band FROM sign_ins WHERE session_id = ? ORDER BY seq`, sessionID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.SignIn
	for rows.Next() {
		var si model.SignIn
		var rel, method, signed string
		if err := rows.Scan(&si.ID, &si.SessionID, &si.Seq, &si.ChildID, &si.ChildName, &si.FamilyID, &si.CaregiverID, &si.Caregiver, &si.Phone, &rel,
			&si.AgeMonths, &method, &si.SignedName, &si.SignaturePNG, &si.ConsentVersion, &signed, &si.OutsideBand); err != nil {
			return nil, err
		}
		si.Relation, si.Method, si.SignedAt = model.Relation(rel), model.SignInMethod(method), parseTime(signed)
		out = append(out, si)
	}
	return out, rows.Err()
}

// Corrections lists a session's corrections, oldest first.
func (d *DB) Corrections(ctx context.Context, sessionID string) ([]model.Correction, error) {
	rows, err := d.r.QueryContext(ctx, `SELECT id, session_id, who, at, field, old_value, new_value, reason, revision FROM corrections
		WHERE session_id = ? ORDER BY revision, at`, sessionID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.Correction
	for rows.Next() {
		var c model.Correction
		var at string
		if err := rows.Scan(&c.ID, &c.SessionID, &c.Who, &at, &c.Field, &c.OldValue, &c.NewValue, &c.Reason, &c.Revision); err != nil {
			return nil, err
		}
		c.At = parseTime(at)
		out = append(out, c)
	}
	return out, rows.Err()
}

// Withdrawn lists the sign-ins of a session that a later bundle no longer
// carried (withdrawn at the station).
func (d *DB) Withdrawn(ctx context.Context, sessionID string) ([]county.Withdrawn, error) {
	rows, err := d.r.QueryContext(ctx, `SELECT id, session_id, seq, child_name, relation, age_months, signed_at, noticed_in, noticed_at
		FROM withdrawn_sign_ins WHERE session_id = ? ORDER BY seq`, sessionID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []county.Withdrawn
	for rows.Next() {
		var w county.Withdrawn
		var rel, signed, noticed string
		if err := rows.Scan(&w.ID, &w.SessionID, &w.Seq, &w.ChildName, &rel, &w.AgeMonths, &signed, &w.NoticedIn, &noticed); err != nil {
			return nil, err
		}
		w.Relation, w.SignedAt, w.NoticedAt = model.Relation(rel), parseTime(signed), parseTime(noticed)
		out = append(out, w)
	}
	return out, rows.Err()
}
