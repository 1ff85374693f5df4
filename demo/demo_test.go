package demo

import (
	"context"
	"testing"
	"time"

	"carekiosk/model"
	"carekiosk/store"
)

func TestFill(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	clock := model.Clock{Now: func() time.Time { return time.Date(2026, 11, 22, 2, 0, 0, 0, time.UTC) }}
	st, err := store.Open(dir, store.Options{Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	sum, err := Fill(ctx, st, Options{Seed: 1, Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	stats, _ := st.Stats(ctx)
	if sum.Units != 10 || stats.Sessions < 45 || stats.Sessions > 55 || stats.Families < 100 || stats.SignIns < 250 || stats.Corrections != 3 {
		t.Errorf("summary %+v stats %+v", sum, stats)
	}
	// Siblings join their family as at the kiosk: the demo makes no family
	// marked as a possible duplicate.
	if dups, err := st.PossibleDuplicates(ctx); err != nil || len(dups) != 0 {
		t.Errorf("%d possible duplicates in the demo year (%v)", len(dups), err)
	}
	prog, err := st.QuotaProgress(ctx, 2026)
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, p := range prog {
		total += p.Quota
		if p.Held == 0 || p.Held > p.Quota {
			t.Errorf("%s held %d of %d", p.Unit.Name, p.Held, p.Quota)
		}
	}
	// The plan asks for "50 sessions or more"; its table's quotas add up to 58.
	if total != 58 {
		t.Errorf("quotas add up to %d, want 58", total)
	}
	// Children fit the bands: nearly every sign-in is inside its session's band.
	sessions, _ := st.Sessions(ctx, model.SessionFilter{States: []model.SessionState{model.StateClosed}})
	inside, all := 0, 0
	for _, s := range sessions {
		sis, _ := st.SignIns(ctx, s.ID)
		for _, si := range sis {
			all++
			if !si.OutsideBand {
				inside++
			}
			if len(si.SignaturePNG) == 0 && si.SignedName == "" {
				t.Errorf("unsigned sign-in %s", si.ID)
			}
		}
	}
	if all == 0 || inside*10 < all*9 {
		t.Errorf("%d of %d sign-ins inside their band", inside, all)
	}
	set, _ := st.Settings(ctx)
	g := model.PINGuard{Hash: set.PINHash}
	if err := g.Check(PIN, time.Now()); err != nil || set.StationID == "" {
		t.Errorf("settings: %v %+v", err, set)
	}
	if _, err := Fill(ctx, st, Options{Seed: 1, Clock: clock}); model.ErrorCode(err) != model.ECONFLICT {
		t.Errorf("second fill: %v", err)
	}
	// The store's clock is back to the caller's.
	if got := st.Now(); !got.Equal(clock.Now()) {
		t.Errorf("clock not restored: %v", got)
	}
}
