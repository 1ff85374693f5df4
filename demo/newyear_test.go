package demo

import (
	"context"
	"testing"
	"time"

	"carekiosk/model"
	"carekiosk/store"
)

// Early in the year there is not yet a season of sessions behind today: the
// demo year is then the previous one, and Fill must still work (it used to
// panic in January and February).
func TestFillEarlyInTheYear(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	clock := model.Clock{Now: func() time.Time { return time.Date(2027, 1, 15, 2, 0, 0, 0, time.UTC) }}
	st, err := store.Open(dir, store.Options{Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	sum, err := Fill(ctx, st, Options{Seed: 3, Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Sessions < 45 || sum.Families < 100 {
		t.Errorf("summary %+v", sum)
	}
	prog, err := st.QuotaProgress(ctx, 2026)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range prog {
		if p.Held == 0 || p.Held > p.Quota {
			t.Errorf("%s held %d of %d in 2026", p.Unit.Name, p.Held, p.Quota)
		}
	}
	sessions, err := st.Sessions(ctx, model.SessionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	today := model.MustDate("2027-01-15")
	for _, s := range sessions {
		if s.State == model.StateClosed && !s.Date.Before(today) {
			t.Errorf("closed session dated %s, not before today", s.Date)
		}
	}
}
