package countydb

import (
	"context"
	"database/sql"

	"carekiosk/model"
)

// signInChanges keeps every sign-in change line of the bundle and its row
// (a change already held is left as it is: importing again changes
// nothing). The sign-ins themselves follow the bundle's sign-in list (see
// signIns); a removed or withdrawn one the county holds moves to
// withdrawn_sign_ins there, and its reason and who are read from here.
func (a *applyState) signInChanges() error {
	for _, l := range a.in.Bundle.SignInChanges {
		r := l.Rec
		if err := a.line("sign_in_change", r.ID, r.Revision, l.Raw); err != nil {
			return err
		}
		if _, err := a.exec(`INSERT INTO sign_in_changes (id, station, session_id, sign_in_id, seq, kind, who, at, reason, old_value, new_value,
			old_age, new_age, received_in, received_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (id) DO NOTHING`,
			r.ID, a.station, r.SessionID, r.SignInID, r.Seq, r.Kind, r.Who, r.At, r.Reason, r.OldValue, r.NewValue, r.OldAge, r.NewAge,
			a.seq, a.now); err != nil {
			return err
		}
	}
	return nil
}

// SignInChanges lists a session's sign-in changes, oldest first, with the
// names their values stand for as the county holds them.
func (d *DB) SignInChanges(ctx context.Context, sessionID string) ([]model.SignInChange, error) {
	rows, err := d.r.QueryContext(ctx, `SELECT ch.id, ch.session_id, ch.sign_in_id, ch.seq, ch.kind, ch.who, ch.at, ch.reason,
		ch.old_value, ch.new_value, ch.old_age, ch.new_age,
		CASE ch.kind WHEN 'relation' THEN ch.old_value WHEN 'caregiver' THEN coalesce(og.name, '') ELSE coalesce(oc.name, '') END,
		CASE ch.kind WHEN 'relation' THEN ch.new_value WHEN 'caregiver' THEN coalesce(ng.name, '') ELSE coalesce(nc.name, '') END
		FROM sign_in_changes ch
		LEFT JOIN children oc ON oc.id = ch.old_value LEFT JOIN children nc ON nc.id = ch.new_value
		LEFT JOIN caregivers og ON og.id = ch.old_value LEFT JOIN caregivers ng ON ng.id = ch.new_value
		WHERE ch.session_id = ? ORDER BY ch.at, ch.rowid`, sessionID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.SignInChange
	for rows.Next() {
		var c model.SignInChange
		var kind, at string
		var oldName, newName sql.NullString
		if err := rows.Scan(&c.ID, &c.SessionID, &c.SignInID, &c.Seq, &kind, &c.Who, &at, &c.Reason, &c.OldValue, &c.NewValue,
			&c.OldAge, &c.NewAge, &oldName, &newName); err != nil {
			return nil, err
		}
		c.Kind, c.At, c.OldName, c.NewName = model.SignInChangeKind(kind), parseTime(at), oldName.String, newName.String
		out = append(out, c)
	}
	return out, rows.Err()
}
