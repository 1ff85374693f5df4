package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"carekiosk/model"
)

// SignIn records one caregiver signing in one or more children of a family.
// A child already signed in to the session keeps its first 序号 and is
// reported as Existing; a retried submission with the same nonce creates
// nothing new. It returns only after the sign-in is durably stored.
func (s *Store) SignIn(ctx context.Context, in model.SignInInput) (*model.SignInResult, error) {
	if err := s.CheckClock(ctx); err != nil {
		return nil, err
	}
	now := s.Now()
	var res *model.SignInResult
	err := s.writeSmall(ctx, func(tx *txn) (err error) {
		res, err = signInTx(tx, in, now)
		return err
	})
	if err != nil {
		return nil, err
	}
	s.noteWritten(now)
	var fresh []model.SignIn
	for i, si := range res.SignIns {
		if !res.Existing[i] {
			fresh = append(fresh, si)
		}
	}
	if len(fresh) > 0 {
		s.publish(model.Change{Kind: model.ChangeSignIn, SessionID: in.SessionID, SignIns: fresh})
	}
	return res, nil
}

// signInSession is what a sign-in needs of its session, and of the family
// and child it names, read with the session (readSignInSession).
type signInSession struct {
	state model.SessionState
	date  model.Date
	band  model.AgeBand
	// familyKnown: SignInInput.FamilyID is on record and not erased.
	familyKnown bool
	// caregiver is the named family's caregiver the sign-in is for, as
	// findCaregiver would find it; nil when no family is named.
	caregiver *foundCaregiver
	// child is the first child, when it is picked by ID, as resolveChild
	// would find it; nil otherwise.
	child *foundChild
}

// foundCaregiver is a caregiver looked for (caregiverLookup): found or not,
// and whether it has agreed to the notice's version the sign-in asks.
type foundCaregiver struct {
	found    bool
	id, name string
	agreed   bool
}

// foundChild is a child looked for by ID (child.ID): found or not, and
// whether it is signed in to the session already.
type foundChild struct {
	found    bool
	child    model.Child
	signedIn bool
}

// signInTx does the work of SignIn inside the write transaction.
func signInTx(tx *txn, in model.SignInInput, now time.Time) (*model.SignInResult, error) {
	in.Normalize() // the read below compares the phone and names as stored
	sess, retried, err := readSignInSession(tx, in)
	if err != nil {
		return nil, err
	}
	if err := in.Validate(sess.date); err != nil {
		return nil, err
	}
	// A retried submission gets the answer it missed, even when the
	// session has moved on since.
	if retried {
		if prior, err := priorByNonce(tx, in); err != nil || prior != nil {
			return prior, err
		}
	}
	if !sess.state.AcceptsSignIns() {
		if sess.state == model.StateClosed {
			return nil, model.Errorf(model.ECONFLICT, "本次活动已结束，不能再签到", "this session is closed; sign-in has ended")
		}
		return nil, model.Errorf(model.ECONFLICT, "本次活动还没有开始签到", "this session is not open for check-in yet")
	}
	familyID, err := resolveFamily(tx, in, sess.familyKnown, now)
	if err != nil {
		return nil, err
	}
	res := &model.SignInResult{FamilyID: familyID}
	// The caregiver is found or added with the first new sign-in: a
	// repeat of children already signed in adds nobody.
	var cg caregiverRef
	for _, ci := range in.Children {
		si, existing, err := signInChild(tx, in, sess, familyID, ci, &cg, now)
		if err != nil {
			return nil, err
		}
		res.SignIns = append(res.SignIns, si)
		res.Existing = append(res.Existing, existing)
	}
	return res, nil
}

// signInRead reads, in one statement, what every phone of a burst asks:
// the session, whether a submission with the nonce is stored already, and
// of the family a returning phone names, whether it is on record and not
// erased (an erased family is no longer anyone's), the caregiver the
// sign-in is for with its consent, and the child it picks. It asks the
// nonce index: reading sign-in rows means reading past their signature
// images, and most submissions are new.
const signInRead = `SELECT s.state, s.date, s.band_min, s.band_max,
	:nonce <> '' AND EXISTS (SELECT 1 FROM sign_ins WHERE session_id = s.id AND nonce = :nonce),
	EXISTS (SELECT 1 FROM families WHERE id = :family AND id NOT IN (SELECT family_id FROM family_erasures)),
	cg.id, cg.name, EXISTS (SELECT 1 FROM caregiver_consents WHERE caregiver_id = cg.id AND version = :version),
	c.id, c.family_id, c.name, c.birth_date, c.birth_month,
	EXISTS (SELECT 1 FROM sign_ins WHERE session_id = s.id AND child_id = c.id)
	FROM sessions s
	LEFT JOIN caregivers cg ON cg.id = (` + caregiverLookup + `)
	LEFT JOIN children c ON c.id = :child
	WHERE s.id = :session`

