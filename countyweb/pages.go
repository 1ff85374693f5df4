package countyweb

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"strconv"

	"carekiosk/model"
)

// pages are the page templates, each parsed with the layout.
var pages = func() map[string]*template.Template {
	out := map[string]*template.Template{}
	for _, name := range []string{"board", "unit", "session", "msg", "history"} {
		out[name] = template.Must(template.New("layout.html").Funcs(template.FuncMap{
			"printf": fmt.Sprintf,
		}).ParseFS(webFS, "web/pages/layout.html", "web/pages/"+name+".html"))
	}
	return out
}()

// page is what every template gets: the words of its language and the
// page's own data.
type page struct {
	T     map[string]string
	Lang  model.Lang
	Title string
	Data  any
}

// render writes a page; a template failure becomes the error page, never
// half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, code int, name, title string, data any) {
	l := lang(r)
	var b bytes.Buffer
	if err := pages[name].Execute(&b, page{T: wordsFor(l), Lang: l, Title: title, Data: data}); err != nil {
		s.log.Error("countyweb: page failed", "page", name, "err", err)
		if name != "msg" {
			s.fail(w, r, http.StatusInternalServerError, "error")
		}
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	_, _ = b.WriteTo(w)
}

// fail shows a short page with one message of texts.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, code int, key string) {
	s.render(w, r, code, "msg", wordsFor(lang(r))[key], wordsFor(lang(r))[key])
}

// failErr shows an error's message in the page's language.
func (s *Server) failErr(w http.ResponseWriter, r *http.Request, err error) {
	code := http.StatusInternalServerError
	switch model.ErrorCode(err) {
	case model.ENOTFOUND:
		code = http.StatusNotFound
	case model.EINVALID:
		code = http.StatusBadRequest
	}
	msg := model.ErrorMessage(err, lang(r))
	if code == http.StatusInternalServerError {
		s.log.Error("countyweb: request failed", "route", r.Pattern, "code", model.ErrorCode(err))
	}
	s.render(w, r, code, "msg", msg, msg)
}

// queryYear reads ?year=, or returns def.
func queryYear(r *http.Request, def int) int {
	if y, err := strconv.Atoi(r.URL.Query().Get("year")); err == nil && y >= 2000 && y <= 2100 {
		return y
	}
	return def
}
