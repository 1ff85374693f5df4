package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"carekiosk/model"
)

const sessionCols = `id, date, station_id, station, unit_id, unit, band_min, band_max, title, instructor, areas, state,
	sum_handover, sum_cooperation, sum_incidents, sum_other, created_at, opened_at, closed_at, revision, origin, voided`

type rowScanner interface{ Scan(dest ...any) error }

func scanSession(r rowScanner) (*model.Session, error) {
	var s model.Session
	var date, areas, state, created, opened, closed string
	err := r.Scan(&s.ID, &date, &s.StationID, &s.Station, &s.UnitID, &s.Unit, &s.Band.Min, &s.Band.Max,
		&s.Title, &s.Instructor, &areas, &state, &s.Summary.Handover, &s.Summary.Cooperation,
		&s.Summary.Incidents, &s.Summary.Other, &created, &opened, &closed, &s.Revision, &s.Origin, &s.Voided)
	if err != nil {
		return nil, err
	}
	s.Date = parseDate(date)
	s.State = model.SessionState(state)
	s.CreatedAt, s.OpenedAt, s.ClosedAt = parseTime(created), parseTime(opened), parseTime(closed)
	s.Areas = splitAreas(areas)
	for i := range s.Segments {
		s.Segments[i].Kind = model.SegmentKind(i)
	}
	return &s, nil
}