// readSignInSession reads signInRead for a sign-in; retried is whether a
// submission with its nonce is stored already.
func readSignInSession(tx *txn, in model.SignInInput) (sess signInSession, retried bool, err error) {
	var date string
	var cg foundCaregiver
	var child foundChild
	var cgID, cgName, cID, cFamily, cName, cBirth, cMonth sql.NullString
	var firstChild string
	if len(in.Children) > 0 {
		firstChild = in.Children[0].ChildID
	}
	args := append(caregiverArgs(in.FamilyID, in), sql.Named("session", in.SessionID), sql.Named("nonce", in.Nonce),
		sql.Named("version", consentAsked(in)), sql.Named("child", firstChild))
	err = tx.QueryRow(signInRead, args...).Scan(&sess.state, &date, &sess.band.Min, &sess.band.Max, &retried, &sess.familyKnown,
		&cgID, &cgName, &cg.agreed, &cID, &cFamily, &cName, &cBirth, &cMonth, &child.signedIn)
	if errors.Is(err, sql.ErrNoRows) {
		return sess, false, model.FieldErrorf("session", "没有正在签到的活动", "no session is open for check-in")
	}
	if err != nil {
		return sess, false, err
	}
	sess.date = parseDate(date)
	if in.FamilyID != "" {
		cg.found, cg.id, cg.name = cgID.Valid, cgID.String, cgName.String
		sess.caregiver = &cg
	}
	if firstChild != "" {
		child.found = cID.Valid
		child.child = model.Child{ID: firstChild, FamilyID: cFamily.String, Name: cName.String,
			BirthDate: parseDate(cBirth.String), BirthMonth: parseDate(cMonth.String)}
		sess.child = &child
	}
	return sess, retried, nil
}

// priorByNonce returns the result of an earlier submission with in's nonce,
// nil when there was none.
func priorByNonce(tx *txn, in model.SignInInput) (*model.SignInResult, error) {
	prior, err := signInsWhere(tx, `si.session_id = ? AND si.nonce = ?`, in.SessionID, in.Nonce)
	if err != nil || len(prior) == 0 {
		return nil, err
	}
	res := &model.SignInResult{FamilyID: prior[0].FamilyID, SignIns: prior, Existing: make([]bool, len(prior))}
	for i := range res.Existing {
		res.Existing[i] = true
	}
	return res, nil
}

// caregiverRef is the caregiver of a sign-in, found or added once, the
// consent version the sign-in carries (requireConsent), and the id of the
// drawing, stored once for all the children signed in together.
type caregiverRef struct{ id, name, consent, signature string }

