package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"carekiosk/model"
)

// errDryRun rolls back a dry run's transaction once everything was tried.
var errDryRun = errors.New("dry run")

// paperTitle is the 活动内容 of a session known only from its 签到表.
const paperTitle = "纸质签到表"

// ImportPaper stores sessions read from kept paper or Excel sheets, all in
// one transaction: a failure stores nothing. A session is the same as one
// already stored on the same date at the same 活动地点; a family is the
// same as one with a caregiver of that phone and a child of that name. So
// importing a sheet again stores nothing new, and a sheet fixed after a
// first import adds only its fixed rows. Records are dated as held; the
// time they were entered and their file, sheet and row are kept beside
// them. With dryRun the same work is done and rolled back, so the outcomes
// say exactly what a real run would store.
func (s *Store) ImportPaper(ctx context.Context, list []model.PaperSession, dryRun bool) ([]model.PaperOutcome, error) {
	set, err := s.Settings(ctx)
	if err != nil {
		return nil, err
	}
	if set.StationID == "" {
		return nil, model.Errorf(model.ECONFLICT, "请先在设置中选择单位和活动地点，再导入旧表", "set the unit and station in the settings before importing old sheets")
	}
	if !dryRun {
		if err := s.CheckClock(ctx); err != nil {
			return nil, err
		}
	}
	now := s.Now()
	var out []model.PaperOutcome
	err = s.write(ctx, func(tx *txn) error {
		out = out[:0]
		var st model.Station
		if err := tx.QueryRow(`SELECT id, name, unit_id FROM stations WHERE id = ?`, set.StationID).Scan(&st.ID, &st.Name, &st.UnitID); err != nil {
			return err
		}
		var unit string
		if err := tx.QueryRow(`SELECT name FROM units WHERE id = ?`, st.UnitID).Scan(&unit); err != nil {
			return err
		}
		p := paperImport{tx: tx, now: now, loc: set.Location(), bands: set.Bands, station: st, unit: unit, origin: model.OriginImported}
		for _, ps := range list {
			o, err := p.session(ps)
			if err != nil {
				return err
			}
			out = append(out, o)
		}
		if dryRun {
			return errDryRun
		}
		return nil
	})
	if dryRun && errors.Is(err, errDryRun) {
		return out, nil
	}
	if err != nil {
		return nil, err
	}
	s.noteWritten(now)
	s.publish(model.Change{Kind: model.ChangeSession})
	return out, nil
}

// paperImport is one import's transaction and what every session shares.
type paperImport struct {
	tx      *txn
	now     time.Time
	loc     *time.Location
	bands   []model.AgeBand
	station model.Station
	unit    string
	origin  string // of the sessions it makes
}

// session stores one paper session and its sign-ins.
func (p *paperImport) session(ps model.PaperSession) (model.PaperOutcome, error) {
	o := model.PaperOutcome{Source: ps.Source, Date: ps.Date, Station: ps.Station}
	if ps.UnitColumn && ps.Unit == "" {
		o.Refused = model.Errorf(model.EINVALID, "“单位”为空（表中没有写是哪个单位），请在表中填写后再导入", "the 单位 cell is empty: write the unit in the sheet and import again")
		return o, nil
	}
	if ps.Unit != "" && model.FoldName(ps.Unit) != model.FoldName(p.unit) {
		o.Refused = model.Errorf(model.ECONFLICT, "这一行是「%s」的活动，不属于本单位「%s」（全县的汇总表请由县妇计中心导入）",
			"this row is a session of %q, not of this unit %q (the county center imports county-wide tables)", ps.Unit, p.unit)
		return o, nil
	}
	id, origin, err := p.findSession(ps)
	if err != nil {
		return o, err
	}
	if id != "" && origin == model.OriginKiosk {
		return p.kioskSession(id, ps, o)
	}
	if id == "" {
		if id, err = p.newSession(ps); err != nil {
			return o, err
		}
		o.NewSession = true
	}
	families := map[string]bool{}
	byPhone := map[string]string{}
	for _, row := range ps.SignIns {
		fam, created, known, err := p.signIn(id, ps, row, byPhone)
		if err != nil {
			return o, err
		}
		if !families[fam] {
			families[fam] = true
			o.Families++
		}
		if created {
			o.NewFamilies++
		}
		if known {
			o.KnownSignIns++
		} else {
			o.NewSignIns++
		}
	}
	return o, nil
}

