package checkin

import (
	"bytes"
	"net/http"
	"strings"
	"time"

	"carekiosk/internal/webserve"
)

// checkinCSP is the phone page's Content-Security-Policy, beside the headers
// webserve sets on every response. The page loads only its own style
// sheet and script; the signature is redrawn from a data: URL after an error.
const checkinCSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"

// harden wraps the handler: security headers, no caching of pages, the
// per-address rate limit, and a recovery that shows a plain page instead of
// a trace.
func (s *Server) harden(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		webserve.SetSecurityHeaders(h, checkinCSP)
		if !strings.HasPrefix(r.URL.Path, "/s/") {
			h.Set("Cache-Control", "no-store")
		}
		if !s.lim.allow(r.RemoteAddr, s.now()) {
			h.Set("Retry-After", "60")
			renderMsg(w, http.StatusTooManyRequests, s.lang(r.Context()), msgRate)
			return
		}
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("checkin: request failed", "path", routeOf(r))
				renderMsg(w, http.StatusInternalServerError, s.lang(r.Context()), msgError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// routeOf names a request's route for a log line without the token.
func routeOf(r *http.Request) string {
	p := r.URL.Path
	if strings.HasPrefix(p, "/c/") || strings.HasPrefix(p, qrPath) {
		return "/c/…"
	}
	if len(p) > 40 {
		p = p[:40]
	}
	return r.Method + " " + p
}

// static serves the embedded style sheet and script.
func (s *Server) static(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	var ctype string
	switch name {
	case "app.css":
		ctype = "text/css; charset=utf-8"
	case "sig.js":
		ctype = "text/javascript; charset=utf-8"
	default:
		renderMsg(w, http.StatusNotFound, s.lang(r.Context()), msgNotFound)
		return
	}
	b, err := staticFS.ReadFile("web/static/" + name)
	if err != nil {
		renderMsg(w, http.StatusNotFound, s.lang(r.Context()), msgNotFound)
		return
	}
	h := w.Header()
	h.Set("Content-Type", ctype)
	if r.URL.Query().Get("v") == assetVersion {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	h.Set("ETag", `"`+assetVersion+`"`)
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(b))
}
