package demo

import (
	"context"
	"fmt"
	"testing"
	"time"

	"carekiosk/model"
	"carekiosk/store"
)

// The demo is made at whatever hour a user first runs it: nothing it writes
// may be dated after that moment, or the kiosk started right after asks to
// confirm the date and refuses today's. Tried at the hours of a Chinese day
// that once failed (before 08:00, when the demo planned at 08:00 today) and
// at both ends of the day, on an ordinary day and a year's first.
func TestFillNeverAfterNow(t *testing.T) {
	loc := model.DefaultSettings().Location()
	cases := map[string][][2]int{"2026-11-30": {{0, 30}, {7, 59}, {23, 59}}, "2027-01-01": {{3, 0}, {23, 59}}}
	for day, hours := range cases {
		for _, hm := range hours {
			d := model.MustDate(day)
			now := time.Date(d.Year, d.Month, d.Day, hm[0], hm[1], 0, 0, loc)
			t.Run(fmt.Sprintf("%s_%02d%02d", day, hm[0], hm[1]), func(t *testing.T) {
				t.Parallel()
				clock := model.Clock{Now: func() time.Time { return now }}
				st, err := store.Open(t.TempDir(), store.Options{Clock: clock})
				if err != nil {
					t.Fatal(err)
				}
				defer st.Close()
				ctx := context.Background()
				if _, err := Fill(ctx, st, Options{Seed: 7, Clock: clock}); err != nil {
					t.Fatal(err)
				}
				newest, err := st.NewestRecord(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if newest.After(now) {
					t.Errorf("the demo wrote a record at %s, after now %s", newest.In(loc), now)
				}
				if err := st.CheckClock(ctx); err != nil {
					t.Errorf("the kiosk started now would ask for the date: %v", err)
				}
			})
		}
	}
}
