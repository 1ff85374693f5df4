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

// streamBatch is how many sessions ReportStream hands over at a time.
var streamBatch = 64

// ReportStream is ReportRecords whose sessions are read, unit by unit in
// the units' order, on another goroutine while the caller writes them:
// out.Stream delivers them in the statistics table's order, a batch at a
// time in a few buffers it reuses (out.Sessions stays empty); out.Held
// and out.Receipts, which only the sheets after it need, are whole once
// Next has said there are no more. The read transaction ends when the
// reading does; the caller closes out.Stream.
func (d *DB) ReportStream(ctx context.Context, from, to model.Date) (*county.ReportRecords, error) {
	ctx, cancel := context.WithCancel(ctx)
	tx, err := d.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		cancel()
		return nil, err
	}
	s := &sessionStream{ch: make(chan []export.CountySession, 2), free: make(chan []export.CountySession, 4),
		counted: make(chan struct{}), cancel: cancel, from: from, to: to}
	out, err := s.start(ctx, tx)
	if err != nil {
		cancel()
		tx.Rollback()
		return nil, err
	}
	go func() {
		defer close(s.ch)
		defer tx.Rollback()
		s.err = s.counts(ctx, tx, out.Units)
		close(s.counted)
		if s.err == nil {
			s.err = s.read(ctx, tx, out)
		}
		if s.err == nil {
			out.Receipts, s.err = receipts(ctx, tx, "")
		}
		if s.err == nil {
			s.err = tx.Commit()
		}
	}()
	return out, nil
}

// sessionStream reads a report's sessions for ReportStream.
type sessionStream struct {
	ch       chan []export.CountySession
	free     chan []export.CountySession // batches handed back, to fill again
	held     []export.CountySession      // the batch the caller has
	counted  chan struct{}               // closed once count and active are set
	cancel   context.CancelFunc
	err      error // the reading's, read once ch is closed
	from, to model.Date
	count    int
	active   int
	corr     map[string][]model.Correction
	history  [][]export.CountySession // per unit, by date
}

// start reads, before the sessions, what the report needs first: the
// units, corrections and the history sessions (counted in Held).
func (s *sessionStream) start(ctx context.Context, tx *sql.Tx) (*county.ReportRecords, error) {
	out := &county.ReportRecords{Stream: s, Held: map[int]map[string]int{}}
	var err error
	if out.Units, err = units(ctx, tx); err != nil {
		return nil, err
	}
	if s.corr, err = correctionsBetween(ctx, tx, s.from, s.to); err != nil {
		return nil, err
	}
	unit := make(map[string]int, len(out.Units))
	for i, u := range out.Units {
		unit[u.Name] = i
	}
	hs, err := historySessions(ctx, tx, model.Date{Year: s.from.Year, Month: 1, Day: 1}, model.Date{Year: s.to.Year, Month: 12, Day: 31}, "")
	if err != nil {
		return nil, err
	}
	s.history = make([][]export.CountySession, len(out.Units))
	for _, h := range hs {
		if h.Covered {
			continue
		}
		countHeld(out.Held, h.Date.Year, h.UnitID)
		if !h.Date.Before(s.from) && !h.Date.After(s.to) && len(out.Units) > 0 {
			i := unit[h.Unit]
			s.history[i] = append(s.history[i], historySession(h))
		}
	}
	return out, nil
}

// counts counts the sessions of from..to, per unit, for Counts (from
// the index alone); a session of a unit not in the database is an
// error, as in ReportRecords.
func (s *sessionStream) counts(ctx context.Context, tx *sql.Tx, us []model.Unit) error {
	known := make(map[string]int, len(us))
	for i, u := range us {
		known[u.ID] = i
	}
	// sessions_unit_date holds unit, date and voided: the count reads that
	// index alone, in the units' order (no table rows, no sorter).
	rows, err := tx.QueryContext(ctx, `SELECT unit_id, count(*) FROM sessions INDEXED BY sessions_unit_date
		WHERE date >= ? AND date <= ? AND voided = 0 GROUP BY unit_id`, s.from.String(), s.to.String())
	if err != nil {
		return err
	}
	defer rows.Close()
	active := make([]bool, len(us))
	for rows.Next() {
		var id string
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return err
		}
		i, ok := known[id]
		if !ok {
			return unknownUnit(ctx, tx, id)
		}
		s.count, active[i] = s.count+n, true
	}
	for i, h := range s.history {
		s.count += len(h)
		if len(h) > 0 || active[i] {
			s.active++
		}
	}
	return rows.Err()
}

// unknownUnit is the error of a session of the unit id, not in the
// database.
func unknownUnit(ctx context.Context, tx *sql.Tx, unitID string) error {
	var id string
	if err := tx.QueryRowContext(ctx, `SELECT id FROM sessions WHERE unit_id = ? LIMIT 1`, unitID).Scan(&id); err != nil {
		return err
	}
	return model.Errorf(model.ESTORAGE, "活动 %s 的单位不在数据库中", "the unit of session %s is not in the database", id)
}

