package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"carekiosk/model"
)

// Family returns a family with its children and caregivers.
func (s *Store) Family(ctx context.Context, id string) (*model.Family, error) {
	fams, err := s.loadFamilies(ctx, []string{id})
	if err != nil {
		return nil, err
	}
	if len(fams) == 0 {
		return nil, notFound("家庭", id)
	}
	return &fams[0], nil
}

// FindFamilies finds families by phone, the phone's last four digits, a
// child's name or the family card code.
func (s *Store) FindFamilies(ctx context.Context, q model.FamilyQuery) ([]model.Family, error) {
	limit := q.Limit
	if limit <= 0 {
		limit = 50
	}
	var query string
	var arg string
	switch {
	case q.CardCode != "":
		// A merged family's card finds the family it went into.
		query, arg = `SELECT CASE merged_into WHEN '' THEN id ELSE merged_into END FROM families WHERE card_code = ?`, strings.ToUpper(strings.TrimSpace(q.CardCode))
	case q.Phone != "":
		p, err := model.NormalizePhone(q.Phone)
		if err != nil {
			return nil, err
		}
		query, arg = `SELECT DISTINCT family_id FROM caregivers WHERE phone = ?`, p
	case q.PhoneLast4 != "":
		d := strings.TrimSpace(q.PhoneLast4)
		if len(d) != 4 || strings.Trim(d, "0123456789") != "" {
			return nil, model.FieldErrorf("phone", "请输入手机号码的后 4 位数字", "enter the last 4 digits of the phone number")
		}
		query, arg = `SELECT DISTINCT family_id FROM caregivers WHERE substr(phone, -4) = ?`, d
	case strings.TrimSpace(q.ChildName) != "":
		name := strings.TrimSpace(q.ChildName)
		name = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(name)
		query, arg = `SELECT DISTINCT family_id FROM children WHERE name LIKE '%' || ? || '%' ESCAPE '\'`, name
	default:
		return nil, nil
	}
	// An erased family is no longer anyone's to find.
	rows, err := s.r.QueryContext(ctx, `WITH found (id) AS (`+query+`) SELECT id FROM found WHERE id NOT IN (SELECT family_id FROM family_erasures) LIMIT ?`, arg, limit)
	if err != nil {
		return nil, storageErr(err)
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, storageErr(err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	return s.loadFamilies(ctx, ids)
}

func (s *Store) loadFamilies(ctx context.Context, ids []string) ([]model.Family, error) {
	var out []model.Family
	for _, id := range ids {
		var f model.Family
		var created string
		err := s.r.QueryRowContext(ctx, `SELECT id, card_code, created_at, duplicate_of, EXISTS (SELECT 1 FROM family_erasures WHERE family_id = families.id)
			FROM families WHERE id = ?`, id).Scan(&f.ID, &f.CardCode, &created, &f.DuplicateOf, &f.Erased)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return nil, storageErr(err)
		}
		f.CreatedAt = parseTime(created)
		rows, err := s.r.QueryContext(ctx, `SELECT id, name, birth_date, birth_month FROM children WHERE family_id = ? ORDER BY created_at`, id)
		if err != nil {
			return nil, storageErr(err)
		}
		for rows.Next() {
			c := model.Child{FamilyID: id}
			var bd, bm string
			if err := rows.Scan(&c.ID, &c.Name, &bd, &bm); err != nil {
				rows.Close()
				return nil, storageErr(err)
			}
			c.BirthDate, c.BirthMonth = parseDate(bd), parseDate(bm)
			f.Children = append(f.Children, c)
		}
		rows.Close()
		rows, err = s.r.QueryContext(ctx, `SELECT id, name, phone, relation FROM caregivers WHERE family_id = ? ORDER BY created_at`, id)
		if err != nil {
			return nil, storageErr(err)
		}
		for rows.Next() {
			c := model.Caregiver{FamilyID: id}
			var rel string
			if err := rows.Scan(&c.ID, &c.Name, &c.Phone, &rel); err != nil {
				rows.Close()
				return nil, storageErr(err)
			}
			c.Relation = model.Relation(rel)
			f.Caregivers = append(f.Caregivers, c)
		}
		rows.Close()
		out = append(out, f)
	}
	return out, nil
}

// Attendance lists the sessions a child signed in to, newest first.
func (s *Store) Attendance(ctx context.Context, childID string) ([]model.Attendance, error) {
	rows, err := s.r.QueryContext(ctx, signInSelect+` WHERE si.child_id = ? ORDER BY si.signed_at DESC`, childID)
	if err != nil {
		return nil, storageErr(err)
	}
	sis, err := scanSignIns(rows)
	if err != nil {
		return nil, storageErr(err)
	}
	out := make([]model.Attendance, 0, len(sis))
	for _, si := range sis {
		a := model.Attendance{SignIn: si}
		var date string
		if err := s.r.QueryRowContext(ctx, `SELECT date, title, band_min, band_max, station FROM sessions WHERE id = ?`, si.SessionID).
			Scan(&date, &a.Title, &a.Band.Min, &a.Band.Max, &a.Station); err != nil {
			return nil, storageErr(err)
		}
		a.Date = parseDate(date)
		out = append(out, a)
	}
	return out, nil
}

// FamiliesDue lists children whose age on date on falls in band and who have
// not signed in to any session since notSince, youngest last-seen first.
func (s *Store) FamiliesDue(ctx context.Context, band model.AgeBand, on, notSince model.Date, limit int) ([]model.DueChild, error) {
	if limit <= 0 {
		limit = 20
	}
	// Candidates by birth range: a child is in band on date on when born
	// between on-(Max+1) months (exclusive) and on-Min months. On the last
	// day of a month, every child born later in the month on-Min months
	// ago has completed Min months too (born 01-31 is 1 month on 02-28).
	earliest := on.AddMonths(-(band.Max + 1)).String()
	last := on.AddMonths(-band.Min)
	if on.AddDays(1).Day == 1 {
		last = model.Date{Year: last.Year, Month: last.Month, Day: 1}.AddMonths(1).AddDays(-1)
	}
	latest := last.String()
	rows, err := s.r.QueryContext(ctx, `SELECT c.id, c.family_id, c.name, c.birth_date, c.birth_month,
		coalesce((SELECT max(se.date) FROM sign_ins si JOIN sessions se ON se.id = si.session_id WHERE si.child_id = c.id), '') AS last
		FROM children c
		WHERE (c.birth_date <> '' AND c.birth_date >= ? AND c.birth_date <= ?) OR (c.birth_date = '' AND c.birth_month >= ? AND c.birth_month <= ?)
		ORDER BY last, c.name`, earliest, latest, earliest[:8]+"01", latest)
	if err != nil {
		return nil, storageErr(err)
	}
	var due []model.DueChild
	for rows.Next() {
		var d model.DueChild
		var bd, bm, last string
		if err := rows.Scan(&d.Child.ID, &d.Child.FamilyID, &d.Child.Name, &bd, &bm, &last); err != nil {
			rows.Close()
			return nil, storageErr(err)
		}
		d.Child.BirthDate, d.Child.BirthMonth = parseDate(bd), parseDate(bm)
		d.AgeMonths = d.Child.AgeOn(on)
		d.LastSeen = parseDate(last)
		if !band.Contains(d.AgeMonths) || (!d.LastSeen.IsZero() && !d.LastSeen.Before(notSince)) {
			continue
		}
		due = append(due, d)
		if len(due) >= limit {
			break
		}
	}
	rows.Close()
	for i := range due {
		fams, err := s.loadFamilies(ctx, []string{due[i].Child.FamilyID})
		if err != nil {
			return nil, err
		}
		if len(fams) > 0 {
			due[i].Family = fams[0]
		}
	}
	return due, nil
}
