package countydb

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"

	"carekiosk/model"
	"carekiosk/store"
)

// erasures applies the bundle's erasure records: each erased family's
// children, caregivers and sign-ins lose their names, phone numbers, birth
// dates and signatures, in the typed rows and in every record line kept
// (those a newer bundle no longer carries too, such as withdrawn
// sign-ins). Rows stay, so counts and age distributions do not change. A
// family already erased is erased again harmlessly. A bundle older than
// one that carried an erasure (bundles come in any order) may bring the
// family's lines from before it — a sign-in removed since, which no newer
// bundle carries — so the station's erasures received with newer bundles
// are applied again after it.
func (a *applyState) erasures() error {
	if err := a.bundleErasures(); err != nil || a.first {
		return err
	}
	rows, err := a.query(`SELECT DISTINCT family_id FROM erasures WHERE station = ? AND received_in > ?`, a.station, a.seq)
	if err != nil {
		return err
	}
	var fams []string
	for rows.Next() {
		var f string
		if err := rows.Scan(&f); err != nil {
			rows.Close()
			return err
		}
		fams = append(fams, f)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, f := range fams {
		if err := a.eraseFamily(f); err != nil {
			return err
		}
	}
	return nil
}

// bundleErasures keeps and applies the erasure lines of the bundle.
func (a *applyState) bundleErasures() error {
	for _, l := range a.in.Bundle.Erasures {
		r := l.Rec
		if err := a.line("erasure", r.ID, r.Revision, l.Raw); err != nil {
			return err
		}
		if _, err := a.exec(`INSERT INTO erasures (id, station, family_id, kind, at, consent_withdrawn, received_in, received_at)
			VALUES (?,?,?,?,?,?,?,?) ON CONFLICT (id) DO NOTHING`, r.ID, a.station, r.FamilyID, r.Kind, r.At, r.ConsentWithdrawn, a.seq, a.now); err != nil {
			return err
		}
		if err := a.eraseFamily(r.FamilyID); err != nil {
			return err
		}
	}
	return nil
}

// erasedFields are the fields of each record type that hold personal data,
// with what they become.
var erasedFields = map[string]map[string]any{
	"child":     {"name": model.Anonymised, "birth_date": "", "birth_month": ""},
	"caregiver": {"name": model.Anonymised, "phone": ""},
	"sign_in":   {"child_name": model.Anonymised, "caregiver": model.Anonymised, "phone": "", "signed_name": model.Anonymised, "signature": "", "signature_sha256": ""},
	// A sign-in one of the family's caregivers signed for a child now of
	// another family (a split, a correction): hers are the caregiver's
	// fields, not the child's.
	"signed_by": {"caregiver": model.Anonymised, "phone": "", "signed_name": model.Anonymised, "signature": "", "signature_sha256": ""},
}

// signedByFamily selects the station's (?3) sign-ins that a caregiver of
// family ?1 signed, whichever family they belong to now: the sign-in still
// names her, or a correction of its caregiver moved it from her.
const signedByFamily = `(json_extract(body, '$.caregiver_id') IN (SELECT id FROM caregivers WHERE family_id = ?1 AND station = ?3)
	OR entity_id IN (SELECT sign_in_id FROM sign_in_changes WHERE kind = 'caregiver' AND station = ?3
		AND old_value IN (SELECT id FROM caregivers WHERE family_id = ?1 AND station = ?3)))`

func (a *applyState) eraseFamily(fam string) error {
	anon := model.Anonymised
	// Every statement keeps to the station's own rows (?3): an erasure
	// never reaches another station's family.
	for _, q := range []string{
		`UPDATE children SET name = ?2, birth_date = '', birth_month = '' WHERE family_id = ?1 AND station = ?3`,
		`UPDATE caregivers SET name = ?2, phone = '' WHERE family_id = ?1 AND station = ?3`,
		`UPDATE sign_ins SET child_name = ?2, caregiver = ?2, phone = '', signed_name = ?2, signature_png = NULL WHERE family_id = ?1
			AND session_id IN (SELECT id FROM sessions WHERE station = ?3)`,
		`UPDATE withdrawn_sign_ins SET child_name = ?2 WHERE id IN (SELECT entity_id FROM records WHERE type = 'sign_in' AND station = ?3
			AND json_extract(body, '$.family_id') = ?1)`,
		`UPDATE sign_ins SET caregiver = ?2, phone = '', signed_name = ?2, signature_png = NULL WHERE id IN
			(SELECT entity_id FROM records WHERE type = 'sign_in' AND station = ?3 AND ` + signedByFamily + `)`,
	} {
		if _, err := a.exec(q, fam, anon, a.station); err != nil {
			return err
		}
	}
	if err := a.eraseCorrections(fam); err != nil {
		return err
	}
	return a.eraseLines(fam)
}

// eraseLines overwrites the personal fields of the family's record lines.
func (a *applyState) eraseLines(fam string) error {
	rows, err := a.query(`SELECT record_id, type, body FROM records WHERE type IN ('child','caregiver','sign_in') AND station = ?3
		AND json_extract(body, '$.family_id') = ?1
		UNION ALL SELECT record_id, 'signed_by', body FROM records WHERE type = 'sign_in' AND station = ?3
		AND json_extract(body, '$.family_id') <> ?1 AND `+signedByFamily, fam, nil, a.station) // ?2 unused
	if err != nil {
		return err
	}
	type line struct{ id, typ, body string }
	var lines []line
	for rows.Next() {
		var l line
		if err := rows.Scan(&l.id, &l.typ, &l.body); err != nil {
			rows.Close()
			return err
		}
		lines = append(lines, l)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, l := range lines {
		var m map[string]any
		if err := json.Unmarshal([]byte(l.body), &m); err != nil {
			return err
		}
		for k, v := range erasedFields[l.typ] {
			if _, ok := m[k]; ok {
				m[k] = v
			}
		}
		b, err := json.Marshal(m)
		if err != nil {
			return err
		}
		h := sha256.Sum256(b)
		if _, err := a.exec(`UPDATE records SET body = ?, sha256 = ? WHERE record_id = ?`, string(b), hex.EncodeToString(h[:]), l.id); err != nil {
			return err
		}
	}
	return nil
}

// secureDelete makes SQLite overwrite replaced content with zeros on the
// writer connection, so erased data does not linger in free space.
func (d *DB) secureDelete(ctx context.Context) error {
	_, err := d.w.ExecContext(ctx, "PRAGMA secure_delete = ON")
	return store.StorageError(err)
}

// afterErasure rebuilds the database file once a bundle with erasures was
// applied and empties the WAL: copies of the erased rows that earlier
// writes left in unused parts of pages go too, not only what the erasure
// itself freed.
func (d *DB) afterErasure(ctx context.Context) error {
	if _, err := d.w.ExecContext(ctx, "VACUUM"); err != nil {
		return store.StorageError(err)
	}
	_, err := d.w.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
	return store.StorageError(err)
}
