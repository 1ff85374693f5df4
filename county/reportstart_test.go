package county_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"carekiosk/county"
	"carekiosk/county/countytest"
	"carekiosk/model"
)

// startCounty is a county that starts using carekiosk on 30 November 2026:
// init and plan at 09:00 China time, 温溪 registered at 10:00 and 鹤城 at
// 23:30 that day (still November in China), 瓯南 at 03:00 on 1 December
// in China (still 30 November in UTC). No other unit has a station.
type startCounty struct {
	c          *countytest.County
	registered map[string]time.Time
	sent       map[string][]time.Time
}

func newStartCounty(t *testing.T) *startCounty {
	sc := &startCounty{c: countytest.New(t, t.TempDir(), 2026, cst(2026, 11, 30, 9)), registered: map[string]time.Time{}, sent: map[string][]time.Time{}}
	for _, x := range []struct {
		unit string
		at   time.Time
	}{
		{"温溪片卫生院", cst(2026, 11, 30, 10)},
		{"鹤城片卫生院", time.Date(2026, 11, 30, 23, 30, 0, 0, county.Zone())},
		{"瓯南片卫生院", cst(2026, 12, 1, 3)},
	} {
		sc.c.Clock.Set(x.at)
		sc.c.AddStation(t, x.unit, 2026, 2)
		sc.registered[x.unit] = x.at
	}
	return sc
}

// send has the station of unit write a bundle at the moment at, and the
// county import it then.
func (sc *startCounty) send(t *testing.T, unit string, at time.Time) {
	for _, st := range sc.c.Stations {
		if st.Unit == unit {
			sc.c.Clock.Set(at)
			sc.c.Import(t, st.Export(t, at, filepath.Join(sc.c.Root, "U盘")))
			sc.sent[unit] = append(sc.sent[unit], at)
		}
	}
}

