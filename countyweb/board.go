package countyweb

import (
	"context"
	"fmt"
	"net/http"

	"carekiosk/county"
	"carekiosk/model"
)

// boardRow is one unit on the board.
type boardRow struct {
	ID          string
	Order       int
	Name        string
	Quota, Held int
	// Paper counts, of Held, the sessions from old paper tables.
	Paper int
	// BarPx is the held part of the 160-pixel bar (full at the quota).
	BarPx    int
	Percent  string
	Stations int
	// LastBundle is the newest bundle's number and the day the station
	// made it; "" when none came.
	LastBundle string
	Gaps       []string
	Reporting  string
	Late       bool
}

// boardData is the board page.
type boardData struct {
	County string
	Year   int
	Years  []int
	Today  string
	Rows   []boardRow
	Import []importRow
	// Imported is true on the page that answers an import.
	Imported bool
}

const barWidth = 160

// board shows every unit of the year's plan.
func (s *Server) board(w http.ResponseWriter, r *http.Request) {
	d, err := s.boardData(r.Context(), lang(r), queryYear(r, 0))
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "board", d.County, d)
}

// boardData reads the board for year (0: this year, or the plan's latest
// year before it).
func (s *Server) boardData(ctx context.Context, lang model.Lang, year int) (*boardData, error) {
	loc := county.Zone()
	today := model.DateOf(s.now().In(loc))
	name, err := s.db.County(ctx)
	if err != nil {
		return nil, err
	}
	years, err := s.db.PlanYears(ctx)
	if err != nil {
		return nil, err
	}
	d := &boardData{County: name, Year: year, Today: today.String()}
	for _, py := range years {
		d.Years = append(d.Years, py.Year)
		if year == 0 && py.Year <= today.Year {
			d.Year = py.Year
		}
	}
	if d.Year == 0 && len(years) > 0 {
		d.Year = years[0].Year
	}
	q, err := s.db.QuotaProgress(ctx, d.Year)
	if err != nil {
		return nil, err
	}
	receipts, err := s.db.Receipts(ctx, "")
	if err != nil {
		return nil, err
	}
	gaps, err := s.db.Gaps(ctx)
	if err != nil {
		return nil, err
	}
	stations, err := s.db.Stations(ctx)
	if err != nil {
		return nil, err
	}
	rep, starts := yearReporting(years, receipts, stations, d.Year, today)
	t := wordsFor(lang)
	for _, p := range q {
		row := boardRow{ID: p.Unit.ID, Order: p.Unit.Order, Name: p.Unit.Name, Quota: p.Quota, Held: p.Held, Paper: p.Paper, Percent: "—"}
		if p.Quota > 0 {
			row.BarPx = min(barWidth, barWidth*p.Held/p.Quota)
			row.Percent = fmt.Sprintf("%.0f%%", p.Percent())
		}
		for _, st := range stations {
			if st.UnitID == p.Unit.ID {
				row.Stations++
			}
		}
		if last := county.LastReceipt(receipts, p.Unit.ID); last != nil {
			row.LastBundle = fmt.Sprintf("%s %d · %s", t["sequence"], last.Sequence, model.DateOf(last.CreatedAt.In(loc)))
			if !lang.English() {
				row.LastBundle = fmt.Sprintf("第%d号 · %s", last.Sequence, model.DateOf(last.CreatedAt.In(loc)))
			}
		}
		for _, g := range gaps {
			if g.Unit == p.Unit.Name {
				note := t["notCovered"]
				if g.Covered {
					note = t["covered"]
				}
				row.Gaps = append(row.Gaps, fmt.Sprintf(t["missingNo"], g.Sequence)+"（"+note+"）")
			}
		}
		row.Reporting, row.Late = county.UnitStatus(rep, p.Unit.ID, starts, today, lang)
		d.Rows = append(d.Rows, row)
	}
	return d, nil
}

// yearReporting is the units' reporting over the months of year up to
// today, and when each owes reports from (the board and a unit's page
// judge reporting by it).
func yearReporting(years []model.PlanYear, receipts []county.Receipt, stations []county.Station, year int, today model.Date) ([]county.UnitReporting, county.ReportStarts) {
	loc := county.Zone()
	end := model.Date{Year: year, Month: 12, Day: 31}
	if today.Before(end) {
		end = today
	}
	starts := county.StartsOf(stations, loc)
	return county.Reporting(years, receipts, starts, model.Date{Year: year, Month: 1, Day: 1}, end, today, loc), starts
}
