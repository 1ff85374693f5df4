package checkin

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"strconv"

	"carekiosk/model"
)

//go:embed web/pages/*.html
var pageFS embed.FS

//go:embed web/static
var staticFS embed.FS

// pages holds the parsed templates; they are fixed at build time, so parsing
// once per process is safe to share.
var pages = template.Must(template.New("").ParseFS(pageFS, "web/pages/*.html"))

// assetVersion changes whenever the style sheet or script changes, so phones
// never keep a stale copy.
var assetVersion = func() string {
	h := sha256.New()
	_ = fs.WalkDir(staticFS, "web/static", func(path string, d fs.DirEntry, err error) error { // its callback never fails
		if err == nil && !d.IsDir() {
			b, _ := staticFS.ReadFile(path)
			h.Write(b)
		}
		return nil
	})
	return hex.EncodeToString(h.Sum(nil))[:10]
}()

// sessionView is the session line at the top of each page.
type sessionView struct {
	Title, When, Station string
}

// rowView is one child block of the full form.
type rowView struct {
	N                            int
	Name, Birth, Months          string
	NameErr, BirthErr, MonthsErr string
}

type relView struct {
	Value, Label string
	Checked      bool
}

type kidView struct {
	ID, Label string
	Checked   bool
}

type doneView struct {
	Seq   int
	Label string
	Notes []string
}

// pageData is what every template gets.
type pageData struct {
	T       map[string]string
	Lang    model.Lang
	Title   string
	Text    string
	Asset   string
	Script  bool
	Session *sessionView

	Errors   []string
	FieldErr map[string]string
	Notice   string

	Form           formData
	ConsentVersion string
	// Consent is the notice's paragraphs, filled for the session's unit:
	// set by the pages that show the notice (Server.consent).
	Consent   []string
	Rows      []rowView
	MoreOpen  bool
	Max, Min  string
	Relations []relView

	Kids             []kidView
	Who              string
	ConsentKnown     bool
	ConsentKnownText string
	// KnownRel is the relation of the caregiver whose consent is known;
	// another relation ticked shows the notice again (script), and the
	// store asks anyone who has not agreed.
	KnownRel  string
	BackLabel string

	Done []doneView
}

func textsFor(lang model.Lang) map[string]string {
	if lang.English() {
		return texts[model.LangEN]
	}
	return texts[model.LangZH]
}

func newPage(lang model.Lang) *pageData {
	t := textsFor(lang)
	return &pageData{T: t, Lang: lang, Asset: assetVersion, ConsentVersion: ConsentVersion, FieldErr: map[string]string{}, Title: t["checkin"]}
}

func viewSession(sess *model.Session, lang model.Lang) *sessionView {
	if sess == nil {
		return nil
	}
	when := lang.Pick(sess.Date.Chinese(), sess.Date.String())
	return &sessionView{Title: sess.Title, When: when, Station: sess.Station}
}

// ageLabel renders "王小明 · 14月龄".
func ageLabel(t map[string]string, name string, age int) string {
	return name + " · " + fmt.Sprintf(t["age"], age)
}

// fillForm prepares the full form's views from what was typed.
func (p *pageData) fillForm(f formData, on model.Date) {
	p.Form = f
	p.Script = true
	p.Max = on.String()
	p.Min = on.AddMonths(-model.MaxSignInAgeMonths).String()
	p.Rows = make([]rowView, maxRows)
	for i, r := range f.Rows {
		n := strconv.Itoa(i + 1)
		p.Rows[i] = rowView{N: i + 1, Name: r.Name, Birth: r.Birth, Months: r.Months,
			NameErr: p.FieldErr["name"+n], BirthErr: p.FieldErr["birth"+n], MonthsErr: p.FieldErr["months"+n]}
		if i > 0 && (r.Name != "" || r.Birth != "" || r.Months != "") {
			p.MoreOpen = true
		}
	}
	p.relations(f.Relation)
}

// relations offers model.Relations with checked ticked (none when it is not
// one of them).
func (p *pageData) relations(checked string) {
	for _, r := range model.Relations {
		p.Relations = append(p.Relations, relView{Value: string(r), Label: r.Label(p.Lang), Checked: string(r) == checked})
	}
}

// render writes a template with the status; a template error becomes a plain
// message, never a trace.
func render(w http.ResponseWriter, status int, name string, p *pageData) {
	var buf bytes.Buffer
	if err := pages.ExecuteTemplate(&buf, name, p); err != nil {
		http.Error(w, "内部错误 internal error", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes()) // a phone that went away: nothing to do
}

// renderMsg shows one of the message pages.
func renderMsg(w http.ResponseWriter, status int, lang model.Lang, k msgKind) {
	p := newPage(lang)
	m := messages[k][0]
	if lang.English() {
		m = messages[k][1]
	}
	p.Title, p.Text = m[0], m[1]
	render(w, status, "msg", p)
}
