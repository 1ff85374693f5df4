package county

import (
	"time"

	"carekiosk/model"
)

// MonthStatus is where one unit stands with one month's report.
type MonthStatus int

// The states of a month's report.
const (
	// NotDue: no report yet, and its due day has not passed.
	NotDue MonthStatus = iota
	// Missing: no report, and its due day has passed.
	Missing
	// Late: a report came, written after the due day.
	Late
	// OnTime: a report came, written by the due day.
	OnTime
)

// Label names the status in the language lang.
func (s MonthStatus) Label(lang model.Lang) string {
	zh, en := map[MonthStatus][2]string{
		NotDue: {"未到期", "not yet due"}, Missing: {"未报", "missing"},
		Late: {"逾期", "late"}, OnTime: {"按时", "on time"},
	}[s], lang.English()
	if en {
		return zh[1]
	}
	return zh[0]
}

// MonthReport is one unit's report for one month (one period of the plan).
type MonthReport struct {
	// Month is the first day of the month reported.
	Month model.Date
	// Due is the last day the report is on time: DueDay of the next month,
	// from the plan year of Month.
	Due    model.Date
	Status MonthStatus
	// Sent is the day (the stations' zone) the first bundle holding the
	// whole month was written; zero when none came.
	Sent model.Date
	// Sequence is that bundle's number.
	Sequence int
	// LateDays counts the days after Due the report was written, or, when
	// Missing, the days since Due.
	LateDays int
}

// Expected reports whether the month counts in the reporting rate: its
// due day has passed, or its report already came.
func (m MonthReport) Expected() bool { return m.Status != NotDue }

// Received reports whether a report for the month came.
func (m MonthReport) Received() bool { return m.Status == Late || m.Status == OnTime }

// UnitReporting is one unit's reporting completeness and timeliness over
// a range of months.
type UnitReporting struct {
	Unit   model.Unit
	Months []MonthReport
	// Expected, Received and OnTime count the months: reports due (units ×
	// periods, as DHIS2 counts its reporting rate), reports received, and
	// reports received by the due day.
	Expected, Received, OnTime int
}

// Rate is Received ÷ Expected (0 when nothing is expected yet).
func (u UnitReporting) Rate() float64 { return ratio(u.Received, u.Expected) }

// TimelyRate is OnTime ÷ Expected.
func (u UnitReporting) TimelyRate() float64 { return ratio(u.OnTime, u.Expected) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Reporting works out, for every unit of the plan and every month from
// from to to (inclusive; both must be set) that has ended by today,
// whether its report came and came on time. A month's report is a bundle
// of one of the unit's stations written on or after the first day of the
// next month (so it holds the whole month) whose date range covers the
// month; it is on time when written by the due day of the month's plan
// year — the rule the station's home screen shows (model.ReportStatusAt).
// Days are in loc, the stations' zone. A unit is expected to report for a
// month only when the plan of that year lists it.
func Reporting(years []model.PlanYear, receipts []Receipt, from, to, today model.Date, loc *time.Location) []UnitReporting {
	var out []UnitReporting
	index := map[string]int{}
	sent := sentByUnit(receipts, loc)
	for m := firstOfMonth(from); !m.After(to); m = m.AddMonths(1) {
		next := m.AddMonths(1)
		if today.Before(next) {
			break // the month has not ended
		}
		py, ok := planFor(years, m.Year)
		if !ok {
			continue
		}
		due := model.Date{Year: next.Year, Month: next.Month, Day: py.DueDay}
		for _, pu := range py.Units {
			i, seen := index[pu.ID]
			if !seen {
				i = len(out)
				index[pu.ID] = i
				out = append(out, UnitReporting{Unit: model.Unit{ID: pu.ID, Name: pu.Name, Order: pu.Order}})
			}
			mr := monthReport(m, due, sent[pu.ID], today)
			u := &out[i]
			u.Months = append(u.Months, mr)
			if mr.Expected() {
				u.Expected++
			}
			if mr.Received() {
				u.Received++
			}
			if mr.Status == OnTime {
				u.OnTime++
			}
		}
	}
	return out
}

// sentBundle is a bundle as the reporting reads it: the day it was
// written (the stations' zone) and the months its date range holds.
type sentBundle struct {
	sent     model.Date
	sequence int
	// from and to are the range's ends, zero when open; bad marks a range
	// that does not parse, which covers no month.
	from, to model.Date
	bad      bool
}

// sentByUnit lays the bundles written at a known time out by unit, their
// days and ranges worked out once for all the months.
func sentByUnit(receipts []Receipt, loc *time.Location) map[string][]sentBundle {
	out := map[string][]sentBundle{}
	for _, r := range receipts {
		if r.CreatedAt.IsZero() {
			continue
		}
		b := sentBundle{sent: model.DateOf(r.CreatedAt.In(loc)), sequence: r.Sequence}
		var err1, err2 error
		if r.From != "" {
			b.from, err1 = model.ParseDate(r.From)
		}
		if r.To != "" {
			b.to, err2 = model.ParseDate(r.To)
		}
		b.bad = err1 != nil || err2 != nil
		out[r.UnitID] = append(out[r.UnitID], b)
	}
	return out
}

// monthReport finds the first of a unit's bundles that reports month m.
func monthReport(m, due model.Date, bundles []sentBundle, today model.Date) MonthReport {
	next, last := m.AddMonths(1), m.AddMonths(1).AddDays(-1)
	mr := MonthReport{Month: m, Due: due}
	for _, b := range bundles {
		if b.sent.Before(next) || !b.covers(m, last) {
			continue
		}
		if mr.Sent.IsZero() || b.sent.Before(mr.Sent) {
			mr.Sent, mr.Sequence = b.sent, b.sequence
		}
	}
	switch {
	case !mr.Sent.IsZero() && mr.Sent.After(due):
		mr.Status, mr.LateDays = Late, daysBetween(due, mr.Sent)
	case !mr.Sent.IsZero():
		mr.Status = OnTime
	case today.After(due):
		mr.Status, mr.LateDays = Missing, daysBetween(due, today)
	}
	return mr
}

// covers reports whether the bundle's date range holds the month first..last.
func (b sentBundle) covers(first, last model.Date) bool {
	return !b.bad && (b.from.IsZero() || !b.from.After(first)) && (b.to.IsZero() || !b.to.Before(last))
}

// planFor returns the plan year y itself: a unit reports for a month only
// under that year's plan.
func planFor(years []model.PlanYear, y int) (model.PlanYear, bool) {
	for _, py := range years {
		if py.Year == y {
			return py, true
		}
	}
	return model.PlanYear{}, false
}

func firstOfMonth(d model.Date) model.Date { return model.Date{Year: d.Year, Month: d.Month, Day: 1} }

func daysBetween(a, b model.Date) int {
	return int(b.Time(time.UTC).Sub(a.Time(time.UTC)).Hours() / 24)
}
