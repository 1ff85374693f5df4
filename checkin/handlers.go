package checkin

import (
	"crypto/rand"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"carekiosk/model"
)

// Cookie names. Both are HttpOnly and SameSite=Strict and hold no personal
// data: the pass names a session, the family cookie ids only.
const (
	passCookie   = "ck_pass"
	familyCookie = "ck_family"
	familyLife   = 400 * 24 * time.Hour // the longest browsers keep a cookie
)

// routes builds the handler: only the check-in pages and their two assets.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /c/{token}", s.scan)
	mux.HandleFunc("GET /f", s.formPage)
	mux.HandleFunc("POST /f", s.submit)
	mux.HandleFunc("POST /find", s.find)
	mux.HandleFunc("GET /s/{name}", s.static)
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		renderMsg(w, http.StatusOK, s.lang(r.Context()), msgScan)
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		renderMsg(w, http.StatusNotFound, s.lang(r.Context()), msgNotFound)
	})
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		renderMsg(w, http.StatusForbidden, s.lang(r.Context()), msgCrossOrigin)
	}))
	return s.harden(cop.Handler(mux))
}

// session loads a session that accepts sign-ins; otherwise it shows the
// page that says why and returns nil.
func (s *Server) session(w http.ResponseWriter, r *http.Request, lang, id string) *model.Session {
	sess, err := s.cachedSession(r.Context(), id)
	switch {
	case model.ErrorCode(err) == model.ENOTFOUND:
		renderMsg(w, http.StatusGone, lang, msgExpired)
		return nil
	case err != nil:
		s.log.Warn("checkin: session not loaded", "code", model.ErrorCode(err))
		renderMsg(w, http.StatusServiceUnavailable, lang, msgError)
		return nil
	case sess.State == model.StateClosed:
		renderMsg(w, http.StatusGone, lang, msgClosed)
		return nil
	case !sess.State.AcceptsSignIns():
		renderMsg(w, http.StatusConflict, lang, msgPlanned)
		return nil
	}
	return sess
}

// scan is the QR URL: check the rotating token, give the phone a pass for the
// session, show the form.
func (s *Server) scan(w http.ResponseWriter, r *http.Request) {
	lang := s.lang(r.Context())
	now := s.now()
	sid, mac, ok := splitToken(r.PathValue("token"))
	if !ok {
		renderMsg(w, http.StatusGone, lang, msgExpired)
		return
	}
	if !tokenValid(s.keys.token, sid, mac, now) {
		// A stale photo of a finished session says so; anything else is
		// just expired.
		if sess, err := s.st.Session(r.Context(), sid); err == nil && sess.State == model.StateClosed {
			renderMsg(w, http.StatusGone, lang, msgClosed)
			return
		}
		renderMsg(w, http.StatusGone, lang, msgExpired)
		return
	}
	sess := s.session(w, r, lang, sid)
	if sess == nil {
		return
	}
	http.SetCookie(w, &http.Cookie{Name: passCookie, Value: makePass(s.keys.pass, sid, now), Path: "/",
		MaxAge: int(passLife / time.Second), HttpOnly: true, SameSite: http.SameSiteStrictMode})
	s.showForm(w, r, lang, sess, false)
}

// passSession returns the session the phone's pass is for, or "".
func (s *Server) passSession(r *http.Request) string {
	c, err := r.Cookie(passCookie)
	if err != nil {
		return ""
	}
	sid, ok := checkPass(s.keys.pass, c.Value, s.now())
	if !ok {
		return ""
	}
	return sid
}

// formPage shows the form again to a phone with a pass (a reload, or "not
// this family").
func (s *Server) formPage(w http.ResponseWriter, r *http.Request) {
	lang := s.lang(r.Context())
	sid := s.passSession(r)
	if sid == "" {
		renderMsg(w, http.StatusForbidden, lang, msgScan)
		return
	}
	sess := s.session(w, r, lang, sid)
	if sess == nil {
		return
	}
	s.showForm(w, r, lang, sess, r.URL.Query().Get("new") != "")
}

