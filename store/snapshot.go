package store

import (
	"context"
	"database/sql"

	"carekiosk/model"
)

// Snapshot is a consistent read-only view of the database: every query made
// through it sees the same committed state, however long the caller takes
// and whatever the kiosk writes meanwhile. The exports read through one.
type Snapshot struct {
	ctx context.Context
	tx  *sql.Tx
}

// View runs fn inside one read-only transaction on the read pool (a plain
// BEGIN: SQLite's WAL keeps the state of the first read for the whole
// transaction). The live database file is never copied. fn must not keep
// the Snapshot after it returns.
func (s *Store) View(ctx context.Context, fn func(v *Snapshot) error) error {
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return storageErr(err)
	}
	defer tx.Rollback()
	return fn(&Snapshot{ctx: ctx, tx: tx})
}

// SessionRow is a session with what the statistics table counts.
type SessionRow struct {
	model.Session
	// SignIns counts the session's sign-ins (children); Families the
	// distinct families among them (参与家庭（组）).
	SignIns, Families int
}

// dateRange builds the WHERE clause on sessions for an inclusive range;
// zero ends are open.
func dateRange(col string, from, to model.Date) (string, []any) {
	where, args := "1=1", []any{}
	if !from.IsZero() {
		where, args = where+" AND "+col+" >= ?", append(args, from.String())
	}
	if !to.IsZero() {
		where, args = where+" AND "+col+" <= ?", append(args, to.String())
	}
	return where, args
}

// Settings returns the settings as of the snapshot.
func (v *Snapshot) Settings() (model.Settings, error) {
	return readSettings(v.ctx, v.tx)
}

// Units lists the units in quota-table order.
func (v *Snapshot) Units() ([]model.Unit, error) {
	return listUnits(v.ctx, v.tx)
}

// Stations lists the stations.
func (v *Snapshot) Stations() ([]model.Station, error) {
	return listStations(v.ctx, v.tx)
}

// QuotaProgress is Store.QuotaProgress as of the snapshot: every unit with
// its quota for year (or its latest earlier one) and the closed sessions it
// held that year.
func (v *Snapshot) QuotaProgress(year int) ([]model.QuotaProgress, error) {
	return quotaProgress(v.ctx, v.tx, year)
}

// QuotaTargets is QuotaProgress for every year from first to last, by
// year, without counting what was held (Held is zero): for a caller that
// counts the closed sessions itself, in a pass it makes over them anyway.
func (v *Snapshot) QuotaTargets(first, last int) ([]model.QuotaProgress, error) {
	return quotaTargets(v.ctx, v.tx, first, last)
}