// read reads the sessions unit by unit, each unit's by date, creation
// and id, with its history sessions after its stations' of the same day, and
// hands them over in batches (the few the caller hands back are filled
// again: the sessions are not all kept); every closed one of the whole
// years counts in out.Held.
func (s *sessionStream) read(ctx context.Context, tx *sql.Tx, out *county.ReportRecords) error {
	// A unit's sessions come through sessions_report, which holds every
	// column read here, by date and, on one day, by creation and id
	// (voided sits between date and creation, and only 0 is read); a day
	// read out of that order is still put in that order here (a sort in
	// SQLite would copy every row).
	stmt, err := tx.PrepareContext(ctx, `SELECT `+reportColumns+` FROM sessions INDEXED BY sessions_report
		WHERE unit_id = ? AND date >= ? AND date <= ? AND voided = 0 ORDER BY date`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	// The sessions go into a batch, handed over when full; the caller
	// hands each back at its next Next.
	batch := s.batch()
	add := func(x export.CountySession) error {
		if batch = append(batch, x); len(batch) < streamBatch {
			return nil
		}
		err := s.send(ctx, batch)
		batch = s.batch()
		return err
	}
	var day []reportRow
	for i, u := range out.Units {
		hist := s.history[i]
		emit := func(rows []reportRow) error {
			for j := range rows {
				for ; len(hist) > 0 && hist[0].Session.Date.String() < rows[j].date; hist = hist[1:] {
					if err := add(hist[0]); err != nil {
						return err
					}
				}
				var x export.CountySession
				rows[j].fill(&x, u, s.corr)
				if err := add(x); err != nil {
					return err
				}
			}
			return nil
		}
		if day, err = s.unitRows(ctx, stmt, u.ID, day[:0], out.Held, emit); err != nil {
			return err
		}
		for _, h := range hist {
			if err := add(h); err != nil {
				return err
			}
		}
	}
	if len(batch) == 0 {
		return nil
	}
	return s.send(ctx, batch)
}

// batch is an empty batch: one handed back, or a new one.
func (s *sessionStream) batch() []export.CountySession {
	select {
	case b := <-s.free:
		return b[:0]
	default:
		return make([]export.CountySession, 0, streamBatch)
	}
}

// unitRows reads a unit's sessions of the whole years from.Year..to.Year
// through stmt, counting the closed ones in held, and gives emit those
// dated from..to a day at a time, by creation and id (day is the buffer
// of a day's, returned for the next unit).
func (s *sessionStream) unitRows(ctx context.Context, stmt *sql.Stmt, unitID string, day []reportRow, held map[int]map[string]int, emit func([]reportRow) error) ([]reportRow, error) {
	first, last := strconv.Itoa(s.from.Year)+"-01-01", strconv.Itoa(s.to.Year)+"-12-31"
	rows, err := stmt.QueryContext(ctx, unitID, first, last)
	if err != nil {
		return day, err
	}
	defer rows.Close()
	lo, hi := s.from.String(), s.to.String()
	sorted := true
	flush := func() error {
		if !sorted {
			slices.SortFunc(day, func(a, b reportRow) int {
				return cmp.Or(strings.Compare(a.created, b.created), strings.Compare(a.id, b.id))
			})
		}
		err := emit(day)
		day, sorted = day[:0], true
		return err
	}
	// One row to scan into (what Scan is given escapes to the heap).
	var r reportRow
	for rows.Next() {
		r = reportRow{}
		if _, err := scanReportRow(rows, &r, held); err != nil {
			return day, err
		}
		if r.date < lo || r.date > hi {
			continue
		}
		if n := len(day); n > 0 && day[n-1].date != r.date {
			if err := flush(); err != nil {
				return day, err
			}
		} else if n > 0 && (day[n-1].created > r.created || day[n-1].created == r.created && day[n-1].id > r.id) {
			sorted = false
		}
		day = append(day, r)
	}
	if err := rows.Err(); err != nil {
		return day, err
	}
	return day, flush()
}

// send hands a batch over, unless the reading is stopped.
func (s *sessionStream) send(ctx context.Context, batch []export.CountySession) error {
	select {
	case s.ch <- batch:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Counts says how many sessions will come, and of how many units (0
// when the reading failed: Next then says why).
func (s *sessionStream) Counts() (int, int) {
	<-s.counted
	return s.count, s.active
}

// Next returns the next batch of sessions, nil after the last one or the
// reading's error. The batch before is handed back, to be filled again.
func (s *sessionStream) Next() ([]export.CountySession, error) {
	if s.held != nil {
		select {
		case s.free <- s.held:
		default:
		}
		s.held = nil
	}
	if b, ok := <-s.ch; ok {
		s.held = b
		return b, nil
	}
	return nil, s.err
}

// Close stops the reading and waits for it to end.
func (s *sessionStream) Close() {
	s.cancel()
	for range s.ch {
	}
}
