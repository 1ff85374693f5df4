package main

import (
	"context"
	"testing"
	"time"

	"carekiosk/model"
	"carekiosk/store"
)

// TestSyncedOnlyAsksUntilConfirmed: on the box, a clock only restored at
// boot (plausible, later than every record) is not trusted until the
// instructor confirms the date, or time sync sets it; elsewhere nothing
// changes.
func TestSyncedOnlyAsksUntilConfirmed(t *testing.T) {
	now := time.Date(2026, 11, 30, 1, 0, 0, 0, time.UTC)
	st, err := store.Open(t.TempDir(), store.Options{Clock: model.StartingAt(now)})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	synced := false
	s := &syncedOnly{Store: st, trusted: func() bool { return synced }}
	err = s.CheckClock(ctx)
	if model.ErrorCode(err) != model.ECLOCK {
		t.Fatalf("a restored clock passed: %v", err)
	}
	synced = true
	if err := s.CheckClock(ctx); err != nil {
		t.Fatalf("a synced clock refused: %v", err)
	}
	synced = false
	s.SetClock(model.ConfirmedClock(model.StartingAt(now), now.Add(14*time.Hour)))
	if err := s.CheckClock(ctx); err != nil {
		t.Fatalf("a confirmed clock refused: %v", err)
	}

	t.Setenv(boxClockEnv, "")
	if _, wrapped := kioskStore(st).(*syncedOnly); wrapped {
		t.Error("the clock rule applies off the box")
	}
	t.Setenv(boxClockEnv, "synced")
	t.Setenv(nowEnv, "")
	if _, wrapped := kioskStore(st).(*syncedOnly); !wrapped {
		t.Error("the box's clock rule is off")
	}
	t.Setenv(nowEnv, "2026-11-30 09:00")
	if _, wrapped := kioskStore(st).(*syncedOnly); wrapped {
		t.Error("an injected clock is asked about")
	}
}
