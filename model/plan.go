package model

import (
	"sort"
	"strconv"
	"strings"
	"time"
)

// Plan is the county center's plan for its units (县妇计中心下发的计划): per
// year the units with their quotas (附件3), the age bands and the reporting
// period. The county signs it; every station imports it, picks its unit
// from it and seals its bundles to the county's recipient.
type Plan struct {
	County string
	// Serial numbers the county's plans: a station replaces its plan only
	// with a higher serial signed by the same key.
	Serial   int
	IssuedAt time.Time
	// SignKey is the county's ed25519 public key (carekiosk-ed25519:…) that
	// signs the plan; Recipient is its age X25519 recipient (age1…) that
	// bundles are sealed to.
	SignKey   string
	Recipient string
	Years     []PlanYear
}

// PlanYear is one year of the plan.
type PlanYear struct {
	Year  int
	Units []PlanUnit
	Bands []AgeBand
	// Period is how often units report: "monthly", the only one so far.
	Period string
	// DueDay is the day of the next month by which a month's report is due.
	DueDay int
}

// PlanUnit is one row of 附件3: 序号, 单位, 任务数.
type PlanUnit struct {
	ID    string
	Order int
	Name  string
	Quota int
}

// PeriodMonthly is the monthly reporting period.
const PeriodMonthly = "monthly"

// DefaultDueDay is the day of the next month a month's report is due when
// the county has not set another.
const DefaultDueDay = 10

// Year returns the plan's year y, or the latest year before it when y has
// none, and whether one was found.
func (p *Plan) Year(y int) (PlanYear, bool) {
	best, ok := PlanYear{}, false
	for _, py := range p.Years {
		if py.Year <= y && (!ok || py.Year > best.Year) {
			best, ok = py, true
		}
	}
	if !ok && len(p.Years) > 0 {
		// A plan only for later years: use its earliest.
		best = p.Years[0]
		for _, py := range p.Years {
			if py.Year < best.Year {
				best = py
			}
		}
		ok = true
	}
	return best, ok
}

// Validate checks a plan year: units named once each, quotas 0–1000,
// bands that cover 0–36 without overlap, a monthly period and a due day
// 1–28.
func (py *PlanYear) Validate() error {
	if py.Year < 2000 || py.Year > 2100 {
		return FieldErrorf("year", "计划年份 %d 无效", "invalid plan year %d", py.Year)
	}
	if len(py.Units) == 0 {
		return FieldErrorf("unit", "%d 年计划中没有单位", "the %d plan lists no unit", py.Year)
	}
	seen := map[string]bool{}
	for _, u := range py.Units {
		name := strings.TrimSpace(u.Name)
		if err := CheckText("unit", name, 1, 40); err != nil {
			return err
		}
		if seen[name] {
			return FieldErrorf("unit", "单位“%s”在 %d 年计划中出现两次", "unit %s appears twice in the %d plan", name, py.Year)
		}
		seen[name] = true
		if u.Quota < 0 || u.Quota > 1000 {
			return FieldErrorf("quota", "“%s”的任务数应在 0 到 1000 之间", "the quota of %s must be 0 to 1000", name)
		}
	}
	bands, err := ValidateAgeBands(py.Bands)
	if err != nil {
		return err
	}
	py.Bands = bands
	if py.Period != PeriodMonthly {
		return FieldErrorf("period", "上报周期只能是每月（monthly），不是 %q", "the reporting period can only be monthly, not %q", py.Period)
	}
	if py.DueDay < 1 || py.DueDay > 28 {
		return FieldErrorf("due_day", "上报截止日应在每月 1 到 28 日之间", "the reporting due day must be 1 to 28")
	}
	sort.SliceStable(py.Units, func(i, j int) bool { return py.Units[i].Order < py.Units[j].Order })
	return nil
}

// DefaultPlanYear is the plan a new county starts with for year: the
// county's ten units and quotas of 附件3, the default age bands, monthly
// reports due by the 10th.
func DefaultPlanYear(year int) PlanYear {
	py := PlanYear{Year: year, Bands: append([]AgeBand(nil), DefaultAgeBands...), Period: PeriodMonthly, DueDay: DefaultDueDay}
	for i, cu := range QingtianPlan {
		py.Units = append(py.Units, PlanUnit{Order: i + 1, Name: cu.Name, Quota: cu.Quota})
	}
	return py
}

// ReportStatus is where a station stands with its monthly report.
type ReportStatus struct {
	// Month is the first day of the month being reported (last month).
	Month Date
	// Due is the last day the report is on time.
	Due Date
	// Owed is false when Month is before the station's first owed month
	// (ReportOwed): nothing is due this month, and nothing is late.
	Owed bool
	// FirstDue is, when not Owed, the due day of the station's first owed
	// report (zero when it has no start).
	FirstDue Date
	// Sent is true when a bundle was written on or after the first day of
	// this month, so it holds the whole of last month.
	Sent bool
	// LateDays counts the days past Due when owed and not sent; 0
	// otherwise.
	LateDays int
}

// ReportStatusAt works out the report status on day today (the station's
// zone) for a unit reporting monthly by dueDay of the next month, given
// the local date of the station's last bundle (zero when none) and its
// first owed month start (ReportStart of the plan's first import).
func ReportStatusAt(today Date, dueDay int, lastBundle, start Date) ReportStatus {
	first := Date{Year: today.Year, Month: today.Month, Day: 1}
	prev := first.AddDays(-1)
	st := ReportStatus{Month: Date{Year: prev.Year, Month: prev.Month, Day: 1}, Due: Date{Year: today.Year, Month: today.Month, Day: dueDay}}
	st.Sent = !lastBundle.IsZero() && !lastBundle.Before(first)
	if st.Owed = ReportOwed(st.Month, start); !st.Owed {
		if !start.IsZero() {
			next := start.AddMonths(1)
			st.FirstDue = Date{Year: next.Year, Month: next.Month, Day: dueDay}
		}
		return st
	}
	if !st.Sent && st.Due.Before(today) {
		st.LateDays = int(today.Time(time.UTC).Sub(st.Due.Time(time.UTC)).Hours() / 24)
	}
	return st
}

// Text says the status in one short line: 本月应上报（10日前）/ 已上报 /
// 逾期 N 天, or 本月无需上报 before the first owed month.
func (s ReportStatus) Text(lang Lang) string {
	switch {
	case !s.Owed:
		return s.notOwedText(lang)
	case lang.English() && s.Sent:
		return "monthly report: sent"
	case lang.English() && s.LateDays > 0:
		return "monthly report: " + strconv.Itoa(s.LateDays) + " days overdue"
	case lang.English():
		return "monthly report due by the " + strconv.Itoa(s.Due.Day) + "th"
	case s.Sent:
		return "本月应上报，已上报"
	case s.LateDays > 0:
		return "本月应上报，逾期 " + strconv.Itoa(s.LateDays) + " 天"
	}
	return "本月应上报（" + strconv.Itoa(s.Due.Day) + "日前）"
}

// notOwedText is the line before the first owed month: nothing due yet,
// and the day the first report is due.
func (s ReportStatus) notOwedText(lang Lang) string {
	switch {
	case s.FirstDue.IsZero():
		return lang.Pick("本月无需上报", "no monthly report due")
	case lang.English():
		return "no monthly report due yet (first by " + strconv.Itoa(s.FirstDue.Day) + " " + s.FirstDue.Month.String()[:3] + ")"
	}
	return "本月无需上报（首次上报：" + strconv.Itoa(int(s.FirstDue.Month)) + "月" + strconv.Itoa(s.FirstDue.Day) + "日前）"
}