// signInChild signs in one child of the family: its earlier sign-in to the
// session when it has one (existing), else a new row with the next 序号.
func signInChild(tx *txn, in model.SignInInput, sess signInSession, familyID string, ci model.ChildInput, cg *caregiverRef, now time.Time) (model.SignIn, bool, error) {
	var known *foundChild
	if sess.child != nil && ci.ChildID == sess.child.child.ID {
		known = sess.child
	}
	child, signedIn, err := resolveChild(tx, in.SessionID, familyID, ci, known, sess.date, now)
	if err != nil {
		return model.SignIn{}, false, err
	}
	if known != nil {
		known.signedIn = true // the same child picked again is signed in by now
	}
	if signedIn {
		prior, err := signInsWhere(tx, `si.session_id = ? AND si.child_id = ?`, in.SessionID, child.ID)
		if err != nil {
			return model.SignIn{}, false, err
		}
		if len(prior) > 0 {
			return prior[0], true, nil
		}
	}
	age := child.AgeOn(sess.date)
	if age < 0 {
		return model.SignIn{}, false, model.FieldErrorf("birth", "%s 在活动日期 %s 时还没有出生，不能签到", "%s was not yet born on the session date %s and cannot sign in", child.Name, sess.date)
	}
	if cg.id == "" {
		var agreed bool
		if cg.id, cg.name, agreed, err = findCaregiver(tx, familyID, in, sess.caregiver, now); err != nil {
			return model.SignIn{}, false, err
		}
		if cg.consent, err = requireConsent(tx, cg.id, agreed, in, fmtTime(now)); err != nil {
			return model.SignIn{}, false, err
		}
	}
	si := model.SignIn{ID: newID(), SessionID: in.SessionID, ChildID: child.ID, ChildName: child.Name,
		FamilyID: familyID, CaregiverID: cg.id, Caregiver: cg.name, Phone: in.Phone, Relation: in.Relation,
		AgeMonths: age, Method: in.Method, SignaturePNG: in.SignaturePNG, SignedName: in.SignedName, ByInstructor: in.ByInstructor,
		ConsentVersion: cg.consent, SignedAt: now, OutsideBand: !sess.band.Contains(age)}
	err = insertSignIn(tx, &si, cg, in.Nonce, now)
	return si, false, err
}

// insertSignIn writes a new sign-in row with the session's next 序号, which
// it sets in si, naming the submission's drawing, which the first row
// stores; an empty signature or nonce is stored as NULL.
func insertSignIn(tx *txn, si *model.SignIn, cg *caregiverRef, nonce string, now time.Time) error {
	var sig, n any
	if len(si.SignaturePNG) > 0 {
		if cg.signature == "" {
			cg.signature = newID()
			if _, err := tx.Exec(`INSERT INTO signatures (id, png, created_at) VALUES (?,?,?)`, cg.signature, si.SignaturePNG, fmtTime(now)); err != nil {
				return err
			}
		}
		sig = cg.signature
	}
	if nonce != "" {
		n = nonce
	}
	// A withdrawn sign-in's 序号 stays used: the family may hold it.
	return tx.QueryRow(`INSERT INTO sign_ins (id, session_id, seq, child_id, family_id, caregiver_id, relation, age_months, method,
		signature_id, signed_name, consent_version, nonce, signed_at, outside_band, signed_by_instructor) VALUES (?1, ?2,
		max(coalesce((SELECT max(seq) FROM sign_ins WHERE session_id = ?2), 0),
			coalesce((SELECT max(seq) FROM withdrawn_sign_ins WHERE session_id = ?2), 0)) + 1,
		?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15) RETURNING seq`,
		si.ID, si.SessionID, si.ChildID, si.FamilyID, si.CaregiverID, string(si.Relation), si.AgeMonths, string(si.Method),
		sig, si.SignedName, si.ConsentVersion, n, fmtTime(now), si.OutsideBand, si.ByInstructor).Scan(&si.Seq)
}

// resolveFamily returns the family to sign in: the one given when it is
// known (on record and not erased, readSignInSession), the family of a
// child picked by ID, or a new one (marked 可能重复 when another family has
// the phone number).
func resolveFamily(tx *txn, in model.SignInInput, known bool, now time.Time) (string, error) {
	if in.FamilyID != "" {
		// An erased family is no longer anyone's: it signs in as a new one.
		if !known {
			return "", model.FieldErrorf("family", "找不到这个家庭，请重新填写", "this family was not found; fill in the form again")
		}
		return in.FamilyID, nil
	}
	for _, c := range in.Children {
		if c.ChildID != "" {
			var id string
			err := tx.QueryRow(`SELECT family_id FROM children WHERE id = ? AND family_id NOT IN (SELECT family_id FROM family_erasures)`, c.ChildID).Scan(&id)
			if errors.Is(err, sql.ErrNoRows) {
				return "", model.FieldErrorf("child", "找不到这个孩子", "this child was not found")
			}
			return id, err
		}
	}
	// A new family, always: a phone number proves nothing, so a number
	// another family has only marks the new one as its possible duplicate
	// for the instructor to merge or keep apart.
	dup, err := duplicateOf(tx, in.Phone)
	if err != nil {
		return "", err
	}
	id := newID()
	for try := 0; ; try++ {
		_, err = tx.Exec(`INSERT INTO families (id, card_code, created_at, duplicate_of) VALUES (?,?,?,?)`, id, model.NewCardCode(), fmtTime(now), dup)
		if err == nil || try == 3 || !strings.Contains(err.Error(), "UNIQUE") {
			return id, err
		}
	}
}