// TestReportingStartsAtRegistration: on 30 November nothing is owed and
// nobody is late; on 11 December the unit that did not send November's
// report is late, the one registered in December owes nothing yet, and
// the units without a station are shown as such. The figures are worked
// out here from the registrations and the days the bundles were written.
func TestReportingStartsAtRegistration(t *testing.T) {
	sc := newStartCounty(t)
	ctx := context.Background()

	now := cst(2026, 11, 30, 10)
	r, err := county.BuildReport(ctx, sc.c.DB, model.Date{}, model.Date{}, now)
	if err != nil {
		t.Fatal(err)
	}
	for _, y := range r.Reporting {
		for _, row := range y.Rows {
			if row.Expected != 0 || row.Received != 0 || row.OnTime != 0 {
				t.Fatalf("on 30 November %s owes %d reports", row.Unit, row.Expected)
			}
			for i, cell := range row.Cells {
				if cell != "未启用" {
					t.Fatalf("on 30 November %s month %d is %q", row.Unit, y.Months[i], cell)
				}
			}
		}
	}
	for _, q := range r.Quota[0].Rows {
		want := wantStanding(sc, q.Unit, now)
		if q.Status != want || strings.Contains(q.Status, "逾期") || strings.Contains(q.Status, "未报") {
			t.Fatalf("on 30 November 任务完成情况 says %s %q, want %q", q.Unit, q.Status, want)
		}
	}

	// 鹤城 sends on 5 December (November on time, and the months before
	// its start, which it did not owe); 温溪 and 瓯南 send nothing.
	sc.send(t, "鹤城片卫生院", cst(2026, 12, 5, 15))
	now = cst(2026, 12, 11, 10)
	sc.c.Clock.Set(now)
	var b bytes.Buffer
	_, err = county.WriteReportWorkbook(ctx, sc.c.DB, &b, model.Date{}, model.Date{}, now)
	if err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("CAREKIOSK_REPORT_DIR"); dir != "" { // to look at it
		if err := os.WriteFile(filepath.Join(dir, "start-11dec.xlsx"), b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	checkStartReporting(t, sc, rows(t, f, "上报情况"), now)
	q := rows(t, f, "任务完成情况")
	for i, cu := range model.QingtianPlan {
		if row := q[2+i]; row[1] != cu.Name || row[6] != orDash(wantStanding(sc, cu.Name, now)) {
			t.Fatalf("on 11 December 任务完成情况 row %q, want %q", row, wantStanding(sc, cu.Name, now))
		}
	}
	if got := wantStanding(sc, "温溪片卫生院", now); got != "未报，逾期1天（11月）" {
		t.Fatalf("温溪 on 11 December: %q", got)
	}
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// shanghai is China's zone, loaded here rather than taken from the code
// under test.
func shanghai(t *testing.T) *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// startMonth is the first month a unit owes: the month of its
// registration in China; zero when it has no station.
func startMonth(sc *startCounty, unit string) time.Time {
	at, ok := sc.registered[unit]
	if !ok {
		return time.Time{}
	}
	loc, _ := time.LoadLocation("Asia/Shanghai")
	y, m, _ := at.In(loc).Date()
	return time.Date(y, m, 1, 0, 0, 0, 0, loc)
}

// monthCell is 上报情况's cell for unit and the month starting at m, as of
// now, worked out from the days the bundles were written (each covers
// every date): owed from the registration month, due on the 10th of the
// next month, received by a bundle written in the next month or later.
func monthCell(sc *startCounty, unit string, m, now time.Time) (cell string, expected, received, onTime bool) {
	loc := m.Location()
	next := m.AddDate(0, 1, 0)
	due := next.AddDate(0, 0, 9) // the 10th, 00:00
	var sent time.Time
	for _, at := range sc.sent[unit] {
		if !at.Before(next) && (sent.IsZero() || at.Before(sent)) {
			sent = at
		}
	}
	start := startMonth(sc, unit)
	day := func(t time.Time) time.Time { y, mo, d := t.In(loc).Date(); return time.Date(y, mo, d, 0, 0, 0, 0, loc) }
	switch {
	case start.IsZero() || m.Before(start):
		if !sent.IsZero() {
			return "启用前已报", false, false, false
		}
		return "未启用", false, false, false
	case !sent.IsZero() && !day(sent).After(due):
		return "按时", true, true, true
	case !sent.IsZero():
		return fmt.Sprintf("逾期%d天", int(day(sent).Sub(due).Hours()/24)), true, true, false
	case day(now).After(due):
		return "未报", true, false, false
	}
	return "未到期", false, false, false
}

// checkStartReporting compares 上报情况 of 2026 with monthCell.
func checkStartReporting(t *testing.T, sc *startCounty, r [][]string, now time.Time) {
	t.Helper()
	loc := shanghai(t)
	if r[1][2] != "1月" || r[1][12] != "11月" || r[1][13] != "应报" {
		t.Fatalf("reporting head %q", r[1])
	}
	var exp, rec, on int
	for i, cu := range model.QingtianPlan {
		row := r[2+i]
		var ue, ur, uo int
		for m := 1; m <= 11; m++ {
			want, e, rc, o := monthCell(sc, cu.Name, time.Date(2026, time.Month(m), 1, 0, 0, 0, 0, loc), now)
			if row[1+m] != want {
				t.Fatalf("%s month %d: %q, want %q", cu.Name, m, row[1+m], want)
			}
			ue, ur, uo = ue+b2i(e), ur+b2i(rc), uo+b2i(o)
		}
		if row[1] != cu.Name || strings.Join(row[13:16], "|") != fmt.Sprintf("%d|%d|%d", ue, ur, uo) {
			t.Fatalf("%s: %q, want %d %d %d", cu.Name, row, ue, ur, uo)
		}
		exp, rec, on = exp+ue, rec+ur, on+uo
	}
	// 温溪 owes November and missed it, 鹤城 sent it on time, 瓯南 owes
	// from December: two expected, one received, one on time.
	tot := r[2+len(model.QingtianPlan)]
	if exp != 2 || rec != 1 || on != 1 || strings.Join(tot[13:18], "|") != "2|1|1|50.0%|50.0%" {
		t.Fatalf("total %q, worked out %d %d %d", tot, exp, rec, on)
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// wantStanding is 任务完成情况's 按时/逾期 for unit as of now: the latest
// owed month whose due day passed, else from when it owes, else that it
// has no station.
func wantStanding(sc *startCounty, unit string, now time.Time) string {
	loc, _ := time.LoadLocation("Asia/Shanghai")
	start := startMonth(sc, unit)
	if start.IsZero() {
		return "未登记站点"
	}
	y, mo, _ := now.In(loc).Date()
	for m := time.Date(y, mo, 1, 0, 0, 0, 0, loc).AddDate(0, -1, 0); !m.Before(start); m = m.AddDate(0, -1, 0) {
		cell, e, _, _ := monthCell(sc, unit, m, now)
		if !e {
			continue
		}
		if cell == "未报" {
			due := m.AddDate(0, 1, 9)
			cell = fmt.Sprintf("未报，逾期%d天", int(now.In(loc).Sub(due).Hours()/24))
		}
		return fmt.Sprintf("%s（%d月）", cell, m.Month())
	}
	return fmt.Sprintf("%d年%d月起应报", start.Year(), start.Month())
}
