package countydb

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"

	"carekiosk/export"
	"carekiosk/model"
)

// familyCorrections keeps the bundle's family corrections — each line, and
// its row with the trail of what followed it — and applies what the
// records alone do not say: a family merged away names the family it went
// into. The children, caregivers and sign-ins they changed arrive as they
// stand in the same bundle. A correction seen before is kept as the newest
// bundle says it (an erasure since overwrote its names), so importing a
// bundle again changes nothing.
func (a *applyState) familyCorrections() error {
	for _, l := range a.in.Bundle.FamilyCorrections {
		r := l.Rec
		if err := a.line("family_correction", r.ID, r.Revision, l.Raw); err != nil {
			return err
		}
		follows, err := json.Marshal(r.Follows)
		if err != nil {
			return err
		}
		if _, err := a.exec(`INSERT INTO family_corrections (id, station, kind, family_id, other_family_id, target_id, old_value, new_value,
			who, at, reason, follows, received_in, received_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)
			ON CONFLICT (id) DO UPDATE SET old_value = excluded.old_value, new_value = excluded.new_value, follows = excluded.follows,
			received_in = excluded.received_in WHERE excluded.received_in >= family_corrections.received_in`,
			r.ID, a.station, r.Kind, r.FamilyID, r.OtherFamilyID, r.TargetID, r.OldValue, r.NewValue, r.Who, r.At, r.Reason,
			string(follows), a.seq, a.now); err != nil {
			return err
		}
		if r.Kind == string(model.FixMerge) {
			if _, err := a.exec(`UPDATE families SET merged_into = ? WHERE id = ? AND station = ?`, r.FamilyID, r.OtherFamilyID, a.station); err != nil {
				return err
			}
		}
	}
	return nil
}

// eraseCorrections overwrites the names, phone numbers and birth dates an
// erased family's corrections keep, in their rows and their record lines.
// The trail stays: who, when, why, the kind, the ages that followed.
func (a *applyState) eraseCorrections(fam string) error {
	mine := `kind IN ('child.name','child.birth','caregiver.name','caregiver.phone') AND station = ?2 AND (family_id = ?1
		OR target_id IN (SELECT id FROM children WHERE family_id = ?1) OR target_id IN (SELECT id FROM caregivers WHERE family_id = ?1))`
	rows, err := a.query(`SELECT id FROM family_corrections WHERE `+mine, fam, a.station)
	if err != nil {
		return err
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, id := range ids {
		if err := a.eraseCorrection(id); err != nil {
			return err
		}
	}
	return nil
}

// eraseCorrection overwrites one correction's personal values.
func (a *applyState) eraseCorrection(id string) error {
	var kind, follows string
	if err := a.queryRow(`SELECT kind, follows FROM family_corrections WHERE id = ?`, id).Scan(&kind, &follows); err != nil {
		return err
	}
	anon := model.Anonymised
	var fl []map[string]any
	if err := json.Unmarshal([]byte(follows), &fl); err != nil {
		return err
	}
	if kind != string(model.FixChildBirth) { // a birth date's follows are ages
		for _, f := range fl {
			f["old_value"], f["new_value"] = anon, anon
		}
	}
	b, err := json.Marshal(fl)
	if err != nil {
		return err
	}
	if _, err := a.exec(`UPDATE family_corrections SET old_value = ?2, new_value = ?2, follows = ?3 WHERE id = ?1`, id, anon, string(b)); err != nil {
		return err
	}
	var rid, body string
	if err := a.queryRow(`SELECT record_id, body FROM records WHERE type = 'family_correction' AND entity_id = ?`, id).Scan(&rid, &body); err != nil {
		return err
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(body), &m); err != nil {
		return err
	}
	m["old_value"], m["new_value"], m["follows"] = anon, anon, fl
	nb, err := json.Marshal(m)
	if err != nil {
		return err
	}
	h := sha256.Sum256(nb)
	_, err = a.exec(`UPDATE records SET body = ?, sha256 = ? WHERE record_id = ?`, string(nb), hex.EncodeToString(h[:]), rid)
	return err
}

// FamilyCorrections lists the family corrections whose trail names a
// sign-in of the session, oldest first, each with its follows, for the
// session's forms.
func (d *DB) FamilyCorrections(ctx context.Context, sessionID string) ([]model.FamilyCorrection, error) {
	rows, err := d.r.QueryContext(ctx, `SELECT id, kind, family_id, other_family_id, target_id, old_value, new_value, who, at, reason, follows
		FROM family_corrections WHERE instr(follows, ?) > 0 ORDER BY at, id`, `"session_id":"`+sessionID+`"`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.FamilyCorrection
	for rows.Next() {
		var c model.FamilyCorrection
		var kind, at, follows string
		if err := rows.Scan(&c.ID, &kind, &c.FamilyID, &c.OtherFamilyID, &c.TargetID, &c.OldValue, &c.NewValue, &c.Who, &at, &c.Reason, &follows); err != nil {
			return nil, err
		}
		var fl []export.FollowRecord
		if err := json.Unmarshal([]byte(follows), &fl); err != nil {
			return nil, err
		}
		for _, f := range fl {
			c.Follows = append(c.Follows, model.CorrectionFollow{Kind: model.FollowKind(f.Kind), ID: f.ID, SessionID: f.SessionID, Seq: f.Seq,
				OldValue: f.OldValue, NewValue: f.NewValue})
		}
		c.Kind, c.At = model.FamilyCorrectionKind(kind), parseTime(at)
		out = append(out, c)
	}
	return out, rows.Err()
}
