package countyweb

import (
	"fmt"

	"carekiosk/county"
	"carekiosk/model"
)

// historyView is the page of a history preview (Token set: confirm it)
// or of the import done.
type historyView struct {
	Token   string
	Unit    string
	DryRun  bool
	Files   []historyFileView
	Summary string
	// LeftOut is true when some rows were not read.
	LeftOut bool
}

type historyFileView struct {
	File, Err string
	Sheets    []historySheetView
}

type historySheetView struct {
	Name, Skipped, Refused string
	Rows                   []historyRowView
	Problems               []string
}

type historyRowView struct {
	Row                                int
	Date, Unit, Place, Title, Families string
	Result                             string
	// New is a row that is (or would be) stored now; Covered one whose
	// session a station's record counts.
	New, Covered bool
}

// historyViewOf lays a history report out for the page in lang.
func historyViewOf(rep *county.HistoryReport, unit, token string, lang model.Lang) *historyView {
	t := wordsFor(lang)
	v := &historyView{Token: token, Unit: unit, DryRun: rep.DryRun}
	tot := rep.Totals()
	v.Summary, v.LeftOut = tot.Summary(lang), tot.LeftOut > 0
	for _, f := range rep.Files {
		fv := historyFileView{File: f.File}
		if f.Err != nil {
			fv.Err = model.ErrorMessage(f.Err, lang)
		}
		for _, sh := range f.Sheets {
			sv := historySheetView{Name: sh.Name}
			if sh.Skipped != nil {
				sv.Skipped = model.ErrorMessage(sh.Skipped, lang)
			}
			if sh.Refused != nil {
				sv.Refused = county.ProblemLine(0, sh.Refused, lang)
			}
			for _, row := range sh.Rows {
				h := row.Session
				fam := fmt.Sprint(h.Families)
				if h.Families < 0 {
					fam = t["familiesEmpty"]
				}
				sv.Rows = append(sv.Rows, historyRowView{Row: h.Source.Row, Date: h.Date.String(), Unit: h.Unit, Place: h.Place, Title: h.Title,
					Families: fam, Result: row.State(lang), New: row.Outcome.New && row.SameAs == nil, Covered: row.Outcome.Covered})
			}
			for _, p := range sh.Problems {
				sv.Problems = append(sv.Problems, county.ProblemLine(p.Row, p.Err, lang))
			}
			fv.Sheets = append(fv.Sheets, sv)
		}
		v.Files = append(v.Files, fv)
	}
	return v
}

// paperRow is one history session on a unit's page.
type paperRow struct {
	Date, Place, Title, Band, Families, Source string
	Covered                                    bool
}

// paperRows lays a unit's history sessions out, newest first.
func paperRows(hs []county.HistorySession, lang model.Lang) []paperRow {
	t := wordsFor(lang)
	out := make([]paperRow, 0, len(hs))
	for i := len(hs) - 1; i >= 0; i-- {
		h := hs[i]
		row := paperRow{Date: h.Date.String(), Place: h.Place, Title: h.Title, Families: fmt.Sprint(h.Families), Covered: h.Covered,
			Source: fmt.Sprintf(t["sourceRow"], h.Source.File, h.Source.Sheet, h.Source.Row)}
		if !h.Band.IsZero() {
			row.Band = h.Band.Label(lang)
		}
		if h.Families < 0 {
			row.Families = t["familiesEmpty"]
		}
		out = append(out, row)
	}
	return out
}
