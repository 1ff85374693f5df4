package store

import (
	"context"
	"testing"

	"carekiosk/model"
)

// On the last day of a short month a child completes a month on that day
// even when born on a later day of the month (born 01-31 → 1 month on
// 02-28). Such a child is in the band and must be listed as due.
func TestFamiliesDueAtMonthEnd(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	sess := openSession(t, s, model.AgeBand{Min: 7, Max: 9})
	// Born 2025-07-31: 7 months on 2026-02-28, 10 months on 2026-05-31.
	if _, err := s.SignIn(ctx, kioskSignIn(sess.ID, "王小明", "2025-07-31", "13812345678")); err != nil {
		t.Fatal(err)
	}
	band := model.AgeBand{Min: 7, Max: 9}
	notSince := model.MustDate("2026-12-01") // after the sign-in above
	for _, tt := range []struct {
		on   string
		want int // age in months, -1 when not due
	}{
		{"2026-02-27", -1}, // 6 months
		{"2026-02-28", 7},
		{"2026-03-30", 7},
		{"2026-04-30", 9}, // April lacks the 31st: the 9th month completes on 04-30
		{"2026-05-30", 9},
		{"2026-05-31", -1}, // 10 months
	} {
		on := model.MustDate(tt.on)
		due, err := s.FamiliesDue(ctx, band, on, notSince, 10)
		if err != nil {
			t.Fatal(err)
		}
		got := -1
		if len(due) == 1 {
			got = due[0].AgeMonths
		}
		if len(due) > 1 || got != tt.want {
			t.Errorf("due on %s: %+v, want age %d", tt.on, due, tt.want)
		}
	}
}
