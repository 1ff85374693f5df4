package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"carekiosk/model"
)

// maxInvite bounds the invitation list of one session.
const maxInvite = 500

// FollowUp gathers the instructor's follow-up for today: the families to
// invite for the session sessionID (none when ""), the children entering a
// new band of the settings' bands this month and the families who came
// once and not again, with the marks 已通知 of that session.
func (s *Store) FollowUp(ctx context.Context, today model.Date, sessionID string) (model.FollowUp, error) {
	fu := model.FollowUp{Today: today, Notified: map[string]model.Invitation{}}
	set, err := s.Settings(ctx)
	if err != nil {
		return fu, err
	}
	visits, err := s.FamilyVisits(ctx)
	if err != nil {
		return fu, err
	}
	fu.Entering = model.BandEntries(visits, set.Bands, today)
	fu.Once = model.CameOnce(visits, today)
	if sessionID == "" {
		return fu, nil
	}
	if fu.Session, err = s.Session(ctx, sessionID); err != nil {
		return fu, err
	}
	d := fu.Session.Date
	if fu.Invite, err = s.FamiliesDue(ctx, fu.Session.Band, d, model.InviteNotSince(d), maxInvite); err != nil {
		return fu, err
	}
	fu.Notified, err = s.Invitations(ctx, sessionID)
	return fu, err
}

// FamilyVisits lists every family still held (neither erased nor merged
// into another) with the number of distinct sessions it signed in to and
// the first and last of their dates.
func (s *Store) FamilyVisits(ctx context.Context) ([]model.FamilyVisits, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT f.id, count(DISTINCT si.session_id), coalesce(min(se.date), ''), coalesce(max(se.date), '')
		FROM families f LEFT JOIN sign_ins si ON si.family_id = f.id LEFT JOIN sessions se ON se.id = si.session_id
		WHERE f.merged_into = '' AND f.id NOT IN (SELECT family_id FROM family_erasures)
		GROUP BY f.id ORDER BY f.created_at, f.id`)
	if err != nil {
		return nil, storageErr(err)
	}
	var out []model.FamilyVisits
	var ids []string
	for rows.Next() {
		var fv model.FamilyVisits
		var id, first, last string
		if err := rows.Scan(&id, &fv.Sessions, &first, &last); err != nil {
			rows.Close()
			return nil, storageErr(err)
		}
		fv.First, fv.Last = parseDate(first), parseDate(last)
		out = append(out, fv)
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, storageErr(err)
	}
	fams, err := s.loadFamilies(ctx, ids)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]model.Family, len(fams))
	for _, f := range fams {
		byID[f.ID] = f
	}
	for i, id := range ids {
		out[i].Family = byID[id]
	}
	return out, nil
}

// Invitations returns the marks 已通知 of a session by family id.
func (s *Store) Invitations(ctx context.Context, sessionID string) (map[string]model.Invitation, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT family_id, at, who FROM invitations WHERE session_id = ?`, sessionID)
	if err != nil {
		return nil, storageErr(err)
	}
	defer rows.Close()
	out := map[string]model.Invitation{}
	for rows.Next() {
		inv := model.Invitation{SessionID: sessionID}
		var at string
		if err := rows.Scan(&inv.FamilyID, &at, &inv.Who); err != nil {
			return nil, storageErr(err)
		}
		inv.At = parseTime(at)
		out[inv.FamilyID] = inv
	}
	return out, storageErr(rows.Err())
}

// MarkNotified sets (notified) or takes back the mark 已通知 of a family for
// a session not yet closed. Setting a mark already there keeps its time.
func (s *Store) MarkNotified(ctx context.Context, sessionID, familyID, who string, notified bool) error {
	who = strings.TrimSpace(who)
	if err := s.CheckClock(ctx); err != nil {
		return err
	}
	now := s.Now()
	err := s.write(ctx, func(tx *txn) error {
		var state string
		err := tx.QueryRow(`SELECT state FROM sessions WHERE id = ?`, sessionID).Scan(&state)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("活动", sessionID)
		}
		if err != nil {
			return err
		}
		if model.SessionState(state) == model.StateClosed {
			return model.Errorf(model.ECONFLICT, "活动已结束，不能再标记通知", "the session is closed: invitations can no longer be marked")
		}
		var n int
		if err := tx.QueryRow(`SELECT count(*) FROM families WHERE id = ?`, familyID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return notFound("家庭", familyID)
		}
		if !notified {
			_, err := tx.Exec(`DELETE FROM invitations WHERE session_id = ? AND family_id = ?`, sessionID, familyID)
			return err
		}
		_, err = tx.Exec(`INSERT OR IGNORE INTO invitations (id, session_id, family_id, at, who) VALUES (?,?,?,?,?)`,
			newID(), sessionID, familyID, fmtTime(now), who)
		return err
	})
	if err != nil {
		return err
	}
	s.noteWritten(now)
	return nil
}
