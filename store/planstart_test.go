package store

import (
	"context"
	"sync"
	"testing"
	"time"

	"carekiosk/model"
)

// TestPlanFirstImported: the station keeps when it first imported the
// county's plan, and a later plan does not move it; a plan held from
// before the time was kept has it worked out from the units the import
// added. The home's report status is owed from that month.
func TestPlanFirstImported(t *testing.T) {
	ctx := context.Background()
	var mu sync.Mutex
	now := time.Date(2026, 11, 30, 2, 0, 0, 0, time.UTC) // 10:00 in China
	clock := model.Clock{Now: func() time.Time { mu.Lock(); defer mu.Unlock(); return now }}
	set := func(t time.Time) { mu.Lock(); now = t; mu.Unlock() }
	s, err := Open(t.TempDir(), Options{Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	seedStation(t, s)
	if at, err := s.PlanFirstImported(ctx); err != nil || !at.IsZero() {
		t.Fatalf("without a plan: %v %v", at, err)
	}
	ids := map[string]string{} // the county's unit ids, the same in every plan
	plan := func(serial int) *model.Plan {
		py := model.DefaultPlanYear(2026)
		for i, u := range py.Units {
			if ids[u.Name] == "" {
				ids[u.Name] = newID()
			}
			py.Units[i].ID = ids[u.Name]
		}
		return &model.Plan{County: "青田县", Serial: serial, IssuedAt: time.Date(2026, 11, 29, 1, 0, 0, 0, time.UTC), SignKey: "carekiosk-ed25519:k", Recipient: "age1x", Years: []model.PlanYear{py}}
	}
	first := now
	if _, err := s.ApplyPlan(ctx, plan(1), []byte("plan 1"), 2026); err != nil {
		t.Fatal(err)
	}
	set(time.Date(2027, 1, 3, 2, 0, 0, 0, time.UTC))
	if _, err := s.ApplyPlan(ctx, plan(2), []byte("plan 2"), 2026); err != nil {
		t.Fatal(err)
	}
	if at, err := s.PlanFirstImported(ctx); err != nil || !at.Equal(first) {
		t.Fatalf("first import %v (%v), want %v", at, err, first)
	}
	st, ok, err := s.ReportStatus(ctx, model.MustDate("2026-11-30"))
	if err != nil || !ok || st.Owed || st.LateDays != 0 {
		t.Fatalf("on the day of the import: %+v %v %v", st, ok, err)
	}
	if st, _, _ = s.ReportStatus(ctx, model.MustDate("2026-12-11")); !st.Owed || st.LateDays != 1 {
		t.Fatalf("on 11 December: %+v", st)
	}

	// A plan held without the time kept: the units its import added tell.
	if _, err := s.w.Exec(`DELETE FROM settings WHERE key = ?`, planFirstKey); err != nil {
		t.Fatal(err)
	}
	if at, err := s.PlanFirstImported(ctx); err != nil || !at.Equal(first) {
		t.Fatalf("worked out %v (%v), want %v", at, err, first)
	}
	// The next plan keeps the worked-out time.
	set(time.Date(2027, 2, 3, 2, 0, 0, 0, time.UTC))
	if _, err := s.ApplyPlan(ctx, plan(3), []byte("plan 3"), 2026); err != nil {
		t.Fatal(err)
	}
	var raw string
	if err := s.r.QueryRow(`SELECT value FROM settings WHERE key = ?`, planFirstKey).Scan(&raw); err != nil || !parseTime(raw).Equal(first) {
		t.Fatalf("kept %q (%v), want %v", raw, err, first)
	}
}
