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

// postSession reads a posted form (bounded) and returns the session the
// phone's pass is for, which must be the one the page was made for.
func (s *Server) postSession(w http.ResponseWriter, r *http.Request, lang model.Lang) *model.Session {
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
		var ok bool
		if ref, ok = s.openTap(f, &in); !ok {
			renderMsg(w, http.StatusBadRequest, lang, msgBad)
			return
		}
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
			if err != nil || fam.Erased {
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
	pass := passValue(r)
	if !s.budget.take(pass, s.now()) {
		renderMsg(w, http.StatusTooManyRequests, lang, msgPassFull)
		return
	}
	res, err := s.st.SignIn(r.Context(), in)
	if err != nil || !storedNew(res) {
		s.budget.give(pass)
	}
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
	s.signedIn(w, lang, sess, f, ref, in, res)
}

// openTap opens the one-tap form's family reference and the children's
// sealed references into in; false when either was not made by this server
// for this family.
func (s *Server) openTap(f formData, in *model.SignInInput) (familyRef, bool) {
	tap, ok := checkTap(s.keys.form, f.Family)
	if !ok {
		return familyRef{}, false
	}
	in.FamilyID, in.Phone = tap.FamilyID, tap.Phone
	for i := range in.Children {
		id, ok := openKid(s.keys.kid, tap.FamilyID, in.Children[i].ChildID)
		if !ok {
			return familyRef{}, false
		}
		in.Children[i].ChildID = id
	}
	// The relation chosen on the page (a grandmother with the mother's
	// phone) wins; the reference's is the default. The store finds or
	// adds the family's caregiver with this phone and relation.
	if in.Relation == "" {
		in.Relation = model.Relation(tap.Relation)
	}
	return tap.familyRef, true
}

// signedIn answers a stored sign-in: the phone remembers the family (ids
// only) and the page shows each child's 序号.
func (s *Server) signedIn(w http.ResponseWriter, lang model.Lang, sess *model.Session, f formData, ref familyRef, in model.SignInInput, res *model.SignInResult) {
	caregiver := ""
	if len(res.SignIns) > 0 {
		caregiver = res.SignIns[0].CaregiverID
	}
	if f.Mode == modeBack && !ref.Found && ref.CaregiverID != "" {
		// A phone that knew the family keeps its owner's relation as the
		// default: mum's phone stays 妈妈 after grandma brought the child
		// once. A phone that found the family by number remembers the one
		// who chose just now (grandpa's own phone offers 外公 next time).
		caregiver = ref.CaregiverID
	}
	// A family found by typing a phone number keeps its children's names
	// partly hidden on this phone, on the answer too: whoever knows a number
	// must not learn a child's name from it.
	masked := f.Mode == modeBack && ref.Found
	newRef := familyRef{FamilyID: res.FamilyID, CaregiverID: caregiver, Consent: in.ConsentVersion, Found: masked}
	http.SetCookie(w, &http.Cookie{Name: familyCookie, Value: makeFamily(s.keys.family, newRef), Path: "/",
		MaxAge: int(familyLife / time.Second), HttpOnly: true, SameSite: http.SameSiteStrictMode})
	s.renderDone(w, lang, sess, res, masked)
}

// passValue is the phone's pass cookie (checked by postSession).
func passValue(r *http.Request) string {
	c, err := r.Cookie(passCookie)
	if err != nil {
		return ""
	}
	return c.Value
}

// storedNew reports whether a sign-in stored anything (not only children
// already signed in, nor a retried submission).
func storedNew(res *model.SignInResult) bool {
	for _, e := range res.Existing {
		if !e {
			return true
		}
	}
	return false
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
func (s *Server) renderDone(w http.ResponseWriter, lang model.Lang, sess *model.Session, res *model.SignInResult, masked bool) {
	p := newPage(lang)
	p.Title = p.T["done_title"]
	p.Session = viewSession(sess, lang)
	for i, si := range res.SignIns {
		name := si.ChildName
		if masked {
			name = model.MaskName(name)
		}
		d := doneView{Seq: si.Seq, Label: ageLabel(p.T, name, si.AgeMonths)}
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
