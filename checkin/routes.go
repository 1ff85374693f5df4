package checkin

import (
	"net/http"
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
	mux.HandleFunc("GET "+qrPath+"{token}", s.scan)
	mux.HandleFunc("GET /c/{token}", s.scan) // typed by hand
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
	return connectivity(s.harden(cop.Handler(mux)))
}

// session loads a session that accepts sign-ins; otherwise it shows the
// page that says why and returns nil.
func (s *Server) session(w http.ResponseWriter, r *http.Request, lang model.Lang, id string) *model.Session {
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
