package county

import (
	"fmt"
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
	// NotRequired: the unit owed no report for the month — it is before
	// the month its first station was registered, or it has none — and
	// none came.
	NotRequired
	// SentNotRequired: a report came for a month the unit did not owe. It
	// is shown, but counts in no rate.
	SentNotRequired
)

// Label names the status in the language lang.
func (s MonthStatus) Label(lang model.Lang) string {
	zh, en := map[MonthStatus][2]string{
		NotDue: {"未到期", "not yet due"}, Missing: {"未报", "missing"},
		Late: {"逾期", "late"}, OnTime: {"按时", "on time"},
		NotRequired: {"未启用", "not required"}, SentNotRequired: {"启用前已报", "sent before start"},
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

// Expected reports whether the month counts in the reporting rate: the
// unit owed it, and its due day has passed or its report already came.
func (m MonthReport) Expected() bool {
	return m.Status == Missing || m.Status == Late || m.Status == OnTime
}

// Received reports whether a report the unit owed for the month came.
func (m MonthReport) Received() bool { return m.Status == Late || m.Status == OnTime }

// UnitReporting is one unit's reporting completeness and timeliness over
// a range of months.
type UnitReporting struct {
	Unit model.Unit
	// Start is the unit's first owed month (see ReportStarts); zero when
	// it has no registered station.
	Start  model.Date
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

// ReportStarts holds, per unit id, the first month (its first day) the
// unit owes a monthly report for: the month, in the stations' zone, its
// first station was registered (model.ReportStart). A unit with no
// registered station is absent and owes none.
type ReportStarts map[string]model.Date

// StartsOf works out each unit's first owed month from the registered
// stations; days are in loc, the stations' zone.
func StartsOf(stations []Station, loc *time.Location) ReportStarts {
	first := map[string]time.Time{}
	for _, st := range stations {
		if t, ok := first[st.UnitID]; st.RegisteredAt.IsZero() || (ok && !st.RegisteredAt.Before(t)) {
			continue
		}
		first[st.UnitID] = st.RegisteredAt
	}
	out := ReportStarts{}
	for id, t := range first {
		out[id] = model.ReportStart(t, loc)
	}
	return out
}

// Owed reports whether the unit owes the report for month.
func (s ReportStarts) Owed(unitID string, month model.Date) bool {
	return model.ReportOwed(month, s[unitID])
}

// Reporting works out, for every unit of the plan and every month from
// from to to (inclusive; both must be set) that has ended by today,
// whether its report came and came on time. A month's report is a bundle
// of one of the unit's stations written on or after the first day of the
// next month (so it holds the whole month) whose date range covers the
// month; it is on time when written by the due day of the month's plan
// year — the rule the station's home screen shows (model.ReportStatusAt).
// Days are in loc, the stations' zone. A unit is expected to report for a
// month only when the plan of that year lists it and it owes the month
// (starts): an earlier month is NotRequired, or SentNotRequired when a
// bundle covering it came anyway, and counts in no rate.
func Reporting(years []model.PlanYear, receipts []Receipt, starts ReportStarts, from, to, today model.Date, loc *time.Location) []UnitReporting {
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
				out = append(out, UnitReporting{Unit: model.Unit{ID: pu.ID, Name: pu.Name, Order: pu.Order}, Start: starts[pu.ID]})
			}
			mr := monthReport(m, due, sent[pu.ID], today)
			if !starts.Owed(pu.ID, m) {
				mr = notOwed(mr)
			}
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

// notOwed turns the report of a month the unit did not owe into
// NotRequired, or SentNotRequired when a bundle covering it came: never
// late, counted in no rate.
func notOwed(mr MonthReport) MonthReport {
	mr.Status, mr.LateDays = NotRequired, 0
	if !mr.Sent.IsZero() {
		mr.Status = SentNotRequired
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

// UnitStatus says where a unit stands with its reports, as the board and
// 任务完成情况 show it: the status of its latest month due in rep (late
// true when that report is missing or came late); else its owed month
// whose due day has not come; else that it has no registered station;
// else, before it owes any report as of today, the month it owes them
// from; else 未启用 when rep's months are all before its start; else ""
// (no month of rep is due yet).
func UnitStatus(rep []UnitReporting, unitID string, starts ReportStarts, today model.Date, lang model.Lang) (text string, late bool) {
	months := 0
	var notDue *MonthReport
	for _, u := range rep {
		if u.Unit.ID != unitID {
			continue
		}
		if m, ok := LatestDue(u); ok {
			return m.StatusIn(lang), m.Status == Late || m.Status == Missing
		}
		months += len(u.Months)
		for i := range u.Months {
			if u.Months[i].Status == NotDue {
				notDue = &u.Months[i]
			}
		}
	}
	start := starts[unitID]
	switch {
	case notDue != nil:
		return notDue.StatusIn(lang), false
	case start.IsZero():
		return lang.Pick("未登记站点", "no station registered"), false
	case !start.Before(model.Date{Year: today.Year, Month: today.Month, Day: 1}):
		if lang.English() {
			return fmt.Sprintf("reports owed from %s %d", start.Month.String()[:3], start.Year), false
		}
		return fmt.Sprintf("%d年%d月起应报", start.Year, start.Month), false
	case months > 0:
		return NotRequired.Label(lang), false
	}
	return "", false
}

// StatusIn says a due month's status in lang: StatusText in Chinese;
// "on time (10/2026)", "3 days late (10/2026)", "missing, 5 days overdue
// (10/2026)" in English.
func (m MonthReport) StatusIn(lang model.Lang) string {
	if !lang.English() {
		return m.StatusText()
	}
	month := fmt.Sprintf(" (%d/%d)", m.Month.Month, m.Month.Year)
	switch m.Status {
	case Late:
		return fmt.Sprintf("%d days late%s", m.LateDays, month)
	case Missing:
		return fmt.Sprintf("missing, %d days overdue%s", m.LateDays, month)
	}
	return m.Status.Label(model.LangEN) + month
}
