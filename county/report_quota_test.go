package county_test

import (
	"context"
	"testing"

	"carekiosk/county"
	"carekiosk/model"
)

// TestCountyReportPartialRange checks a report over one month: its
// statistics rows are that month's sessions only, by unit then date, while
// 任务完成情况 counts the whole year's closed sessions, as the board's
// QuotaProgress does.
func TestCountyReportPartialRange(t *testing.T) {
	rc := newReportCounty(t)
	ctx := context.Background()
	from, to := model.Date{Year: 2026, Month: 6, Day: 1}, model.Date{Year: 2026, Month: 9, Day: 30}
	r, err := county.BuildReport(ctx, rc.c.DB, from, to, rc.now)
	if err != nil {
		t.Fatal(err)
	}
	want, err := rc.c.DB.Sessions(ctx, county.SessionFilter{From: from, To: to})
	if err != nil {
		t.Fatal(err)
	}
	if len(want) == 0 || len(r.Sessions) != len(want) {
		t.Fatalf("%d sessions in the report, the county holds %d in the range", len(r.Sessions), len(want))
	}
	order := map[string]int{}
	for _, u := range r.Units {
		order[u.Name] = u.Order
	}
	for i, s := range r.Sessions {
		if s.Session.Date.Before(from) || to.Before(s.Session.Date) {
			t.Fatalf("session %d dated %s, outside the range", i, s.Session.Date)
		}
		if i > 0 {
			p := r.Sessions[i-1]
			if order[p.Unit] > order[s.Unit] || (p.Unit == s.Unit && s.Session.Date.Before(p.Session.Date)) {
				t.Fatalf("session %d (%s %s) listed after %s %s", i, s.Unit, s.Session.Date, p.Unit, p.Session.Date)
			}
		}
	}
	board, err := rc.c.DB.QuotaProgress(ctx, 2026)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Quota) != 1 || len(r.Quota[0].Rows) != len(board) {
		t.Fatalf("quota %+v, the board has %d units", r.Quota, len(board))
	}
	total := 0
	for i, q := range r.Quota[0].Rows {
		if q.Unit != board[i].Unit.Name || q.Held != board[i].Held || q.Quota != board[i].Quota {
			t.Fatalf("任务完成情况 row %d: %+v, the board says %+v", i, q, board[i])
		}
		total += q.Held
	}
	if total <= len(r.Sessions) {
		t.Fatalf("the year's held sessions (%d) should outnumber the range's (%d)", total, len(r.Sessions))
	}
}
