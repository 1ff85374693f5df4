package store

import (
	"context"

	"carekiosk/model"
)

// FamilyCopy gathers everything the station holds about one family, for
// the family to take away: the family with its children and caregivers,
// every sign-in (withdrawn ones too) with its session, every consent given
// with the words of each version agreed to, and its erasure if any.
func (s *Store) FamilyCopy(ctx context.Context, familyID string) (model.FamilyCopy, error) {
	var out model.FamilyCopy
	fam, err := s.Family(ctx, familyID)
	if err != nil {
		return out, err
	}
	out.Family = *fam
	if out.SignIns, err = s.familySignIns(ctx, familyID); err != nil {
		return out, err
	}
	if out.Consents, err = s.familyConsents(ctx, familyID); err != nil {
		return out, err
	}
	out.Notices = map[string]string{}
	for _, si := range out.SignIns {
		out.Notices[si.ConsentVersion] = ""
	}
	for _, c := range out.Consents {
		out.Notices[c.Version] = ""
	}
	for v := range out.Notices {
		text, ok, err := s.ConsentNotice(ctx, v, model.LangZH)
		if err != nil {
			return out, err
		}
		if ok {
			out.Notices[v] = text
		} else {
			delete(out.Notices, v)
		}
	}
	if out.Corrections, err = s.FamilyCorrections(ctx, familyID); err != nil {
		return out, err
	}
	list, err := s.Erasures(ctx)
	if err != nil {
		return out, err
	}
	for i := range list {
		if list[i].FamilyID == familyID {
			out.Erasure = &list[i]
		}
	}
	return out, nil
}

func (s *Store) familySignIns(ctx context.Context, familyID string) ([]model.FamilySignIn, error) {
	const cols = `se.date, se.title, se.station, se.unit, si.seq, c.name, cg.name, si.relation, si.age_months, si.method,
		si.signed_name, si.signature_png IS NOT NULL OR si.signature_id IS NOT NULL, si.consent_version, si.signed_at`
	const joins = ` se ON se.id = si.session_id JOIN children c ON c.id = si.child_id JOIN caregivers cg ON cg.id = si.caregiver_id WHERE si.family_id = ?`
	rows, err := s.r.QueryContext(ctx, `SELECT `+cols+`, 0 FROM sign_ins si JOIN sessions`+joins+`
		UNION ALL SELECT `+cols+`, 1 FROM withdrawn_sign_ins si JOIN sessions`+joins+` ORDER BY 1, 5`, familyID, familyID)
	if err != nil {
		return nil, storageErr(err)
	}
	defer rows.Close()
	var out []model.FamilySignIn
	for rows.Next() {
		var si model.FamilySignIn
		var date, rel, method, at string
		if err := rows.Scan(&date, &si.Title, &si.Station, &si.Unit, &si.Seq, &si.Child, &si.Caregiver, &rel, &si.AgeMonths, &method,
			&si.SignedName, &si.Signature, &si.ConsentVersion, &at, &si.Withdrawn); err != nil {
			return nil, storageErr(err)
		}
		si.Date, si.Relation, si.Method, si.SignedAt = parseDate(date), model.Relation(rel), model.SignInMethod(method), parseTime(at)
		out = append(out, si)
	}
	return out, storageErr(rows.Err())
}

func (s *Store) familyConsents(ctx context.Context, familyID string) ([]model.GivenConsent, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT cg.name, cg.relation, k.version, k.agreed_at, k.method
		FROM caregiver_consents k JOIN caregivers cg ON cg.id = k.caregiver_id WHERE cg.family_id = ? ORDER BY k.agreed_at`, familyID)
	if err != nil {
		return nil, storageErr(err)
	}
	defer rows.Close()
	var out []model.GivenConsent
	for rows.Next() {
		var c model.GivenConsent
		var rel, at, method string
		if err := rows.Scan(&c.Caregiver, &rel, &c.Version, &at, &method); err != nil {
			return nil, storageErr(err)
		}
		c.Relation, c.AgreedAt, c.Method = model.Relation(rel), parseTime(at), model.SignInMethod(method)
		out = append(out, c)
	}
	return out, storageErr(rows.Err())
}
