package checkin

import (
	"net/http"

	"carekiosk/model"
)

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
