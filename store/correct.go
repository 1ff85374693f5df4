package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"carekiosk/model"
)

// sessionColumns are the sessions columns of the correction fields kept on
// the session row as their stored text; the band, the void and the
// segments' planned content and notes are written by writeCorrection.
var sessionColumns = map[model.CorrectionField]string{
	model.FieldTitle:              "title",
	model.FieldInstructor:         "instructor",
	model.FieldDate:               "date",
	model.FieldAreas:              "areas",
	model.FieldSummaryHandover:    "sum_handover",
	model.FieldSummaryCooperation: "sum_cooperation",
	model.FieldSummaryIncidents:   "sum_incidents",
	model.FieldSummaryOther:       "sum_other",
}

// writeCorrection stores v, f's stored value, in the session's row or
// segment.
func writeCorrection(tx *txn, id string, f model.CorrectionField, v string) error {
	var err error
	if col, ok := sessionColumns[f]; ok {
		_, err = tx.Exec(`UPDATE sessions SET `+col+` = ? WHERE id = ?`, v, id)
		return err
	}
	switch f {
	case model.FieldBand:
		b, perr := model.ParseAgeBand(v)
		if perr != nil {
			return perr
		}
		_, err = tx.Exec(`UPDATE sessions SET band_min = ?, band_max = ? WHERE id = ?`, b.Min, b.Max, id)
		return err
	case model.FieldVoid:
		_, err = tx.Exec(`UPDATE sessions SET voided = ? WHERE id = ?`, v == model.VoidValue, id)
		return err
	}
	if k, ok := f.Segment(); ok {
		_, err = tx.Exec(`UPDATE segments SET notes = ? WHERE session_id = ? AND kind = ?`, v, id, int(k))
		return err
	}
	if k, ok := f.PlannedSegment(); ok {
		_, err = tx.Exec(`UPDATE segments SET planned = ? WHERE session_id = ? AND kind = ?`, v, id, int(k))
		return err
	}
	return model.FieldErrorf("field", "此项不能更正：%s", "this field cannot be corrected: %s", string(f))
}

// Correct changes a field of a closed session and records the correction
// (who, when, what, old and new value, reason) with the new revision, in
// one transaction. A new date recomputes every sign-in's 月龄 for it, a new
// band which children are outside it; a date in the future, a band not in
// the settings, or a date before a child was born is refused.
func (s *Store) Correct(ctx context.Context, in model.CorrectionInput) (*model.Correction, error) {
	in.Who = strings.TrimSpace(in.Who)
	in.Reason = strings.TrimSpace(in.Reason)
	if err := in.Validate(); err != nil {
		return nil, err
	}
	if !in.Field.Valid() {
		return nil, model.FieldErrorf("field", "此项不能更正：%s", "this field cannot be corrected: %s", string(in.Field))
	}
	if err := in.Field.Check(in.NewValue); err != nil {
		return nil, err
	}
	set, err := s.Settings(ctx)
	if err != nil {
		return nil, err
	}
	if err := s.CheckClock(ctx); err != nil {
		return nil, err
	}
	now := s.Now()
	if err := checkSessionValue(in.Field, in.NewValue, set, model.DateOf(now.In(set.Location()))); err != nil {
		return nil, err
	}
	c := &model.Correction{ID: newID(), SessionID: in.SessionID, Who: in.Who, At: now, Field: in.Field, NewValue: in.NewValue, Reason: in.Reason}
	err = s.write(ctx, func(tx *txn) error {
		sess, err := scanSession(tx.QueryRow(`SELECT `+sessionCols+` FROM sessions WHERE id = ?`, in.SessionID))
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("活动", in.SessionID)
		}
		if err != nil {
			return err
		}
		if sess.State != model.StateClosed {
			return model.Errorf(model.ECONFLICT, "活动尚未结束，可以直接修改，不需要更正", "the session is not closed; edit it directly")
		}
		if err := loadSegments(ctx, tx, sess); err != nil {
			return err
		}
		c.OldValue = in.Field.Value(sess)
		prev := sess.Date
		if c.OldValue == in.NewValue {
			return model.FieldErrorf("value", "新值与原值相同，无需更正", "the new value equals the old one; nothing to correct")
		}
		if in.Field == model.FieldVoid && sess.Voided == (in.NewValue == model.VoidValue) {
			if sess.Voided {
				return model.Errorf(model.ECONFLICT, "活动已作废", "the session is already void")
			}
			return model.Errorf(model.ECONFLICT, "活动没有作废，无需恢复", "the session is not void; nothing to restore")
		}
		c.Revision = sess.Revision + 1
		if err := writeCorrection(tx, in.SessionID, in.Field, in.NewValue); err != nil {
			return err
		}
		in.Field.Set(sess, in.NewValue)
		if in.Field == model.FieldDate || in.Field == model.FieldBand {
			if err := refreshAges(tx, sess, prev); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(`UPDATE sessions SET revision = ?, updated_at = ? WHERE id = ?`, c.Revision, fmtTime(now), in.SessionID); err != nil {
			return err
		}
		_, err = tx.Exec(`INSERT INTO corrections (id, session_id, who, at, field, old_value, new_value, reason, revision) VALUES (?,?,?,?,?,?,?,?,?)`,
			c.ID, c.SessionID, c.Who, fmtTime(now), c.Field, c.OldValue, c.NewValue, c.Reason, c.Revision)
		return err
	})
	if err != nil {
		return nil, err
	}
	s.noteWritten(now)
	s.publish(model.Change{Kind: model.ChangeSession, SessionID: in.SessionID})
	return c, nil
}

