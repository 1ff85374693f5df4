package tui

import (
	"strings"
	"testing"
	"time"

	"carekiosk/county/countytest"
)

// china is a moment in China's zone (UTC+8, no summer time), written out
// so the test does not lean on the code's own zone.
func china(y int, m time.Month, d, h int) time.Time {
	return time.Date(y, m, d, h, 0, 0, 0, time.FixedZone("CST", 8*3600))
}

// TestHomeReportStatusFromPlanImport: the station owes monthly reports
// from the month (China time) it first imported the county's plan. The
// screens are looked at at 10:00 and at 03:00 China time, when the UTC
// date is the day before.
func TestHomeReportStatusFromPlanImport(t *testing.T) {
	for _, c := range []struct {
		name     string
		imported time.Time // the plan's first import
		at       time.Time // the kiosk's clock
		want     string
	}{
		// Imported on 30 November: October's report is not owed that day…
		{"import day 10:00", china(2026, 11, 30, 10), china(2026, 11, 30, 10), "本月无需上报（首次上报：12月10日前）"},
		{"import day 03:00", china(2026, 11, 30, 3), china(2026, 11, 30, 3), "本月无需上报（首次上报：12月10日前）"},
		// …November's is, due on 10 December: at 03:00 on the 11th in
		// China (the 10th in UTC) it is a day overdue.
		{"11 Dec 03:00", china(2026, 11, 30, 10), china(2026, 12, 11, 3), "本月应上报，逾期 1 天"},
		{"10 Dec 10:00", china(2026, 11, 30, 10), china(2026, 12, 10, 10), "本月应上报（10日前）"},
		// Imported at 03:00 on 1 December in China (30 November in UTC):
		// November is not owed, so nothing is late on the 11th.
		{"import 1 Dec 03:00", china(2026, 12, 1, 3), china(2026, 12, 11, 10), "本月无需上报（首次上报：1月10日前）"},
		{"import 1 Dec 03:00, seen 03:00", china(2026, 12, 1, 3), china(2026, 12, 11, 3), "本月无需上报（首次上报：1月10日前）"},
	} {
		t.Run(c.name, func(t *testing.T) {
			clock := countytest.NewClock(c.imported)
			st, dir := copyStore(t, clock.Model())
			withPlan(t, st)
			clock.Set(c.at)
			k := startKiosk(t, st, dir, 80, 24, c.at)
			v := k.waitFor(c.want)
			for _, line := range strings.Split(v, "\n") {
				if strings.Contains(line, c.want) && !strings.Contains(line, "年任务") {
					t.Fatalf("the status is not on the quota's line:\n%s", v)
				}
			}
		})
	}
}
