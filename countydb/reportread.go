package countydb

import (
	"cmp"
	"context"
	"database/sql"
	"slices"
	"strconv"
	"strings"

	"carekiosk/county"
	"carekiosk/export"
	"carekiosk/model"
)

// querier is a read pool or one read transaction.
type querier interface {
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
}

// ReportRecords reads, in one read transaction (one snapshot of the
// file), what the county's report shows of its records for from..to (both
// set): the units, the bundles received, the sessions of the range in the
// order of the statistics table with their corrections, and each unit's
// closed sessions per year of the range (see county.ReportRecords).
func (d *DB) ReportRecords(ctx context.Context, from, to model.Date) (*county.ReportRecords, error) {
	tx, err := d.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	out := &county.ReportRecords{}
	if out.Units, err = units(ctx, tx); err != nil {
		return nil, err
	}
	if out.Receipts, err = receipts(ctx, tx, ""); err != nil {
		return nil, err
	}
	corr, err := correctionsBetween(ctx, tx, from, to)
	if err != nil {
		return nil, err
	}
	if err := reportSessions(ctx, tx, from, to, corr, out); err != nil {
		return nil, err
	}
	if err := reportHistory(ctx, tx, from, to, out); err != nil {
		return nil, err
	}
	return out, tx.Commit()
}

// reportRow is a session as reportSessions reads it: small, to be sorted
// before the report's sessions are made once, in their place.
type reportRow struct {
	unit                            int
	date, created                   string
	id, station, title, areas       string
	origin                          string // "" for a session held on the kiosk
	state                           model.SessionState
	bandMin, bandMax, signIns, fams int
}

// reportSessions reads the sessions (voided ones left out) of the whole
// years from.Year..to.Year in one pass, only the columns the report
// shows: those dated from..to become out.Sessions, sorted as the
// statistics table lists them (by unit 序号 and name, then date, then
// creation, then id), and every closed one counts in out.Held. The quota's figure
// is thus the board's (QuotaProgress) without a second pass.
func reportSessions(ctx context.Context, q querier, from, to model.Date, corr map[string][]model.Correction, out *county.ReportRecords) error {
	got, err := reportRows(ctx, q, from, to, out)
	if err != nil {
		return err
	}
	// Units come in 序号 then name order, so a unit's index sorts as its
	// (序号, name) does; the rows are sorted through their indexes, and
	// rows equal in all three by their ids, as sessions_report orders
	// them for ReportStream.
	idx := make([]int, len(got))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(i, j int) int {
		a, b := &got[i], &got[j]
		return cmp.Or(cmp.Compare(a.unit, b.unit), strings.Compare(a.date, b.date), strings.Compare(a.created, b.created), strings.Compare(a.id, b.id))
	})
	out.Sessions = make([]export.CountySession, len(got))
	for i, j := range idx {
		r := &got[j]
		r.fill(&out.Sessions[i], out.Units[r.unit], corr)
	}
	return nil
}

// fill makes s the report's session of row r, of unit u.
func (r *reportRow) fill(s *export.CountySession, u model.Unit, corr map[string][]model.Correction) {
	s.Unit, s.SignIns, s.Families, s.Corrections = u.Name, r.signIns, r.fams, corr[r.id]
	x := &s.Session
	x.ID, x.UnitID, x.Unit, x.Station, x.Title, x.State = r.id, u.ID, u.Name, r.station, r.title, r.state
	x.Band.Min, x.Band.Max = r.bandMin, r.bandMax
	x.Date, _ = model.ParseDate(r.date)
	if r.origin != "" { // its mark says when it was entered
		x.Origin, x.CreatedAt = r.origin, parseTime(r.created)
	}
	if r.areas != "" {
		x.Areas = make([]model.ContentArea, 0, strings.Count(r.areas, ",")+1)
	}
	for a := range strings.SplitSeq(r.areas, ",") {
		if a != "" {
			x.Areas = append(x.Areas, model.ContentArea(a))
		}
	}
}

// reportColumns are the columns of sessions a reportRow is read from
// (scanReportRow).
const reportColumns = `id, unit_id, date, station_name, band_min, band_max, title, areas, state,
		signin_count, family_count, created_at, origin`

// scanReportRow reads the current row of rows (reportColumns) into r,
// returning its unit's id, and counts it in held (year → unit id) when
// it is closed.
func scanReportRow(rows *sql.Rows, r *reportRow, held map[int]map[string]int) (string, error) {
	var unitID, state string
	// The whole numbers are taken as the driver gives them (int64):
	// database/sql would write each one out and parse it back for an int.
	var ints [4]any
	if err := rows.Scan(&r.id, &unitID, &r.date, &r.station, &ints[0], &ints[1], &r.title, &r.areas, &state,
		&ints[2], &ints[3], &r.created, &r.origin); err != nil {
		return "", err
	}
	if err := wholeNumbers(ints[:], &r.bandMin, &r.bandMax, &r.signIns, &r.fams); err != nil {
		return "", err
	}
	r.state = model.SessionState(state)
	if r.state == model.StateClosed {
		y, _ := strconv.Atoi(r.date[:min(4, len(r.date))])
		countHeld(held, y, unitID)
	}
	return unitID, nil
}