// caregiverLookup finds the id of the family's caregiver a sign-in is for,
// with the named parameters caregiverArgs gives. One home for who "the same
// caregiver" is, for the sign-in and for the consent asked before it: a
// different relation or name is a different person. A sign-in that names
// nobody (a drawn signature), or a caregiver whose name was never given,
// matches by phone and relation alone.
const caregiverLookup = `SELECT id FROM caregivers WHERE family_id = :family AND phone = :phone AND relation = :relation
	AND (:caregiver = '' OR name = :caregiver OR name = '') ORDER BY created_at LIMIT 1`

// caregiverArgs are caregiverLookup's parameters for a sign-in of the
// family.
func caregiverArgs(familyID string, in model.SignInInput) []any {
	return []any{sql.Named("family", familyID), sql.Named("phone", in.Phone), sql.Named("relation", string(in.Relation)),
		sql.Named("caregiver", strings.TrimSpace(in.Caregiver))}
}

// resolveCaregiver finds the family's caregiver with this phone and relation,
// or adds one.
func resolveCaregiver(tx *txn, familyID string, in model.SignInInput, now time.Time) (id, name string, err error) {
	id, name, _, err = findCaregiver(tx, familyID, in, nil, now)
	return id, name, err
}

// findCaregiver is resolveCaregiver that also tells whether the caregiver
// has agreed to the notice's version the sign-in is checked against
// (consentAsked): read with the caregiver, as a returning caregiver has.
// known, when not nil, is that caregiver looked for already in this
// sign-in (readSignInSession).
func findCaregiver(tx *txn, familyID string, in model.SignInInput, known *foundCaregiver, now time.Time) (id, name string, agreed bool, err error) {
	// A different relation or name is a different person: a caregiver is
	// never renamed nor given another relation (caregiverLookup).
	if known == nil {
		known = &foundCaregiver{}
		err = tx.QueryRow(`SELECT id, name, EXISTS (SELECT 1 FROM caregiver_consents WHERE caregiver_id = caregivers.id AND version = :version)
			FROM caregivers WHERE id = (`+caregiverLookup+`)`,
			append(caregiverArgs(familyID, in), sql.Named("version", consentAsked(in)))...).Scan(&known.id, &known.name, &known.agreed)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return "", "", false, err
		}
		known.found = err == nil
	}
	if known.found {
		return known.id, known.name, known.agreed, nil
	}
	name = strings.TrimSpace(in.Caregiver)
	if name == "" {
		name = in.SignedName
	}
	id = newID()
	_, err = tx.Exec(`INSERT INTO caregivers (id, family_id, name, phone, relation, created_at) VALUES (?,?,?,?,?,?)`,
		id, familyID, name, in.Phone, string(in.Relation), fmtTime(now))
	return id, name, false, err
}

// resolveChild returns the child picked by ID, the family's child of the same
// name, or a new child, and whether that child is signed in to the session
// already (read with the child: a returning child is the common case).
// known, when not nil, is the child picked by ID looked for already in this
// sign-in (readSignInSession).
func resolveChild(tx *txn, sessionID, familyID string, ci model.ChildInput, known *foundChild, on model.Date, now time.Time) (c model.Child, signedIn bool, err error) {
	const cols = `SELECT id, family_id, name, birth_date, birth_month,
		EXISTS (SELECT 1 FROM sign_ins WHERE session_id = ? AND child_id = children.id) FROM children `
	var bd, bm string
	switch {
	case known != nil:
		if !known.found || known.child.FamilyID != familyID {
			return c, false, model.FieldErrorf("child", "找不到这个孩子", "this child was not found")
		}
		return known.child, known.signedIn, nil
	case ci.ChildID != "":
		err = tx.QueryRow(cols+`WHERE id = ?`, sessionID, ci.ChildID).Scan(&c.ID, &c.FamilyID, &c.Name, &bd, &bm, &signedIn)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && c.FamilyID != familyID) {
			return c, false, model.FieldErrorf("child", "找不到这个孩子", "this child was not found")
		}
	default:
		err = tx.QueryRow(cols+`WHERE family_id = ? AND name = ?`, sessionID, familyID, ci.Name).Scan(&c.ID, &c.FamilyID, &c.Name, &bd, &bm, &signedIn)
		if errors.Is(err, sql.ErrNoRows) {
			c = model.Child{ID: newID(), FamilyID: familyID, Name: ci.Name, BirthDate: ci.BirthDate}
			if ci.BirthDate.IsZero() {
				c.BirthMonth = model.BirthMonthFromAge(ci.AgeMonths, on)
			}
			_, err = tx.Exec(`INSERT INTO children (id, family_id, name, birth_date, birth_month, created_at) VALUES (?,?,?,?,?,?)`,
				c.ID, familyID, c.Name, c.BirthDate.String(), c.BirthMonth.String(), fmtTime(now))
			return c, false, err
		}
	}
	if err != nil {
		return c, false, err
	}
	c.BirthDate, c.BirthMonth = parseDate(bd), parseDate(bm)
	return c, signedIn, nil
}

