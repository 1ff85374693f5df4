package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"carekiosk/model"
)

// notPlannedErr refuses to change a session that holds a sign-in: from
// then on it is a record, changed only by a correction.
func notPlannedErr() error {
	return model.Errorf(model.ECONFLICT, "只能修改或删除还没有人签到的活动；已有签到的活动请在结束后用“更正”修改",
		"only a session nobody has signed in to can be edited or deleted; correct one with sign-ins after it is closed")
}

// plannedState reads, inside a write, whether a session can still be
// changed as planned (model.EditableAsPlanned) and returns its state.
func plannedState(tx *txn, id string) (model.SessionState, error) {
	var state string
	var records int
	err := tx.QueryRow(`SELECT state, (SELECT count(*) FROM sign_ins WHERE session_id = ?1)
		+ (SELECT count(*) FROM withdrawn_sign_ins WHERE session_id = ?1)
		+ (SELECT count(*) FROM corrections WHERE session_id = ?1) FROM sessions WHERE id = ?1`, id).Scan(&state, &records)
	if errors.Is(err, sql.ErrNoRows) {
		return "", notFound("活动", id)
	}
	if err != nil {
		return "", err
	}
	if !model.EditableAsPlanned(model.SessionState(state), records > 0) {
		return "", notPlannedErr()
	}
	return model.SessionState(state), nil
}

// UpdatePlannedSession changes what was planned for a session nobody has
// signed in to yet (model.EditableAsPlanned): its date, band, title,
// instructor, areas and the planned content of its segments. The station
// stays. An open session moved to another day is planned again: its
// check-in opens on that day.
func (s *Store) UpdatePlannedSession(ctx context.Context, id string, in model.NewSessionInput) (*model.Session, error) {
	set, err := s.Settings(ctx)
	if err != nil {
		return nil, err
	}
	in.Title = strings.TrimSpace(in.Title)
	in.Instructor = strings.TrimSpace(in.Instructor)
	cur, err := s.Session(ctx, id)
	if err != nil {
		return nil, err
	}
	in.StationID = cur.StationID
	bands := set.Bands
	if len(bands) > 0 {
		// The session keeps its own band even when the settings' bands
		// changed since it was planned (the edit screen offers it).
		bands = append(append([]model.AgeBand(nil), bands...), cur.Band)
	}
	if err := in.Validate(bands); err != nil {
		return nil, err
	}
	if err := s.CheckClock(ctx); err != nil {
		return nil, err
	}
	now := s.Now()
	err = s.write(ctx, func(tx *txn) error {
		state, err := plannedState(tx, id)
		if err != nil {
			return err
		}
		if state == model.StateOpen && in.Date != cur.Date {
			if _, err := tx.Exec(`UPDATE sessions SET state = ?, opened_at = '' WHERE id = ?`, string(model.StatePlanned), id); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(`UPDATE sessions SET date = ?, band_min = ?, band_max = ?, title = ?, instructor = ?, areas = ?,
			revision = revision + 1, updated_at = ? WHERE id = ?`,
			in.Date.String(), in.Band.Min, in.Band.Max, in.Title, in.Instructor, joinAreas(in.Areas), fmtTime(now), id); err != nil {
			return err
		}
		for i, p := range in.Planned {
			if _, err := tx.Exec(`UPDATE segments SET planned = ? WHERE session_id = ? AND kind = ?`, strings.TrimSpace(p), id, i); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	s.noteWritten(now)
	s.publish(model.Change{Kind: model.ChangeSession, SessionID: id})
	return s.Session(ctx, id)
}

// DeletePlannedSession deletes a session nobody has signed in to yet
// (planned by mistake, saved with the wrong band, or called off): it holds
// no record of anyone. One with a sign-in, even one withdrawn since, cannot
// be deleted.
func (s *Store) DeletePlannedSession(ctx context.Context, id string) error {
	if err := s.CheckClock(ctx); err != nil {
		return err
	}
	now := s.Now()
	err := s.write(ctx, func(tx *txn) error {
		if _, err := plannedState(tx, id); err != nil {
			return err
		}
		if _, err := tx.Exec(`DELETE FROM segments WHERE session_id = ?`, id); err != nil {
			return err
		}
		_, err := tx.Exec(`DELETE FROM sessions WHERE id = ?`, id)
		return err
	})
	if err != nil {
		return err
	}
	s.noteWritten(now)
	s.publish(model.Change{Kind: model.ChangeSession, SessionID: id})
	return nil
}

// OpenPlannedToday opens a planned session for check-in, in one
// transaction moving its date to today (in the station's zone) when it was
// planned for another day: a session happens the day its check-in opens,
// and the children's 月龄 on the forms count to that day. A session already
// open or running is returned as it is.
func (s *Store) OpenPlannedToday(ctx context.Context, id string) (*model.Session, error) {
	set, err := s.Settings(ctx)
	if err != nil {
		return nil, err
	}
	return s.mutateSession(ctx, id, func(tx *txn, sess *model.Session, now time.Time) error {
		if sess.State != model.StatePlanned {
			return nil
		}
		today := model.DateOf(now.In(set.Location()))
		_, err := tx.Exec(`UPDATE sessions SET date = ?, state = ?, opened_at = ? WHERE id = ?`,
			today.String(), string(model.StateOpen), fmtTime(now), id)
		return err
	})
}
