package countyweb

import (
	"bytes"
	"context"
	"fmt"
	"mime"
	"net/http"
	"strings"
	"time"

	"carekiosk/county"
	"carekiosk/export"
	"carekiosk/model"
)

// unitData is a unit's page: its sessions and the bundles received.
type unitData struct {
	Unit     model.Unit
	Sessions []sessionRow
	Bundles  []bundleRow
	Gaps     []string
	// Paper lists the sessions from the unit's old paper tables.
	Paper []paperRow
	// Reporting is the unit's monthly report status this year, as the
	// board shows it; Late marks it missing or late.
	Reporting string
	Late      bool
}

type sessionRow struct {
	ID, Date, Station, Title, Band, State string
	Families, SignIns                     int
}

type bundleRow struct {
	Station, Created, Received string
	Seq                        int
	Sealed, Replaced           bool
	Counts                     county.Counts
}

// unitPage lists one unit's sessions, newest first, and its bundles.
func (s *Server) unitPage(w http.ResponseWriter, r *http.Request) {
	ctx, l, loc := r.Context(), lang(r), county.Zone()
	units, err := s.db.Units(ctx)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	d := &unitData{}
	for _, u := range units {
		if u.ID == r.PathValue("id") {
			d.Unit = u
		}
	}
	if d.Unit.ID == "" {
		s.fail(w, r, http.StatusNotFound, "notFound")
		return
	}
	ss, err := s.db.Sessions(ctx, county.SessionFilter{UnitID: d.Unit.ID})
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	for i := len(ss) - 1; i >= 0; i-- {
		x := ss[i]
		d.Sessions = append(d.Sessions, sessionRow{ID: x.ID, Date: x.Date.String(), Station: x.Station, Title: x.Title, Band: x.Band.String(),
			State: x.State.Label(l), Families: x.Families, SignIns: x.SignIns})
	}
	hs, err := s.db.HistorySessions(ctx, county.SessionFilter{UnitID: d.Unit.ID})
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	d.Paper = paperRows(hs, l)
	receipts, err := s.db.Receipts(ctx, "")
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	stations, err := s.db.Stations(ctx)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	names := map[string]string{}
	for _, st := range stations {
		names[st.ID] = st.Name
	}
	if err := s.unitReporting(r.Context(), d, receipts, stations, l); err != nil {
		s.failErr(w, r, err)
		return
	}
	for _, x := range receipts {
		if x.UnitID == d.Unit.ID {
			d.Bundles = append(d.Bundles, bundleRow{Station: names[x.Station], Seq: x.Sequence, Created: x.CreatedAt.In(loc).Format("2006-01-02 15:04"),
				Received: x.ReceivedAt.In(loc).Format("2006-01-02 15:04"), Sealed: x.Sealed, Replaced: x.Replaced, Counts: x.Counts})
		}
	}
	gaps, err := s.db.Gaps(ctx)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	t := wordsFor(l)
	for _, g := range gaps {
		if g.Unit == d.Unit.Name {
			note := t["notCovered"]
			if g.Covered {
				note = t["covered"]
			}
			d.Gaps = append(d.Gaps, fmt.Sprintf(t["missingNo"], g.Sequence)+"（"+note+"）")
		}
	}
	s.render(w, r, http.StatusOK, "unit", d.Unit.Name, d)
}

// unitReporting fills the unit page's report status for this year, by
// the board's rule.
func (s *Server) unitReporting(ctx context.Context, d *unitData, receipts []county.Receipt, stations []county.Station, l model.Lang) error {
	years, err := s.db.PlanYears(ctx)
	if err != nil {
		return err
	}
	today := model.DateOf(s.now().In(county.Zone()))
	rep, starts := yearReporting(years, receipts, stations, today.Year, today)
	d.Reporting, d.Late = county.UnitStatus(rep, d.Unit.ID, starts, today, l)
	return nil
}

// sessionData is a session's page: the activity record and the sign-in
// sheet as the forms show them.
type sessionData struct {
	S    *county.Session
	Date string
	Dist string
	// Columns are 附件4's four columns under 活动内容, as the 活动记录表
	// lays them out.
	Columns     []recordColumn
	Summary     string
	SignIns     []signInView
	Notes       []string // under the sign-in sheet, as the 签到表's
	Corrections []string
}

// recordColumn is one column of the activity record: its label, what was
// planned and what was noted; 活动标题's holds the title with its content
// areas, and the introductions.
type recordColumn struct{ Label, Text, Intro, Notes string }

type signInView struct {
	ID, Child, Age, Phone, Relation, Typed string
	Seq                                    int
	Drawn                                  bool
}