// signatureExpr reads a sign-in's drawing: the one it names, or the copy a
// row written before signatures were shared holds.
const signatureExpr = `coalesce((SELECT png FROM signatures WHERE id = si.signature_id), si.signature_png)`

const signInSelect = signInHead + signatureExpr + signInTail

// signInListSelect reads sign-ins without their signature images, for a
// list that shows none.
const signInListSelect = signInHead + `NULL` + signInTail

const signInHead = `SELECT si.id, si.session_id, si.seq, si.child_id, c.name, si.family_id, si.caregiver_id, cg.name, cg.phone,
	si.relation, si.age_months, si.method, `

const signInTail = `, si.signed_name, si.consent_version, si.signed_at, si.outside_band,
	si.signed_by_instructor
	FROM sign_ins si JOIN children c ON c.id = si.child_id JOIN caregivers cg ON cg.id = si.caregiver_id`

type querier interface {
	Query(query string, args ...any) (*sql.Rows, error)
}

func scanSignIns(rows *sql.Rows) ([]model.SignIn, error) {
	defer rows.Close()
	var out []model.SignIn
	for rows.Next() {
		var si model.SignIn
		var rel, method, at string
		var outside bool
		if err := rows.Scan(&si.ID, &si.SessionID, &si.Seq, &si.ChildID, &si.ChildName, &si.FamilyID, &si.CaregiverID, &si.Caregiver, &si.Phone,
			&rel, &si.AgeMonths, &method, &si.SignaturePNG, &si.SignedName, &si.ConsentVersion, &at, &outside, &si.ByInstructor); err != nil {
			return nil, err
		}
		si.Relation, si.Method, si.SignedAt, si.OutsideBand = model.Relation(rel), model.SignInMethod(method), parseTime(at), outside
		out = append(out, si)
	}
	return out, rows.Err()
}

func signInsWhere(q querier, where string, args ...any) ([]model.SignIn, error) {
	rows, err := q.Query(signInSelect+` WHERE `+where+` ORDER BY si.session_id, si.seq`, args...)
	if err != nil {
		return nil, err
	}
	return scanSignIns(rows)
}

// SignInsAfter lists a session's sign-ins with a 序号 above afterSeq, by
// 序号, without their signature images: what a live list needs when one
// more family arrives (afterSeq 0 lists them all).
func (s *Store) SignInsAfter(ctx context.Context, sessionID string, afterSeq int) ([]model.SignIn, error) {
	rows, err := s.r.QueryContext(ctx, signInListSelect+` WHERE si.session_id = ? AND si.seq > ? ORDER BY si.seq`, sessionID, afterSeq)
	if err != nil {
		return nil, storageErr(err)
	}
	out, err := scanSignIns(rows)
	return out, storageErr(err)
}

// SignIns lists a session's sign-ins by 序号.
func (s *Store) SignIns(ctx context.Context, sessionID string) ([]model.SignIn, error) {
	rows, err := s.r.QueryContext(ctx, signInSelect+` WHERE si.session_id = ? ORDER BY si.seq`, sessionID)
	if err != nil {
		return nil, storageErr(err)
	}
	out, err := scanSignIns(rows)
	return out, storageErr(err)
}