// Sessions lists the sessions dated from..to (inclusive; zero ends are open)
// by date, with their sign-in and family counts, and with their segments
// when withSegments is set. Planned sessions are left out unless
// withPlanned is set.
func (v *Snapshot) Sessions(from, to model.Date, withPlanned, withSegments bool) ([]SessionRow, error) {
	where, args := dateRange("s.date", from, to)
	if !withPlanned {
		where += " AND s.state <> 'planned'"
	}
	// The counts are kept on the session row by triggers (migration 0002):
	// sign-ins × 10⁶ + families.
	rows, err := v.tx.QueryContext(v.ctx, `SELECT `+sessionCols+`, s.signin_count * 1000000 + s.family_count
		FROM sessions s WHERE `+where+` ORDER BY s.date, s.created_at`, args...)
	if err != nil {
		return nil, storageErr(err)
	}
	var out []SessionRow
	for rows.Next() {
		var r SessionRow
		var counts int
		sess, err := scanSession(countScanner{rows, &counts})
		if err != nil {
			rows.Close()
			return nil, storageErr(err)
		}
		r.Session = *sess
		r.SignIns, r.Families = counts/1000000, counts%1000000
		out = append(out, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, storageErr(err)
	}
	if withSegments && len(out) > 0 {
		if err := v.loadSegments(from, to, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// SessionSpan sums up the sessions of a date range before they are read.
type SessionSpan struct {
	// Count is the number of sessions; First and Last the earliest and
	// latest date among them (zero when there are none).
	Count       int
	First, Last model.Date
	// Units names the units the sessions belong to, in the order of each
	// unit's first session date (by name on the same day).
	Units []string
}

// Span sums up the sessions (planned and voided ones left out) dated
// from..to.
func (v *Snapshot) Span(from, to model.Date) (SessionSpan, error) {
	where, args := dateRange("date", from, to)
	where += " AND state <> 'planned' AND voided = 0"
	// One pass answers the usual case, a station's own unit only; the
	// units are listed in order only when there are several.
	var sp SessionSpan
	var first, last, lo, hi sql.NullString
	err := v.tx.QueryRowContext(v.ctx, `SELECT count(*), min(date), max(date), min(unit), max(unit) FROM sessions WHERE `+where, args...).
		Scan(&sp.Count, &first, &last, &lo, &hi)
	if err != nil {
		return SessionSpan{}, storageErr(err)
	}
	if sp.Count == 0 {
		return sp, nil
	}
	sp.First, sp.Last = parseDate(first.String), parseDate(last.String)
	if lo.String == hi.String {
		sp.Units = []string{lo.String}
		return sp, nil
	}
	rows, err := v.tx.QueryContext(v.ctx, `SELECT unit FROM sessions WHERE `+where+` GROUP BY unit ORDER BY min(date), unit`, args...)
	if err != nil {
		return SessionSpan{}, storageErr(err)
	}
	defer rows.Close()
	for rows.Next() {
		var u string
		if err := rows.Scan(&u); err != nil {
			return SessionSpan{}, storageErr(err)
		}
		sp.Units = append(sp.Units, u)
	}
	return sp, storageErr(rows.Err())
}

// RowDefaults names the station and the unit most sessions belong to (a
// station's own): EachStatisticsRow reads the text of those columns only
// for the sessions of another, which on the pure-Go driver costs about as
// much as reading a row's other columns together. Empty names read all.
type RowDefaults struct {
	Station, UnitID string
}

// EachStatisticsRow streams the sessions (planned and voided ones left out) dated
// from..to in date order with only what the statistics table says of them:
// ID, Date, Station, UnitID, Band, Title, Areas, State, Origin and the
// counts, and CreatedAt for a session that began on paper (the table
// dates its entry; a kiosk session's stays zero). The other fields stay
// zero; use Sessions for whole sessions. Reading a few columns, and
// parsing only what the table shows, keeps a long county history quick.
func (v *Snapshot) EachStatisticsRow(from, to model.Date, usual RowDefaults, fn func(SessionRow) error) error {
	where, args := dateRange("date", from, to)
	rows, err := v.tx.QueryContext(v.ctx, `SELECT id, date, NULLIF(station, ?), NULLIF(unit_id, ?), band_min, band_max, title, areas,
		NULLIF(state, 'closed'), signin_count, family_count, origin, CASE origin WHEN '' THEN '' ELSE created_at END
		FROM sessions WHERE `+where+` AND state <> 'planned' AND voided = 0 ORDER BY date, created_at`, append([]any{usual.Station, usual.UnitID}, args...)...)
	if err != nil {
		return storageErr(err)
	}
	defer rows.Close()
	// The columns are scanned into variables made once (a SessionRow
	// whose fields were scanned into would be allocated for every row),
	// the integers as they come (int64): database/sql would convert each
	// into an int through its text. The station, the unit and the state
	// come as NULL when they are the usual ones (a closed session's
	// state): no string is made for them.
	var id, date, title, areas, origin, created string
	var station, unitID, bandMin, bandMax, state, signIns, families any
	for rows.Next() {
		if err := rows.Scan(&id, &date, &station, &unitID, &bandMin, &bandMax, &title, &areas, &state, &signIns, &families, &origin, &created); err != nil {
			return storageErr(err)
		}
		var r SessionRow
		r.ID, r.Date, r.Title, r.Areas = id, parseDate(date), title, splitAreas(areas)
		r.Station, r.UnitID = orText(station, usual.Station), orText(unitID, usual.UnitID)
		r.Band = model.AgeBand{Min: asInt(bandMin), Max: asInt(bandMax)}
		r.State, r.Origin, r.CreatedAt = model.SessionState(orText(state, string(model.StateClosed))), origin, parseTime(created)
		r.SignIns, r.Families = asInt(signIns), asInt(families)
		if err := fn(r); err != nil {
			return err
		}
	}
	return storageErr(rows.Err())
}

// orText is a TEXT column scanned into an any, or usual when it is NULL.
func orText(v any, usual string) string {
	if s, ok := v.(string); ok {
		return s
	}
	return usual
}

// asInt is an INTEGER column scanned into an any (the driver gives int64).
func asInt(v any) int {
	n, _ := v.(int64)
	return int(n)
}

// loadSegments fills the segments of sessions (dated from..to) with one
// query for the whole range.
func (v *Snapshot) loadSegments(from, to model.Date, out []SessionRow) error {
	idx := make(map[string]int, len(out))
	for i := range out {
		idx[out[i].ID] = i
	}
	where, args := dateRange("s.date", from, to)
	rows, err := v.tx.QueryContext(v.ctx, `SELECT g.session_id, g.kind, g.planned, g.planned_minutes, g.notes, g.started_at, g.ended_at
		FROM segments g JOIN sessions s ON s.id = g.session_id WHERE `+where, args...)
	if err != nil {
		return storageErr(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, planned, notes, st, en string
		var k, mins int
		if err := rows.Scan(&id, &k, &planned, &mins, &notes, &st, &en); err != nil {
			return storageErr(err)
		}
		i, ok := idx[id]
		if !ok || k < 0 || k >= len(out[i].Segments) {
			continue
		}
		out[i].Segments[k] = model.Segment{Kind: model.SegmentKind(k), Planned: planned, PlannedMinutes: mins, Notes: notes, StartedAt: parseTime(st), EndedAt: parseTime(en)}
	}
	return storageErr(rows.Err())
}

// countScanner appends a count column to a session scan.
type countScanner struct {
	r rowScanner
	n *int
}

func (c countScanner) Scan(dest ...any) error { return c.r.Scan(append(dest, c.n)...) }

// EachSignIn streams a session's sign-ins by 序号, signatures included.
func (v *Snapshot) EachSignIn(sessionID string, fn func(model.SignIn) error) error {
	rows, err := v.tx.QueryContext(v.ctx, signInSelect+` WHERE si.session_id = ? ORDER BY si.seq`, sessionID)
	if err != nil {
		return storageErr(err)
	}
	return eachSignIn(rows, fn)
}

// EachSignInInRange streams the sign-ins of every session dated from..to
// (planned sessions have none), ordered by session date and 序号. When
// withSignatures is false SignaturePNG holds only the image's first eight
// bytes (enough to tell whether there is one), which saves reading the
// images.
func (v *Snapshot) EachSignInInRange(from, to model.Date, withSignatures bool, fn func(model.SignIn) error) error {
	where, args := dateRange("s.date", from, to)
	q := signInSelect
	if !withSignatures {
		q = replaceOnce(q, signatureExpr, "substr("+signatureExpr+", 1, 8)")
	}
	rows, err := v.tx.QueryContext(v.ctx, q+` JOIN sessions s ON s.id = si.session_id WHERE `+where+` ORDER BY s.date, s.created_at, si.seq`, args...)
	if err != nil {
		return storageErr(err)
	}
	return eachSignIn(rows, fn)
}

func replaceOnce(s, old, repl string) string {
	for i := 0; i+len(old) <= len(s); i++ {
		if s[i:i+len(old)] == old {
			return s[:i] + repl + s[i+len(old):]
		}
	}
	return s
}

func eachSignIn(rows *sql.Rows, fn func(model.SignIn) error) error {
	defer rows.Close()
	for rows.Next() {
		var si model.SignIn
		var rel, method, at string
		var outside bool
		if err := rows.Scan(&si.ID, &si.SessionID, &si.Seq, &si.ChildID, &si.ChildName, &si.FamilyID, &si.CaregiverID, &si.Caregiver, &si.Phone,
			&rel, &si.AgeMonths, &method, &si.SignaturePNG, &si.SignedName, &si.ConsentVersion, &at, &outside, &si.ByInstructor); err != nil {
			return storageErr(err)
		}
		si.Relation, si.Method, si.SignedAt, si.OutsideBand = model.Relation(rel), model.SignInMethod(method), parseTime(at), outside
		if err := fn(si); err != nil {
			return err
		}
	}
	return storageErr(rows.Err())
}

// Corrections lists the corrections of sessions dated from..to, by session
// date and revision.
func (v *Snapshot) Corrections(from, to model.Date) ([]model.Correction, error) {
	where, args := dateRange("s.date", from, to)
	return scanCorrections(v.tx.QueryContext(v.ctx, `SELECT `+correctionCols+`
		FROM corrections c JOIN sessions s ON s.id = c.session_id WHERE `+where+` ORDER BY s.date, s.created_at, c.revision`, args...))
}

// familiesInRange selects the families with a sign-in in a session dated
// from..to.
func familiesInRange(from, to model.Date) (string, []any) {
	where, args := dateRange("s.date", from, to)
	return `SELECT DISTINCT si.family_id FROM sign_ins si JOIN sessions s ON s.id = si.session_id WHERE ` + where, args
}

// EachFamily streams the families that signed in to a session dated
// from..to, by ID, without their children and caregivers (see EachChild
// and EachCaregiver).
func (v *Snapshot) EachFamily(from, to model.Date, fn func(model.Family) error) error {
	sub, args := familiesInRange(from, to)
	rows, err := v.tx.QueryContext(v.ctx, `SELECT id, card_code, created_at FROM families WHERE id IN (`+sub+`) ORDER BY id`, args...)
	if err != nil {
		return storageErr(err)
	}
	defer rows.Close()
	for rows.Next() {
		var f model.Family
		var at string
		if err := rows.Scan(&f.ID, &f.CardCode, &at); err != nil {
			return storageErr(err)
		}
		f.CreatedAt = parseTime(at)
		if err := fn(f); err != nil {
			return err
		}
	}
	return storageErr(rows.Err())
}

// EachChild streams the children of the families EachFamily lists.
func (v *Snapshot) EachChild(from, to model.Date, fn func(model.Child) error) error {
	sub, args := familiesInRange(from, to)
	rows, err := v.tx.QueryContext(v.ctx, `SELECT id, family_id, name, birth_date, birth_month FROM children WHERE family_id IN (`+sub+`) ORDER BY family_id, created_at, id`, args...)
	if err != nil {
		return storageErr(err)
	}
	defer rows.Close()
	for rows.Next() {
		var c model.Child
		var bd, bm string
		if err := rows.Scan(&c.ID, &c.FamilyID, &c.Name, &bd, &bm); err != nil {
			return storageErr(err)
		}
		c.BirthDate, c.BirthMonth = parseDate(bd), parseDate(bm)
		if err := fn(c); err != nil {
			return err
		}
	}
	return storageErr(rows.Err())
}

// EachCaregiver streams the caregivers of the families EachFamily lists.
func (v *Snapshot) EachCaregiver(from, to model.Date, fn func(model.Caregiver) error) error {
	sub, args := familiesInRange(from, to)
	rows, err := v.tx.QueryContext(v.ctx, `SELECT id, family_id, name, phone, relation FROM caregivers WHERE family_id IN (`+sub+`) ORDER BY family_id, created_at, id`, args...)
	if err != nil {
		return storageErr(err)
	}
	defer rows.Close()
	for rows.Next() {
		var c model.Caregiver
		var rel string
		if err := rows.Scan(&c.ID, &c.FamilyID, &c.Name, &c.Phone, &rel); err != nil {
			return storageErr(err)
		}
		c.Relation = model.Relation(rel)
		if err := fn(c); err != nil {
			return err
		}
	}
	return storageErr(rows.Err())
}

// BundleState returns the last station bundle written, as of the snapshot.
func (v *Snapshot) BundleState() (BundleState, error) {
	return readBundleState(v.ctx, v.tx)
}

// ConsentNotices returns every stored version of the guardian notice as of
// the snapshot, by version and language.
func (v *Snapshot) ConsentNotices() ([]ConsentNoticeText, error) {
	return readConsentNotices(v.ctx, v.tx)
}