// showForm shows the one-tap page to a phone that has checked in before, and
// the full form otherwise.
func (s *Server) showForm(w http.ResponseWriter, r *http.Request, lang string, sess *model.Session, forceNew bool) {
	if !forceNew {
		if c, err := r.Cookie(familyCookie); err == nil {
			if ref, ok := checkFamily(s.keys.family, c.Value); ok {
				if fam, err := s.st.Family(r.Context(), ref.FamilyID); err == nil && len(fam.Children) > 0 {
					f := formData{Mode: modeBack, SessionID: sess.ID, Nonce: newNonce(), Family: s.tapFor(fam, ref)}
					s.renderBack(w, http.StatusOK, lang, sess, fam, ref, f, nil, false)
					return
				}
			}
		}
	}
	f := formData{Mode: modeNew, SessionID: sess.ID, Nonce: newNonce()}
	s.renderNew(w, http.StatusOK, lang, sess, f, nil, "")
}

// renderNew shows the full form with what was typed and the problems found.
func (s *Server) renderNew(w http.ResponseWriter, status int, lang string, sess *model.Session, f formData, errs *formErrors, notice string) {
	p := newPage(lang)
	p.Session = viewSession(sess, lang)
	if errs != nil {
		p.Errors, p.FieldErr = errs.messages(lang)
	}
	p.Notice = notice
	p.fillForm(f, sess.Date)
	render(w, status, "form", p)
}

// renderBack shows the one-tap page of a family. masked hides the middle of
// the children's names (a family found by phone number, not by this phone's
// cookie).
func (s *Server) renderBack(w http.ResponseWriter, status int, lang string, sess *model.Session, fam *model.Family, ref familyRef,
	f formData, errs *formErrors, masked bool) {
	p := newPage(lang)
	p.Session = viewSession(sess, lang)
	if errs != nil {
		p.Errors, p.FieldErr = errs.messages(lang)
	}
	p.Form = f
	p.Script = true
	var labels []string
	for _, c := range fam.Children {
		name := c.Name
		if masked {
			name = maskName(name)
		}
		age := c.AgeOn(sess.Date)
		if age < 0 {
			continue
		}
		l := ageLabel(p.T, name, age)
		checked := f.Picked == nil || f.Picked[c.ID]
		if checked {
			labels = append(labels, l)
		}
		p.Kids = append(p.Kids, kidView{ID: c.ID, Label: l, Checked: checked})
	}
	if len(labels) == 0 {
		labels = []string{p.T["back_submit"]}
		p.BackLabel = p.T["back_submit"]
	} else {
		p.BackLabel = strings.ReplaceAll(p.T["back_label"], "%s", strings.Join(labels, "、"))
	}
	cg := caregiverOf(fam, ref.CaregiverID)
	if cg != nil {
		p.Who = cg.Relation.Label(lang) + " · " + model.MaskPhone(cg.Phone)
	}
	p.ConsentKnown = ref.Consent == ConsentVersion
	p.ConsentKnownText = strings.ReplaceAll(p.T["consent_known"], "%s", ConsentVersion)
	render(w, status, "back", p)
}

// tapFor signs the one-tap form's reference to the family and its caregiver.
func (s *Server) tapFor(fam *model.Family, ref familyRef) string {
	t := tapRef{familyRef: ref}
	if cg := caregiverOf(fam, ref.CaregiverID); cg != nil {
		t.CaregiverID, t.Phone, t.Relation = cg.ID, cg.Phone, string(cg.Relation)
	}
	return makeTap(s.keys.form, t)
}

// caregiverOf returns the family's caregiver with id, else the first one.
func caregiverOf(fam *model.Family, id string) *model.Caregiver {
	for i := range fam.Caregivers {
		if fam.Caregivers[i].ID == id {
			return &fam.Caregivers[i]
		}
	}
	if len(fam.Caregivers) > 0 {
		return &fam.Caregivers[0]
	}
	return nil
}

