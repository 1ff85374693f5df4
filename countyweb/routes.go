package countyweb

import (
	"bytes"
	"embed"
	"net/http"
	"strings"
	"time"

	"carekiosk/internal/webserve"
	"carekiosk/model"
)

//go:embed web
var webFS embed.FS

// countyCSP is the county page's Content-Security-Policy, beside the headers
// webserve sets on every response: the page loads only its own style
// sheet, script and images (signatures come from this server), is never
// framed, and sends no referrer elsewhere.
const countyCSP = "default-src 'none'; img-src 'self'; style-src 'self'; script-src 'self'; form-action 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'"

// routes builds the handler.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.board)
	mux.HandleFunc("POST /import", s.importBundles)
	mux.HandleFunc("POST /history/preview", s.historyPreview)
	mux.HandleFunc("POST /history/import", s.historyImport)
	mux.HandleFunc("GET /unit/{id}", s.unitPage)
	mux.HandleFunc("GET /session/{id}", s.sessionPage)
	mux.HandleFunc("GET /session/{id}/forms.xlsx", s.sessionWorkbook)
	mux.HandleFunc("GET /signature/{id}", s.signature)
	mux.HandleFunc("GET /report.xlsx", s.reportWorkbook)
	mux.HandleFunc("GET /lang/{lang}", s.setLang)
	mux.HandleFunc("GET /s/{name}", s.static)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, http.StatusNotFound, "notFound")
	})
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, http.StatusForbidden, "crossOrigin")
	}))
	return s.harden(cop.Handler(mux))
}

// harden wraps the handler: security headers, no caching of pages, a body
// limit (an upload gets a larger one) and a plain page instead of a trace.
func (s *Server) harden(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		webserve.SetSecurityHeaders(h, countyCSP)
		if !strings.HasPrefix(r.URL.Path, "/s/") {
			h.Set("Cache-Control", "no-store")
		}
		limit := int64(maxForm)
		if r.URL.Path == "/import" || r.URL.Path == "/history/preview" {
			limit = maxUpload
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("countyweb: request failed", "route", r.Method+" "+r.Pattern)
				s.fail(w, r, http.StatusInternalServerError, "error")
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// static serves the embedded style sheet and script.
func (s *Server) static(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	ctype := map[string]string{"app.css": "text/css; charset=utf-8", "app.js": "text/javascript; charset=utf-8"}[name]
	b, err := webFS.ReadFile("web/static/" + name)
	if ctype == "" || err != nil {
		s.fail(w, r, http.StatusNotFound, "notFound")
		return
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Cache-Control", "no-cache")
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(b))
}

// langCookie keeps the clerk's language choice.
const langCookie = "ck_county_lang"

// lang is the page language: Chinese unless the clerk chose English.
func lang(r *http.Request) model.Lang {
	if c, err := r.Cookie(langCookie); err == nil && model.Lang(c.Value).English() {
		return model.LangEN
	}
	return model.LangZH
}

// setLang stores the language choice and goes back to the board.
func (s *Server) setLang(w http.ResponseWriter, r *http.Request) {
	l := string(model.LangZH)
	if model.Lang(r.PathValue("lang")).English() {
		l = string(model.LangEN)
	}
	http.SetCookie(w, &http.Cookie{Name: langCookie, Value: l, Path: "/", MaxAge: 400 * 24 * 3600, HttpOnly: true, SameSite: http.SameSiteStrictMode})
	http.Redirect(w, r, "/", http.StatusSeeOther)
}