// reportRows reads the rows of reportSessions in the table's order,
// counting the closed ones in out.Held, and keeps those dated from..to.
func reportRows(ctx context.Context, q querier, from, to model.Date, out *county.ReportRecords) ([]reportRow, error) {
	unit := make(map[string]int, len(out.Units))
	for i, u := range out.Units {
		unit[u.ID] = i
	}
	first, last := strconv.Itoa(from.Year)+"-01-01", strconv.Itoa(to.Year)+"-12-31"
	table, n, err := sessionsSource(ctx, q, first, last)
	if err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, `SELECT `+reportColumns+` FROM `+table+` WHERE date >= ? AND date <= ? AND voided = 0`, first, last)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	got := make([]reportRow, 0, n)
	out.Held = map[int]map[string]int{}
	lo, hi := from.String(), to.String()
	for rows.Next() {
		var r reportRow
		unitID, err := scanReportRow(rows, &r, out.Held)
		if err != nil {
			return nil, err
		}
		if r.date < lo || r.date > hi {
			continue
		}
		u, ok := unit[unitID]
		if !ok {
			return nil, model.Errorf(model.ESTORAGE, "活动 %s 的单位不在数据库中", "the unit of session %s is not in the database", r.id)
		}
		r.unit = u
		got = append(got, r)
	}
	return got, rows.Err()
}

// countHeld counts one held session of unit in year (out.Held: the
// quota's figure, station sessions and uncovered paper rows alike).
func countHeld(held map[int]map[string]int, year int, unit string) {
	if held[year] == nil {
		held[year] = map[string]int{}
	}
	held[year][unit]++
}

// wholeNumbers stores the INTEGER columns vs (int64 from the driver) in
// dst, one for one.
func wholeNumbers(vs []any, dst ...*int) error {
	for i, v := range vs {
		n, ok := v.(int64)
		if !ok {
			return model.Errorf(model.ESTORAGE, "数据库中的数值无法读取：%v", "a number in the database cannot be read: %v", v)
		}
		*dst[i] = int(n)
	}
	return nil
}

// reportHistory adds the history sessions of the whole years
// from.Year..to.Year that no station's record covers: each counts in
// out.Held, and those dated from..to join out.Sessions as closed sessions
// marked as from paper, after the stations' sessions of their unit and
// day.
func reportHistory(ctx context.Context, q querier, from, to model.Date, out *county.ReportRecords) error {
	hs, err := historySessions(ctx, q, model.Date{Year: from.Year, Month: 1, Day: 1}, model.Date{Year: to.Year, Month: 12, Day: 31}, "")
	if err != nil || len(hs) == 0 {
		return err
	}
	unit := make(map[string]int, len(out.Units))
	for i, u := range out.Units {
		unit[u.Name] = i
	}
	added := false
	for _, h := range hs {
		if h.Covered {
			continue
		}
		countHeld(out.Held, h.Date.Year, h.UnitID)
		if h.Date.Before(from) || h.Date.After(to) {
			continue
		}
		cs := historySession(h)
		out.Sessions = append(out.Sessions, cs)
		added = true
	}
	if added {
		slices.SortStableFunc(out.Sessions, func(a, b export.CountySession) int {
			return cmp.Or(cmp.Compare(unit[a.Unit], unit[b.Unit]), a.Session.Date.Compare(b.Session.Date))
		})
	}
	return nil
}

// historySession is the report's session of a history session: closed,
// marked as from paper.
func historySession(h county.HistorySession) export.CountySession {
	src := h.Source
	cs := export.CountySession{Unit: h.Unit, Families: max(h.Families, 0), Paper: &src, PaperFamiliesUnknown: h.Families < 0}
	x := &cs.Session
	x.ID, x.UnitID, x.Unit, x.Date, x.Station, x.Title, x.Band = h.ID, h.UnitID, h.Unit, h.Date, h.Place, h.Title, h.Band
	x.State, x.Origin = model.StateClosed, model.OriginImported
	return cs
}

// sessionsSource is how reportSessions reads the sessions dated
// first..last, and how many rows the table holds: when they are all
// dated first..last, in one pass over the table (reading each row through
// the date index costs a look-up per row), else through the index, so a
// short range in a long history reads only its own rows (the count is
// then 0).
func sessionsSource(ctx context.Context, q querier, first, last string) (string, int, error) {
	rows, err := q.QueryContext(ctx, `SELECT (SELECT min(date) FROM sessions), (SELECT max(date) FROM sessions), (SELECT count(*) FROM sessions)`)
	if err != nil {
		return "", 0, err
	}
	defer rows.Close()
	var lo, hi sql.NullString
	var n int64
	if rows.Next() {
		if err := rows.Scan(&lo, &hi, &n); err != nil {
			return "", 0, err
		}
	}
	if err := rows.Err(); err != nil {
		return "", 0, err
	}
	if lo.String >= first && hi.String <= last {
		return "sessions NOT INDEXED", int(n), nil
	}
	return "sessions", 0, nil
}