// sessionPage shows one session down to each sign-in and its signature.
func (s *Server) sessionPage(w http.ResponseWriter, r *http.Request) {
	ctx, l, loc := r.Context(), lang(r), county.Zone()
	x, err := s.db.Session(ctx, r.PathValue("id"))
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	cs := export.CountySession{Unit: x.Unit, Session: x.Session, SignIns: x.SignIns, Families: x.Families}
	forms, err := county.Forms(s.db)(ctx, cs)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	corr, err := s.db.Corrections(ctx, x.ID)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	d := &sessionData{S: x, Date: x.Date.String(), Summary: x.Summary.Text(l)}
	ages := make([]int, len(forms.SignIns))
	for i, si := range forms.SignIns {
		ages[i] = si.AgeMonths
		d.SignIns = append(d.SignIns, signInView{ID: si.ID, Seq: si.Seq, Child: si.ChildName, Age: fmt.Sprintf("%d月龄", si.AgeMonths),
			Phone: si.Phone, Relation: string(si.Relation), Typed: si.SignedName, Drawn: len(si.SignaturePNG) > 0})
	}
	d.Dist = model.FormatDistribution(model.Distribution(ages), l)
	d.Columns = recordColumns(x.Session, l)
	d.Notes = model.SignInSheetNotes(forms.Changes, forms.Withdrawn, l, loc)
	for _, c := range corr {
		d.Corrections = append(d.Corrections, fmt.Sprintf("%d · %s · %s → %s · %s · %s · %s", c.Revision, c.Field, c.OldValue, c.NewValue, c.Who, c.At.In(loc).Format("2006-01-02 15:04"), c.Reason))
	}
	s.render(w, r, http.StatusOK, "session", x.Date.String()+" "+x.Title, d)
}

// recordColumns lays a session out in 附件4's columns under 活动内容
// (model.RecordColumns), in lang: the title with its content areas and
// the introductions, then each later segment's planned content and notes.
func recordColumns(s model.Session, l model.Lang) []recordColumn {
	labels := model.RecordColumns(l)
	title := s.Title
	if len(s.Areas) > 0 {
		title += l.Pick("（", " (") + model.AreasLabel(s.Areas, l) + l.Pick("）", ")")
	}
	cols := []recordColumn{{Label: labels[0], Text: title}}
	intro := s.Segments[model.SegIntroductions]
	if t := strings.TrimSpace(strings.Join([]string{intro.Planned, intro.Notes}, " ")); t != "" {
		cols[0].Intro = model.SegIntroductions.FormLabel(l) + l.Pick("：", ": ") + t
	}
	for i, k := range model.SegmentKinds[model.SegHealthEducation:] {
		seg := s.Segments[k]
		cols = append(cols, recordColumn{Label: labels[i+1], Text: seg.Planned, Notes: seg.Notes})
	}
	return cols
}

// signature serves a drawn signature.
func (s *Server) signature(w http.ResponseWriter, r *http.Request) {
	b, err := s.db.Signature(r.Context(), r.PathValue("id"))
	if err == nil && len(b) == 0 {
		err = model.Errorf(model.ENOTFOUND, "没有手写签名", "no drawn signature")
	}
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "image/png")
	http.ServeContent(w, r, "signature.png", time.Time{}, bytes.NewReader(b))
}

// sessionWorkbook downloads one session's 活动记录表 and 签到表, as the
// station's export writes them.
func (s *Server) sessionWorkbook(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	x, err := s.db.Session(ctx, r.PathValue("id"))
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	corr, err := s.db.Corrections(ctx, x.ID)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	name, err := s.db.County(ctx)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	cs := export.CountySession{Unit: x.Unit, Session: x.Session, SignIns: x.SignIns, Families: x.Families, Corrections: corr}
	forms, err := county.Forms(s.db)(ctx, cs)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	var b bytes.Buffer
	if err := export.WriteCountySessionWorkbook(&b, name, county.Zone(), cs, forms); err != nil {
		s.failErr(w, r, err)
		return
	}
	sendFile(w, x.Unit+"_"+export.SessionWorkbookName(x.Session), b.Bytes())
}

// reportWorkbook downloads the county's report workbook for ?from=&to=.
func (s *Server) reportWorkbook(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	from, err1 := optDate(q.Get("from"))
	to, err2 := optDate(q.Get("to"))
	if err1 != nil || err2 != nil {
		s.fail(w, r, http.StatusBadRequest, "badDate")
		return
	}
	// Not while an import is being stored: the report's reads, which go
	// on while the workbook is written, all see the same bundles.
	s.importMu.Lock()
	var b bytes.Buffer
	rep, err := county.WriteReportWorkbook(r.Context(), s.db, &b, from, to, s.now())
	s.importMu.Unlock()
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	sendFile(w, export.CountyWorkbookName(rep), b.Bytes())
}

func optDate(s string) (model.Date, error) {
	if s == "" {
		return model.Date{}, nil
	}
	return model.ParseDate(s)
}

// sendFile sends a workbook as a download under its Chinese name.
func sendFile(w http.ResponseWriter, name string, b []byte) {
	h := w.Header()
	h.Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	h.Set("Content-Length", fmt.Sprint(len(b)))
	_, _ = w.Write(b)
}