// kioskSession compares a sheet with a session held on the kiosk (the
// sheet was exported by carekiosk, or kept beside it). A kiosk record is
// never changed by a sheet: when every row is already signed in the sheet
// is already there; otherwise nothing of it is stored, and the report says
// why.
func (p *paperImport) kioskSession(id string, ps model.PaperSession, o model.PaperOutcome) (model.PaperOutcome, error) {
	families := map[string]bool{}
	missing := 0
	for _, row := range ps.SignIns {
		family, child, err := p.matchChild(ps.Date, row)
		if err != nil {
			return o, err
		}
		seen := 0
		if family != "" {
			if err := p.tx.QueryRow(`SELECT count(*) FROM sign_ins WHERE session_id = ? AND child_id = ?`, id, child).Scan(&seen); err != nil {
				return o, err
			}
		}
		if seen == 0 {
			missing++
			continue
		}
		families[family] = true
		o.KnownSignIns++
	}
	o.Families = len(families)
	if missing > 0 {
		o.Families, o.KnownSignIns = 0, 0
		o.Refused = model.Errorf(model.ECONFLICT, "这场活动已在本机记录，表中有 %d 行本机没有；本机的记录不会被表格改动，此表未导入", "this session was held on the kiosk and the sheet has %d rows it lacks; a kiosk record is not changed by a sheet, so the sheet was not imported", missing)
	}
	return o, nil
}

// findSession returns the session already stored on the date at the place.
func (p *paperImport) findSession(ps model.PaperSession) (id, origin string, err error) {
	err = p.tx.QueryRow(`SELECT id, origin FROM sessions WHERE date = ? AND station = ? ORDER BY origin = '' DESC, created_at LIMIT 1`,
		ps.Date.String(), ps.Station).Scan(&id, &origin)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", nil
	}
	return id, origin, err
}

// newSession stores a closed session dated as held, entered now.
func (p *paperImport) newSession(ps model.PaperSession) (string, error) {
	band := ps.Band
	if band.IsZero() {
		ages := make([]int, len(ps.SignIns))
		for i, si := range ps.SignIns {
			ages[i] = si.Age.Months
		}
		band = model.BandOfMost(p.bands, ages)
	}
	title := ps.Title
	if title == "" {
		title = paperTitle
	}
	id, now := newID(), fmtTime(p.now)
	if _, err := p.tx.Exec(`INSERT INTO sessions (`+sessionCols+`, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,'','closed','','','','',?,'',?,1,?,0,?)`,
		id, ps.Date.String(), p.station.ID, ps.Station, p.station.UnitID, p.unit, band.Min, band.Max, title, ps.Instructor,
		now, now, p.origin, now); err != nil {
		return "", err
	}
	for k := range model.SegmentKinds {
		if _, err := p.tx.Exec(`INSERT INTO segments (session_id, kind) VALUES (?,?)`, id, k); err != nil {
			return "", err
		}
	}
	return id, p.source("session", id, ps.Source, ps.Families)
}

// source records where a record was read and when it was entered; a
// session entered by hand from a paper sheet has no file to name.
func (p *paperImport) source(record, id string, src model.PaperSource, families int) error {
	if src.File == "" {
		return nil
	}
	_, err := p.tx.Exec(`INSERT OR IGNORE INTO paper_sources (record, record_id, file, sheet, row, families, entered_at) VALUES (?,?,?,?,?,?,?)`,
		record, id, src.File, src.Sheet, src.Row, families, fmtTime(p.now))
	return err
}