// checkSessionValue applies the settings' rules to a session field: a date
// not after today, a band among the configured bands.
func checkSessionValue(f model.CorrectionField, v string, set model.Settings, today model.Date) error {
	switch f {
	case model.FieldDate:
		if d, _ := model.ParseDate(v); d.After(today) {
			return model.FieldErrorf("value", "活动日期不能晚于今天（%s）", "the session date cannot be after today (%s)", today.String())
		}
	case model.FieldBand:
		b, _ := model.ParseAgeBand(v)
		for _, x := range set.Bands {
			if x == b {
				return nil
			}
		}
		choices := make([]string, len(set.Bands))
		for i, x := range set.Bands {
			choices[i] = strconv.Itoa(x.Min) + "-" + strconv.Itoa(x.Max)
		}
		return model.FieldErrorf("value", "月龄段 %[1]s 不在设置的月龄段列表中（可选：%[2]s）", "age band %[1]s is not one of the configured bands (choose from: %[3]s)",
			b.String(), strings.Join(choices, "、"), strings.Join(choices, ", "))
	}
	return nil
}

// refreshAges recomputes every sign-in's 月龄 and outside-band mark for the
// session's date and band as sess now holds them; prev is the date the
// stored 月龄 were computed for. A child not yet born on the date refuses
// the correction. A child whose family was erased has no birth date left:
// its 月龄 moves by the whole months the date moved (never below 0), so the
// 月龄分布 stays right.
func refreshAges(tx *txn, sess *model.Session, prev model.Date) error {
	rows, err := tx.Query(`SELECT si.id, si.age_months, c.name, c.birth_date, c.birth_month FROM sign_ins si JOIN children c ON c.id = si.child_id
		WHERE si.session_id = ?`, sess.ID)
	if err != nil {
		return err
	}
	type age struct {
		id  string
		age int
	}
	var ages []age
	for rows.Next() {
		var id, name, bd, bm string
		var stored int
		if err := rows.Scan(&id, &stored, &name, &bd, &bm); err != nil {
			rows.Close()
			return err
		}
		a := keptAge(stored, prev, sess.Date)
		if bd != "" || bm != "" {
			a = model.Child{BirthDate: parseDate(bd), BirthMonth: parseDate(bm)}.AgeOn(sess.Date)
		}
		if a < 0 {
			rows.Close()
			return model.FieldErrorf("value", "%s 在 %s 时还没有出生：日期不能这样更正", "%s was not yet born on %s: the date cannot be corrected so", name, sess.Date.String())
		}
		ages = append(ages, age{id, a})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, a := range ages {
		if _, err := tx.Exec(`UPDATE sign_ins SET age_months = ?, outside_band = ? WHERE id = ?`, a.age, !sess.Band.Contains(a.age), a.id); err != nil {
			return err
		}
	}
	return nil
}

// keptAge moves a 月龄 stored for the date from to the date to by the whole
// months between them, never below 0: the age of a child whose birth date
// is no longer kept.
func keptAge(stored int, from, to model.Date) int {
	moved := stored
	if to.Before(from) {
		moved -= model.AgeMonths(to, from)
	} else {
		moved += model.AgeMonths(from, to)
	}
	return max(moved, 0)
}

// VoidSession voids a closed session opened by mistake: a correction of
// FieldVoid with its reason. The session and its sign-ins are kept; the
// forms say 已作废 and the statistics table and quota leave it out.
func (s *Store) VoidSession(ctx context.Context, in model.VoidInput) (*model.Correction, error) {
	return s.Correct(ctx, in.Correction())
}

// sessionDate reads a session's date and state inside a transaction.
func sessionDate(tx *txn, id string) (model.Date, model.SessionState, model.AgeBand, error) {
	var date, state string
	var b model.AgeBand
	err := tx.QueryRow(`SELECT date, state, band_min, band_max FROM sessions WHERE id = ?`, id).Scan(&date, &state, &b.Min, &b.Max)
	if errors.Is(err, sql.ErrNoRows) {
		return model.Date{}, "", b, notFound("活动", id)
	}
	return parseDate(date), model.SessionState(state), b, err
}
