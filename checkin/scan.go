package checkin

import (
	"context"
	"net/http"
	"strings"
	"time"

	"carekiosk/model"
)

// scan is the QR URL: check the rotating token, give the phone a pass for the
// session, show the form.
func (s *Server) scan(w http.ResponseWriter, r *http.Request) {
	lang := s.lang(r.Context())
	now := s.now()
	sid, closed := s.tokenSession(r.Context(), normToken(r.PathValue("token")), now)
	if sid == "" {
		// A photo of a finished session's code says so; anything else is
		// just expired.
		msg := msgExpired
		if closed {
			msg = msgClosed
		}
		renderMsg(w, http.StatusGone, lang, msg)
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
func (s *Server) showForm(w http.ResponseWriter, r *http.Request, lang model.Lang, sess *model.Session, forceNew bool) {
	if !forceNew {
		if c, err := r.Cookie(familyCookie); err == nil {
			if ref, ok := checkFamily(s.keys.family, c.Value); ok {
				if fam, err := s.st.Family(r.Context(), ref.FamilyID); err == nil && len(fam.Children) > 0 && !fam.Erased {
					f := formData{Mode: modeBack, SessionID: sess.ID, Nonce: newNonce(), Family: s.tapFor(fam, ref)}
					// A phone that only found the family by number keeps the
					// names partly hidden.
					s.renderBack(w, http.StatusOK, lang, sess, fam, ref, f, nil, ref.Found)
					return
				}
			}
		}
	}
	f := formData{Mode: modeNew, SessionID: sess.ID, Nonce: newNonce()}
	s.renderNew(w, http.StatusOK, lang, sess, f, nil, "")
}

// renderNew shows the full form with what was typed and the problems found.
func (s *Server) renderNew(w http.ResponseWriter, status int, lang model.Lang, sess *model.Session, f formData, errs *formErrors, notice string) {
	p := newPage(lang)
	p.Session = viewSession(sess, lang)
	if errs != nil {
		p.Errors, p.FieldErr = errs.messages(lang)
	}
	p.Notice = notice
	p.Consent = s.consent(lang, sess)
	p.fillForm(f, sess.Date)
	render(w, status, "form", p)
}

// renderBack shows the one-tap page of a family. masked hides the middle of
// the children's names (a family found by phone number, not by this phone's
// cookie).
func (s *Server) renderBack(w http.ResponseWriter, status int, lang model.Lang, sess *model.Session, fam *model.Family, ref familyRef,
	f formData, errs *formErrors, masked bool) {
	p := newPage(lang)
	p.Session = viewSession(sess, lang)
	p.Consent = s.consent(lang, sess)
	if errs != nil {
		p.Errors, p.FieldErr = errs.messages(lang)
	}
	p.Form = f
	p.Script = true
	var labels []string
	for _, c := range fam.Children {
		name := c.Name
		if masked {
			name = model.MaskName(name)
		}
		age := c.AgeOn(sess.Date)
		if age < 0 {
			continue
		}
		l := ageLabel(p.T, name, age)
		ref := kidRef(s.keys.kid, fam.ID, c.ID)
		checked := f.Picked == nil || f.Picked[ref]
		if checked {
			labels = append(labels, l)
		}
		p.Kids = append(p.Kids, kidView{ID: ref, Label: l, Checked: checked})
	}
	if len(labels) == 0 {
		p.BackLabel = p.T["back_submit"]
	} else {
		p.BackLabel = strings.ReplaceAll(p.T["back_label"], "%s", strings.Join(labels, "、"))
	}
	cg := caregiverOf(fam, ref)
	rel := f.Relation
	if cg != nil {
		p.Who = model.MaskPhone(cg.Phone)
		if rel == "" {
			rel = string(cg.Relation)
		}
	}
	p.relations(rel)
	// The notice is skipped only for the caregiver the phone knows, who
	// agreed to this version; the store refuses anyone else, and the
	// answer then asks.
	p.ConsentKnown = ref.Consent == ConsentVersion && !ref.Found && cg != nil && p.FieldErr["consent"] == ""
	if p.ConsentKnown {
		p.KnownRel = string(cg.Relation)
	}
	p.ConsentKnownText = strings.ReplaceAll(p.T["consent_known"], "%s", ConsentVersion)
	render(w, status, "back", p)
}

// tapFor signs the one-tap form's reference to the family and its caregiver.
func (s *Server) tapFor(fam *model.Family, ref familyRef) string {
	t := tapRef{familyRef: ref}
	if cg := caregiverOf(fam, ref); cg != nil {
		t.CaregiverID, t.Phone, t.Relation = cg.ID, cg.Phone, string(cg.Relation)
	}
	return makeTap(s.keys.form, t)
}

// caregiverOf returns the family's caregiver the reference names, else the
// first one for a phone that knows the family; a phone that only found the
// family by number gets none (nothing of the number's owner is shown).
func caregiverOf(fam *model.Family, ref familyRef) *model.Caregiver {
	for i := range fam.Caregivers {
		if fam.Caregivers[i].ID == ref.CaregiverID {
			return &fam.Caregivers[i]
		}
	}
	if len(fam.Caregivers) > 0 && !ref.Found {
		return &fam.Caregivers[0]
	}
	return nil
}

// oldPhotoSpan is how far back a token is recognised as a closed session's,
// to tell a family holding an old photo that the session has ended.
const oldPhotoSpan = 3 * time.Hour

// tokenSession finds the session a QR token was made for: one of the
// sessions of these days whose token it is in the current or the previous
// step. The open sessions in the cache are tried first, so a burst of scans
// reads nothing. closed reports a token of a session closed since, from
// within oldPhotoSpan.
func (s *Server) tokenSession(ctx context.Context, tok string, now time.Time) (sid string, closed bool) {
	if tok == "" {
		return "", false
	}
	for _, id := range s.cachedIDs() {
		if tokenValid(s.keys.token, id, tok, now) {
			return id, false
		}
	}
	today := model.DateOf(now)
	list, err := s.st.Sessions(ctx, model.SessionFilter{From: today.AddDays(-1), To: today.AddDays(1)})
	if err != nil {
		s.log.Warn("checkin: sessions not read", "code", model.ErrorCode(err))
		return "", false
	}
	for _, sess := range list {
		if tokenValid(s.keys.token, sess.ID, tok, now) {
			return sess.ID, false
		}
	}
	for _, sess := range list {
		if sess.State == model.StateClosed && tokenWasValid(s.keys.token, sess.ID, tok, now, oldPhotoSpan) {
			return "", true
		}
	}
	return "", false
}