// signIn stores one paper sign-in unless the child is already signed in to
// the session. Children on one sheet with the same phone are siblings
// brought by one caregiver: one family (byPhone remembers it). It returns
// the family, whether this import made it, and whether the sign-in was
// already there.
func (p *paperImport) signIn(sessionID string, ps model.PaperSession, row model.PaperSignIn, byPhone map[string]string) (family string, created, known bool, err error) {
	family, childID, err := p.matchChild(ps.Date, row)
	if err != nil {
		return "", false, false, err
	}
	switch {
	case family == "" && byPhone[row.Phone] != "":
		family = byPhone[row.Phone]
		if childID, err = p.newChild(family, ps.Date, row); err != nil {
			return "", false, false, err
		}
	case family == "":
		created = true
		if family, childID, err = p.newFamily(ps.Date, row); err != nil {
			return "", false, false, err
		}
	default:
		var seen int
		if err := p.tx.QueryRow(`SELECT count(*) FROM sign_ins WHERE session_id = ? AND child_id = ?`, sessionID, childID).Scan(&seen); err != nil {
			return "", false, false, err
		}
		if seen > 0 {
			byPhone[row.Phone] = family
			return family, false, true, nil
		}
	}
	byPhone[row.Phone] = family
	in := model.SignInInput{Phone: row.Phone, Relation: row.Relation, Caregiver: row.SignedName}
	caregiverID, _, err := resolveCaregiver(p.tx, family, in, p.now)
	if err != nil {
		return "", false, false, err
	}
	var seq, bandMin, bandMax int
	if err := p.tx.QueryRow(`SELECT max(coalesce((SELECT max(seq) FROM sign_ins WHERE session_id = ?1), 0),
		coalesce((SELECT max(seq) FROM withdrawn_sign_ins WHERE session_id = ?1), 0)) + 1,
		(SELECT band_min FROM sessions WHERE id = ?1), (SELECT band_max FROM sessions WHERE id = ?1)`, sessionID).Scan(&seq, &bandMin, &bandMax); err != nil {
		return "", false, false, err
	}
	signed := row.SignedName
	if signed == "" {
		signed = model.PaperSignedName
	}
	id := newID()
	band := model.AgeBand{Min: bandMin, Max: bandMax}
	if _, err := p.tx.Exec(`INSERT INTO sign_ins (id, session_id, seq, child_id, family_id, caregiver_id, relation, age_months, method,
		signature_png, signed_name, consent_version, nonce, signed_at, outside_band) VALUES (?,?,?,?,?,?,?,?,?,NULL,?,'',NULL,?,?)`,
		id, sessionID, seq, childID, family, caregiverID, string(row.Relation), row.Age.Months, string(model.MethodPaper),
		signed, fmtTime(ps.Date.Time(p.loc)), !band.Contains(row.Age.Months)); err != nil {
		return "", false, false, err
	}
	return family, created, false, p.source("sign_in", id, row.Source, -1)
}

// matchChild finds a returning family's child: a child of that name in a
// family with a caregiver of that phone, whose recorded birth agrees with
// the age on the sheet (within two months: a parent may round). Two
// children of one name a number apart in age are not taken for one.
func (p *paperImport) matchChild(on model.Date, row model.PaperSignIn) (family, child string, err error) {
	rows, err := p.tx.Query(`SELECT c.family_id, c.id, c.birth_date, c.birth_month FROM children c JOIN families f ON f.id = c.family_id
		WHERE c.name = ? AND f.merged_into = '' AND EXISTS (SELECT 1 FROM caregivers cg WHERE cg.family_id = c.family_id AND cg.phone = ?)
		ORDER BY f.created_at`, row.Child, row.Phone)
	if err != nil {
		return "", "", err
	}
	defer rows.Close()
	for rows.Next() {
		var f, c, bd, bm string
		if err := rows.Scan(&f, &c, &bd, &bm); err != nil {
			return "", "", err
		}
		known := model.Child{BirthDate: parseDate(bd), BirthMonth: parseDate(bm)}
		if diff := known.AgeOn(on) - row.Age.Months; (known.BirthDate.IsZero() && known.BirthMonth.IsZero()) || (diff >= -2 && diff <= 2) {
			return f, c, nil
		}
	}
	return "", "", rows.Err()
}

