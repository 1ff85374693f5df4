package checkin

import (
	"net/http"

	"carekiosk/model"
)

// find looks a family up by the caregiver's phone number and shows its
// one-tap page with the children's names partly hidden, each child named by
// a sealed reference, and nothing about the number's owner.
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
	// Nothing of the number's owner: no caregiver, so no relation ticked
	// and no phone line; the one-tap form carries the number typed.
	ref := familyRef{FamilyID: fam.ID, Found: true}
	f = formData{Mode: modeBack, SessionID: sess.ID, Nonce: newNonce(),
		Family: makeTap(s.keys.form, tapRef{familyRef: ref, Phone: phone})}
	s.renderBack(w, http.StatusOK, lang, sess, fam, ref, f, nil, ref.Found)
}