// find looks a family up by the caregiver's phone number and shows its
// one-tap page with the children's names partly hidden.
func (s *Server) find(w http.ResponseWriter, r *http.Request) {
	lang := s.lang(r.Context())
	sess := s.postSession(w, r, lang)
	if sess == nil {
		return
	}
	f := formData{Mode: modeNew, SessionID: sess.ID, Nonce: newNonce(), Phone: r.PostForm.Get("phone")}
	phone, err := model.NormalizePhone(f.Phone)
	if err != nil {
		var errs formErrors
		errs.add(asModelError(err, "phone"))
		s.renderNew(w, http.StatusUnprocessableEntity, lang, sess, f, &errs, "")
		return
	}
	fams, err := s.st.FindFamilies(r.Context(), model.FamilyQuery{Phone: phone, Limit: 1})
	if err != nil {
		s.log.Warn("checkin: family lookup failed", "code", model.ErrorCode(err))
		renderMsg(w, http.StatusServiceUnavailable, lang, msgError)
		return
	}
	if len(fams) == 0 || len(fams[0].Children) == 0 {
		f.Phone = phone
		s.renderNew(w, http.StatusOK, lang, sess, f, nil, textsFor(lang)["find_none"])
		return
	}
	fam := &fams[0]
	ref := familyRef{FamilyID: fam.ID, Found: true}
	for _, c := range fam.Caregivers {
		if c.Phone == phone {
			ref.CaregiverID = c.ID
			break
		}
	}
	f = formData{Mode: modeBack, SessionID: sess.ID, Nonce: newNonce(), Family: s.tapFor(fam, ref)}
	s.renderBack(w, http.StatusOK, lang, sess, fam, ref, f, nil, ref.Found)
}

// postSession reads a posted form (bounded) and returns the session the
// phone's pass is for, which must be the one the page was made for.
func (s *Server) postSession(w http.ResponseWriter, r *http.Request, lang string) *model.Session {
	if err := readForm(w, r); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			renderMsg(w, http.StatusRequestEntityTooLarge, lang, msgTooLarge)
			return nil
		}
		renderMsg(w, http.StatusBadRequest, lang, msgBad)
		return nil
	}
	sid := s.passSession(r)
	if sid == "" {
		renderMsg(w, http.StatusForbidden, lang, msgScan)
		return nil
	}
	if form := r.PostForm.Get("sid"); form != sid {
		renderMsg(w, http.StatusConflict, lang, msgOtherSess)
		return nil
	}
	return s.session(w, r, lang, sid)
}

// readForm reads a url-encoded body of at most maxBody bytes into
// r.PostForm. It reads a body of known length in one piece instead of
// growing a buffer, which matters with a signature of 10–20 KB.
func readForm(w http.ResponseWriter, r *http.Request) error {
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/x-www-form-urlencoded") {
		return errors.New("not a form")
	}
	body := http.MaxBytesReader(w, r.Body, maxBody)
	var b []byte
	var err error
	if n := r.ContentLength; n > 0 && n <= maxBody {
		b = make([]byte, n)
		_, err = io.ReadFull(body, b)
	} else {
		b, err = io.ReadAll(body)
	}
	if err != nil {
		return err
	}
	v, err := url.ParseQuery(string(b))
	if err != nil {
		return err
	}
	r.PostForm, r.Form = v, v
	return nil
}

