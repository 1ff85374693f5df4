package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"carekiosk/model"
)

// signInCols are the columns a withdrawn sign-in keeps, in both tables.
const signInCols = `id, session_id, seq, child_id, family_id, caregiver_id, relation, age_months, method,
	signature_png, signed_name, consent_version, nonce, signed_at, outside_band, signature_id, signed_by_instructor`

// WithdrawSignIn takes back a sign-in made by mistake while its session is
// still open or running: the row moves to withdrawn_sign_ins with who, when
// and why, the session's counts drop with it, and its 序号 stays used. A
// closed session's sign-ins cannot be withdrawn.
func (s *Store) WithdrawSignIn(ctx context.Context, in model.WithdrawInput) error {
	in.Who, in.Reason = strings.TrimSpace(in.Who), strings.TrimSpace(in.Reason)
	if err := in.Validate(); err != nil {
		return err
	}
	if err := s.CheckClock(ctx); err != nil {
		return err
	}
	now := s.Now()
	err := s.write(ctx, func(tx *txn) error {
		var state string
		err := tx.QueryRow(`SELECT state FROM sessions WHERE id = ?`, in.SessionID).Scan(&state)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("活动", in.SessionID)
		}
		if err != nil {
			return err
		}
		if !model.SessionState(state).AcceptsSignIns() {
			return model.Errorf(model.ECONFLICT, "活动已结束签到，不能再撤销签到", "this session no longer takes sign-ins; a sign-in cannot be withdrawn")
		}
		ch := &model.SignInChange{SessionID: in.SessionID, SignInID: in.SignInID, Kind: model.ChangeWithdraw, Who: in.Who, At: now, Reason: in.Reason}
		err = tx.QueryRow(`SELECT seq, child_id, age_months FROM sign_ins WHERE id = ? AND session_id = ?`, in.SignInID, in.SessionID).
			Scan(&ch.Seq, &ch.OldValue, &ch.OldAge)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("签到记录", in.SignInID)
		}
		if err != nil {
			return err
		}
		ch.NewAge = ch.OldAge
		if err := moveToWithdrawn(tx, in.SessionID, in.SignInID, in.Who, in.Reason, now); err != nil {
			return err
		}
		return insertChange(tx, ch)
	})
	if err != nil {
		return err
	}
	s.noteWritten(now)
	s.publish(model.Change{Kind: model.ChangeSession, SessionID: in.SessionID})
	return nil
}

// WithdrawnSignIns lists the withdrawn sign-ins of a session by 序号.
func (s *Store) WithdrawnSignIns(ctx context.Context, sessionID string) ([]model.WithdrawnSignIn, error) {
	return withdrawnSignIns(ctx, s.r, sessionID)
}

// WithdrawnSignIns lists the withdrawn sign-ins of a session by 序号, as of
// the snapshot.
func (v *Snapshot) WithdrawnSignIns(sessionID string) ([]model.WithdrawnSignIn, error) {
	return withdrawnSignIns(v.ctx, v.tx, sessionID)
}

func withdrawnSignIns(ctx context.Context, q queryContext, sessionID string) ([]model.WithdrawnSignIn, error) {
	rows, err := q.QueryContext(ctx, `SELECT w.seq, c.name, w.withdrawn_by, w.withdrawn_at, w.reason
		FROM withdrawn_sign_ins w JOIN children c ON c.id = w.child_id WHERE w.session_id = ? ORDER BY w.seq`, sessionID)
	if err != nil {
		return nil, storageErr(err)
	}
	defer rows.Close()
	var out []model.WithdrawnSignIn
	for rows.Next() {
		var w model.WithdrawnSignIn
		var at string
		if err := rows.Scan(&w.Seq, &w.ChildName, &w.By, &at, &w.Reason); err != nil {
			return nil, storageErr(err)
		}
		w.At = parseTime(at)
		out = append(out, w)
	}
	return out, storageErr(rows.Err())
}