// splitAreas reads the comma-separated content areas of a session row.
func splitAreas(areas string) []model.ContentArea {
	if areas == "" {
		return nil
	}
	out := make([]model.ContentArea, 0, strings.Count(areas, ",")+1)
	for a := range strings.SplitSeq(areas, ",") {
		if a != "" {
			out = append(out, model.ContentArea(a))
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

func joinAreas(a []model.ContentArea) string { return model.JoinAreas(a) }

func notFound(what, id string) error {
	return model.Errorf(model.ENOTFOUND, "找不到%s（%s）", "%s not found (%s)", what, id)
}

// loadSegments fills s.Segments from the segments table.
func loadSegments(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, s *model.Session) error {
	rows, err := q.QueryContext(ctx, `SELECT kind, planned, planned_minutes, notes, started_at, ended_at FROM segments WHERE session_id = ?`, s.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var k, mins int
		var planned, notes, st, en string
		if err := rows.Scan(&k, &planned, &mins, &notes, &st, &en); err != nil {
			return err
		}
		if k >= 0 && k < len(s.Segments) {
			s.Segments[k] = model.Segment{Kind: model.SegmentKind(k), Planned: planned, PlannedMinutes: mins, Notes: notes, StartedAt: parseTime(st), EndedAt: parseTime(en)}
		}
	}
	return rows.Err()
}

// CreateSession plans a new session at the configured station.
func (s *Store) CreateSession(ctx context.Context, in model.NewSessionInput) (*model.Session, error) {
	set, err := s.Settings(ctx)
	if err != nil {
		return nil, err
	}
	if in.StationID == "" {
		in.StationID = set.StationID
	}
	in.Title = strings.TrimSpace(in.Title)
	in.Instructor = strings.TrimSpace(in.Instructor)
	if err := in.Validate(set.Bands); err != nil {
		return nil, err
	}
	if err := s.CheckClock(ctx); err != nil {
		return nil, err
	}
	var st model.Station
	var unit string
	err = s.r.QueryRowContext(ctx, `SELECT s.id, s.name, s.unit_id, u.name FROM stations s JOIN units u ON u.id = s.unit_id WHERE s.id = ?`, in.StationID).
		Scan(&st.ID, &st.Name, &st.UnitID, &unit)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, model.FieldErrorf("station", "找不到活动地点，请在设置中选择", "the station was not found; choose one in the settings")
	}
	if err != nil {
		return nil, storageErr(err)
	}
	now := s.Now()
	sess := &model.Session{ID: newID(), Date: in.Date, StationID: st.ID, Station: st.Name, UnitID: st.UnitID, Unit: unit,
		Band: in.Band, Title: in.Title, Instructor: in.Instructor, Areas: in.Areas, State: model.StatePlanned, CreatedAt: now, Revision: 1}
	for i := range sess.Segments {
		sess.Segments[i] = model.Segment{Kind: model.SegmentKind(i), Planned: strings.TrimSpace(in.Planned[i])}
	}
	err = s.write(ctx, func(tx *txn) error {
		if _, err := tx.Exec(`INSERT INTO sessions (`+sessionCols+`, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,'','','','',?,'','',1,'',0,?)`,
			sess.ID, sess.Date.String(), st.ID, st.Name, st.UnitID, unit, in.Band.Min, in.Band.Max, sess.Title, sess.Instructor,
			joinAreas(in.Areas), string(model.StatePlanned), fmtTime(now), fmtTime(now)); err != nil {
			return err
		}
		for i, seg := range sess.Segments {
			if _, err := tx.Exec(`INSERT INTO segments (session_id, kind, planned) VALUES (?,?,?)`, sess.ID, i, seg.Planned); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	s.noteWritten(now)
	s.publish(model.Change{Kind: model.ChangeSession, SessionID: sess.ID})
	return sess, nil
}

// Session returns one session with its segments.
func (s *Store) Session(ctx context.Context, id string) (*model.Session, error) {
	sess, err := scanSession(s.r.QueryRowContext(ctx, `SELECT `+sessionCols+` FROM sessions WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("活动", id)
	}
	if err != nil {
		return nil, storageErr(err)
	}
	if err := loadSegments(ctx, s.r, sess); err != nil {
		return nil, storageErr(err)
	}
	return sess, nil
}

// Sessions lists sessions matching f, with their segments.
func (s *Store) Sessions(ctx context.Context, f model.SessionFilter) ([]model.Session, error) {
	var where []string
	var args []any
	if !f.From.IsZero() {
		where, args = append(where, "date >= ?"), append(args, f.From.String())
	}
	if !f.To.IsZero() {
		where, args = append(where, "date <= ?"), append(args, f.To.String())
	}
	if f.UnitID != "" {
		where, args = append(where, "unit_id = ?"), append(args, f.UnitID)
	}
	if !f.Band.IsZero() {
		where, args = append(where, "band_min = ? AND band_max = ?"), append(args, f.Band.Min, f.Band.Max)
	}
	if len(f.States) > 0 {
		ph := make([]string, len(f.States))
		for i, st := range f.States {
			ph[i] = "?"
			args = append(args, string(st))
		}
		where = append(where, "state IN ("+strings.Join(ph, ",")+")")
	}
	q := `SELECT ` + sessionCols + ` FROM sessions`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	if f.Newest {
		q += " ORDER BY date DESC, created_at DESC"
	} else {
		q += " ORDER BY date, created_at"
	}
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, storageErr(err)
	}
	var out []model.Session
	for rows.Next() {
		sess, err := scanSession(rows)
		if err != nil {
			rows.Close()
			return nil, storageErr(err)
		}
		out = append(out, *sess)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, storageErr(err)
	}
	if err := s.loadSegmentsOf(ctx, out); err != nil {
		return nil, storageErr(err)
	}
	return out, nil
}

// loadSegmentsOf fills the segments of many sessions with one query per 500.
func (s *Store) loadSegmentsOf(ctx context.Context, list []model.Session) error {
	index := make(map[string]*model.Session, len(list))
	for i := range list {
		index[list[i].ID] = &list[i]
	}
	for start := 0; start < len(list); start += 500 {
		end := min(start+500, len(list))
		ph := make([]string, 0, end-start)
		args := make([]any, 0, end-start)
		for _, sess := range list[start:end] {
			ph = append(ph, "?")
			args = append(args, sess.ID)
		}
		rows, err := s.r.QueryContext(ctx, `SELECT session_id, kind, planned, planned_minutes, notes, started_at, ended_at FROM segments WHERE session_id IN (`+strings.Join(ph, ",")+`)`, args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id, planned, notes, st, en string
			var k, mins int
			if err := rows.Scan(&id, &k, &planned, &mins, &notes, &st, &en); err != nil {
				rows.Close()
				return err
			}
			if sess := index[id]; sess != nil && k >= 0 && k < len(sess.Segments) {
				sess.Segments[k] = model.Segment{Kind: model.SegmentKind(k), Planned: planned, PlannedMinutes: mins, Notes: notes, StartedAt: parseTime(st), EndedAt: parseTime(en)}
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

// mutateSession loads a session inside the write transaction, lets fn change
// it, and reports a closed session as a conflict (closed sessions change only
// through corrections).
func (s *Store) mutateSession(ctx context.Context, id string, fn func(tx *txn, sess *model.Session, now time.Time) error) (*model.Session, error) {
	if err := s.CheckClock(ctx); err != nil {
		return nil, err
	}
	now := s.Now()
	err := s.write(ctx, func(tx *txn) error {
		sess, err := scanSession(tx.QueryRow(`SELECT `+sessionCols+` FROM sessions WHERE id = ?`, id))
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("活动", id)
		}
		if err != nil {
			return err
		}
		if sess.State == model.StateClosed {
			return model.Errorf(model.ECONFLICT, "活动已结束，只能通过更正（写明原因）修改", "the session is closed; change it only through a correction with a reason")
		}
		if err := fn(tx, sess, now); err != nil {
			return err
		}
		_, err = tx.Exec(`UPDATE sessions SET updated_at = ? WHERE id = ?`, fmtTime(now), id)
		return err
	})
	if err != nil {
		return nil, err
	}
	s.noteWritten(now)
	s.publish(model.Change{Kind: model.ChangeSession, SessionID: id})
	return s.Session(ctx, id)
}

// AdvanceSession moves a planned session to open, or an open one to running.
func (s *Store) AdvanceSession(ctx context.Context, id string, to model.SessionState) (*model.Session, error) {
	return s.mutateSession(ctx, id, func(tx *txn, sess *model.Session, now time.Time) error {
		if sess.State == to {
			return nil
		}
		if to == model.StateClosed {
			return model.Errorf(model.ECONFLICT, "请在总结页面结束活动", "close the session from the summary")
		}
		next, ok := sess.State.NextState()
		// Opening straight into running is allowed: the instructor may start
		// the segments before anyone has signed in.
		if !ok || (next != to && !(sess.State == model.StatePlanned && to == model.StateRunning)) {
			return model.Errorf(model.ECONFLICT, "活动不能从“%s”变为“%s”", "a session cannot go from %s to %s", sess.State.Label(model.LangZH), to.Label(model.LangZH))
		}
		opened := ""
		if sess.OpenedAt.IsZero() {
			opened = fmtTime(now)
		}
		_, err := tx.Exec(`UPDATE sessions SET state = ?, opened_at = CASE WHEN opened_at = '' THEN ? ELSE opened_at END WHERE id = ?`, string(to), opened, id)
		return err
	})
}

// UpdateSegment changes the planned content, notes or timing of one segment.
func (s *Store) UpdateSegment(ctx context.Context, id string, kind model.SegmentKind, u model.SegmentUpdate) (*model.Session, error) {
	if kind < 0 || int(kind) >= len(model.SegmentKinds) {
		return nil, model.FieldErrorf("segment", "未知的活动环节", "unknown segment")
	}
	if u.Planned != nil {
		if err := model.CheckText("planned", *u.Planned, 0, 500); err != nil {
			return nil, err
		}
	}
	if u.Notes != nil {
		if err := model.CheckText("notes", *u.Notes, 0, 2000); err != nil {
			return nil, err
		}
	}
	if u.PlannedMinutes != nil && (*u.PlannedMinutes < 0 || *u.PlannedMinutes > 240) {
		return nil, model.FieldErrorf("minutes", "计划时长应在 0 到 240 分钟之间", "planned minutes must be 0 to 240")
	}
	return s.mutateSession(ctx, id, func(tx *txn, sess *model.Session, now time.Time) error {
		if u.Planned != nil {
			if _, err := tx.Exec(`UPDATE segments SET planned = ? WHERE session_id = ? AND kind = ?`, strings.TrimSpace(*u.Planned), id, int(kind)); err != nil {
				return err
			}
		}
		if u.PlannedMinutes != nil {
			if _, err := tx.Exec(`UPDATE segments SET planned_minutes = ? WHERE session_id = ? AND kind = ?`, *u.PlannedMinutes, id, int(kind)); err != nil {
				return err
			}
		}
		if u.Notes != nil {
			if _, err := tx.Exec(`UPDATE segments SET notes = ? WHERE session_id = ? AND kind = ?`, *u.Notes, id, int(kind)); err != nil {
				return err
			}
		}
		if u.Start {
			if _, err := tx.Exec(`UPDATE segments SET started_at = ?, ended_at = '' WHERE session_id = ? AND kind = ?`, fmtTime(now), id, int(kind)); err != nil {
				return err
			}
			// Starting a segment ends any other that is still running, and
			// puts the session into running.
			if _, err := tx.Exec(`UPDATE segments SET ended_at = ? WHERE session_id = ? AND kind <> ? AND started_at <> '' AND ended_at = ''`, fmtTime(now), id, int(kind)); err != nil {
				return err
			}
			if sess.State != model.StateRunning {
				if _, err := tx.Exec(`UPDATE sessions SET state = 'running', opened_at = CASE WHEN opened_at = '' THEN ? ELSE opened_at END WHERE id = ?`, fmtTime(now), id); err != nil {
					return err
				}
			}
		}
		if u.End {
			if _, err := tx.Exec(`UPDATE segments SET ended_at = ? WHERE session_id = ? AND kind = ? AND started_at <> '' AND ended_at = ''`, fmtTime(now), id, int(kind)); err != nil {
				return err
			}
		}
		return nil
	})
}

// UpdateSummary saves the summary of a session that is not closed.
func (s *Store) UpdateSummary(ctx context.Context, id string, sum model.Summary) (*model.Session, error) {
	for _, v := range []string{sum.Handover, sum.Cooperation, sum.Incidents, sum.Other} {
		if err := model.CheckText("summary", v, 0, 2000); err != nil {
			return nil, err
		}
	}
	return s.mutateSession(ctx, id, func(tx *txn, sess *model.Session, now time.Time) error {
		_, err := tx.Exec(`UPDATE sessions SET sum_handover = ?, sum_cooperation = ?, sum_incidents = ?, sum_other = ? WHERE id = ?`,
			sum.Handover, sum.Cooperation, sum.Incidents, sum.Other, id)
		return err
	})
}

// CloseSession closes an open or running session; it needs a summary.
// Running segments end. A planned session that never took place is not
// closed (it would count towards the quota).
func (s *Store) CloseSession(ctx context.Context, id string) (*model.Session, error) {
	return s.mutateSession(ctx, id, func(tx *txn, sess *model.Session, now time.Time) error {
		if sess.State == model.StatePlanned {
			return model.Errorf(model.ECONFLICT, "活动还没有开始，不能结束；计划有变请修改日期或标题", "the session has not started and cannot be closed; edit its plan instead")
		}
		if sess.Summary.IsEmpty() {
			return model.FieldErrorf("summary", "结束活动前请填写活动总结", "write the summary before closing the session")
		}
		if _, err := tx.Exec(`UPDATE segments SET ended_at = ? WHERE session_id = ? AND started_at <> '' AND ended_at = ''`, fmtTime(now), id); err != nil {
			return err
		}
		_, err := tx.Exec(`UPDATE sessions SET state = 'closed', closed_at = ? WHERE id = ?`, fmtTime(now), id)
		return err
	})
}

// Corrections lists a session's corrections, oldest first.
func (s *Store) Corrections(ctx context.Context, sessionID string) ([]model.Correction, error) {
	return scanCorrections(s.r.QueryContext(ctx, `SELECT `+correctionCols+` FROM corrections c WHERE c.session_id = ? ORDER BY c.revision`, sessionID))
}