// submit stores a check-in and shows each child's 序号, or the form again
// with what was typed and what to fix.
func (s *Server) submit(w http.ResponseWriter, r *http.Request) {
	lang := s.lang(r.Context())
	sess := s.postSession(w, r, lang)
	if sess == nil {
		return
	}
	in, f, errs := decodeForm(r.PostForm, sess.Date)
	if f.Nonce == "" {
		f.Nonce = newNonce()
	}
	var ref familyRef
	if f.Mode == modeBack {
		tap, ok := checkTap(s.keys.form, f.Family)
		if !ok {
			renderMsg(w, http.StatusBadRequest, lang, msgBad)
			return
		}
		ref = tap.familyRef
		in.FamilyID, in.Phone, in.Relation = tap.FamilyID, tap.Phone, model.Relation(tap.Relation)
	}
	if errs.empty() {
		check := in
		check.Children = append([]model.ChildInput(nil), in.Children...)
		if err := check.Validate(sess.Date); err != nil {
			errs.add(asModelError(err, fieldOf(err)))
		}
	}
	reshow := func(status int) {
		if f.Mode == modeBack {
			fam, err := s.st.Family(r.Context(), ref.FamilyID)
			if err != nil {
				// The family is gone (a fresh database): start over.
				s.renderNew(w, http.StatusOK, lang, sess, formData{Mode: modeNew, SessionID: sess.ID, Nonce: newNonce()}, nil, "")
				return
			}
			s.renderBack(w, status, lang, sess, fam, ref, f, &errs, ref.Found)
			return
		}
		s.renderNew(w, status, lang, sess, f, &errs, "")
	}
	if !errs.empty() {
		reshow(http.StatusUnprocessableEntity)
		return
	}
	res, err := s.st.SignIn(r.Context(), in)
	if err != nil {
		switch model.ErrorCode(err) {
		case model.EINVALID:
			errs.add(asModelError(err, fieldOf(err)))
			reshow(http.StatusUnprocessableEntity)
		case model.ECONFLICT:
			renderMsg(w, http.StatusGone, lang, msgClosed)
		default:
			s.log.Warn("checkin: sign-in not stored", "code", model.ErrorCode(err))
			renderMsg(w, http.StatusServiceUnavailable, lang, msgError)
		}
		return
	}
	caregiver := ""
	if len(res.SignIns) > 0 {
		caregiver = res.SignIns[0].CaregiverID
	}
	newRef := familyRef{FamilyID: res.FamilyID, CaregiverID: caregiver, Consent: in.ConsentVersion}
	http.SetCookie(w, &http.Cookie{Name: familyCookie, Value: makeFamily(s.keys.family, newRef), Path: "/",
		MaxAge: int(familyLife / time.Second), HttpOnly: true, SameSite: http.SameSiteStrictMode})
	s.renderDone(w, lang, sess, res)
}

// fieldOf names the form field a model error belongs to.
func fieldOf(err error) string {
	var me *model.Error
	if !errors.As(err, &me) {
		return ""
	}
	switch me.Field {
	case "signature":
		return "signed"
	case "relation":
		return "rel"
	case "caregiver":
		return "signed"
	}
	return me.Field
}

// renderDone shows the confirmation with each child's 序号.
func (s *Server) renderDone(w http.ResponseWriter, lang string, sess *model.Session, res *model.SignInResult) {
	p := newPage(lang)
	p.Title = p.T["done_title"]
	p.Session = viewSession(sess, lang)
	for i, si := range res.SignIns {
		d := doneView{Seq: si.Seq, Label: ageLabel(p.T, si.ChildName, si.AgeMonths)}
		if res.Existing[i] {
			d.Notes = append(d.Notes, p.T["done_existing"])
		}
		switch {
		case si.AgeMonths > model.MaxAgeMonths:
			d.Notes = append(d.Notes, p.T["done_over36"])
		case si.OutsideBand:
			d.Notes = append(d.Notes, strings.ReplaceAll(p.T["done_outside"], "%s", sess.Band.Label(lang)))
		}
		p.Done = append(p.Done, d)
	}
	render(w, http.StatusOK, "done", p)
}

// newNonce makes the hidden field that makes a retried submission harmless.
func newNonce() string {
	return rand.Text()
}