// newFamily makes a family with the row's child. A phone another family
// has marks it 可能重复, as at the kiosk.
func (p *paperImport) newFamily(on model.Date, row model.PaperSignIn) (family, child string, err error) {
	dup, err := duplicateOf(p.tx, row.Phone)
	if err != nil {
		return "", "", err
	}
	family = newID()
	for try := 0; ; try++ {
		_, err = p.tx.Exec(`INSERT INTO families (id, card_code, created_at, duplicate_of) VALUES (?,?,?,?)`, family, model.NewCardCode(), fmtTime(p.now), dup)
		if err == nil {
			break
		}
		if try == 3 {
			return "", "", err
		}
	}
	child, err = p.newChild(family, on, row)
	return family, child, err
}

// newChild adds the row's child to a family, with its birth date or, when
// the sheet gave an age, its birth month.
func (p *paperImport) newChild(family string, on model.Date, row model.PaperSignIn) (string, error) {
	var birth, month string
	if row.Age.BirthDate.IsZero() {
		month = model.BirthMonthFromAge(row.Age.Months, on).String()
	} else {
		birth = row.Age.BirthDate.String()
	}
	child := newID()
	_, err := p.tx.Exec(`INSERT INTO children (id, family_id, name, birth_date, birth_month, created_at) VALUES (?,?,?,?,?,?)`,
		child, family, row.Child, birth, month, fmtTime(p.now))
	return child, err
}

// BackfillSession enters a session held on paper (补录): closed, dated as
// held, marked 纸质补录, with its segments, summary and the sign-ins of its
// paper sheet (signed on paper). Its entered-at (created_at) is now. A
// family is matched by phone and child as in ImportPaper. The caller has
// checked the PIN.
func (s *Store) BackfillSession(ctx context.Context, in model.BackfillInput) (*model.Session, error) {
	set, err := s.Settings(ctx)
	if err != nil {
		return nil, err
	}
	if set.StationID == "" {
		return nil, model.Errorf(model.ECONFLICT, "请先在设置中选择单位和活动地点", "set the unit and station in the settings first")
	}
	if err := s.CheckClock(ctx); err != nil {
		return nil, err
	}
	now := s.Now()
	in.Title, in.Instructor, in.Station = strings.TrimSpace(in.Title), strings.TrimSpace(in.Instructor), strings.TrimSpace(in.Station)
	if err := in.Validate(model.DateOf(now.In(set.Location())), set.Bands); err != nil {
		return nil, err
	}
	var id string
	err = s.write(ctx, func(tx *txn) error {
		p := paperImport{tx: tx, now: now, loc: set.Location(), bands: set.Bands, origin: model.OriginBackfill}
		if err := tx.QueryRow(`SELECT s.id, s.name, s.unit_id, u.name FROM stations s JOIN units u ON u.id = s.unit_id WHERE s.id = ?`, set.StationID).
			Scan(&p.station.ID, &p.station.Name, &p.station.UnitID, &p.unit); err != nil {
			return err
		}
		station := in.Station
		if station == "" {
			station = p.station.Name
		}
		ps := model.PaperSession{Date: in.Date, Station: station, Instructor: in.Instructor, Title: in.Title, Band: in.Band, Families: -1, SignIns: in.SignIns}
		if existing, _, err := p.findSession(ps); err != nil || existing != "" {
			if err == nil {
				err = model.Errorf(model.ECONFLICT, "%s 在%s已有一场活动的记录，不能再补录", "a session on %s at %s is already recorded; it cannot be backfilled again", in.Date, station)
			}
			return err
		}
		var err error
		if id, err = p.newSession(ps); err != nil {
			return err
		}
		if _, err := tx.Exec(`UPDATE sessions SET areas = ?, sum_handover = ?, sum_cooperation = ?, sum_incidents = ?, sum_other = ? WHERE id = ?`,
			joinAreas(in.Areas), in.Summary.Handover, in.Summary.Cooperation, in.Summary.Incidents, in.Summary.Other, id); err != nil {
			return err
		}
		for k, text := range in.Segments {
			if _, err := tx.Exec(`UPDATE segments SET planned = ? WHERE session_id = ? AND kind = ?`, strings.TrimSpace(text), id, k); err != nil {
				return err
			}
		}
		byPhone := map[string]string{}
		for _, row := range in.SignIns {
			if _, _, _, err := p.signIn(id, ps, row, byPhone); err != nil {
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
