package checkin

import (
	"fmt"
	"testing"
	"time"
)

// The budget forgets expired passes as it grows, keeps the live ones with
// what they have used, and stays within twice the live passes.
func TestPassBudgetForgetsExpired(t *testing.T) {
	var b passBudget
	t0 := time.Date(2026, 11, 30, 2, 0, 0, 0, time.UTC)
	for i := range minPassSweep {
		b.take(fmt.Sprint("old", i), t0)
	}
	later := t0.Add(passLife + time.Minute)
	for i := range minPassSweep + 10 {
		if !b.take(fmt.Sprint("new", i), later) {
			t.Fatalf("a fresh pass refused")
		}
	}
	for i := range minPassSweep {
		if _, ok := b.used[fmt.Sprint("old", i)]; ok {
			t.Fatalf("expired pass old%d still counted (%d passes held)", i, len(b.used))
		}
	}
	if len(b.used) != minPassSweep+10 {
		t.Fatalf("%d passes held, want the %d live ones", len(b.used), minPassSweep+10)
	}
	// A live pass keeps its count through the looks for expired ones.
	for range maxPassSignIns - 1 {
		b.take("new0", later)
	}
	if b.take("new0", later) {
		t.Fatal("a live pass's budget was forgotten")
	}
	for i := range 4 * minPassSweep {
		b.take(fmt.Sprint("more", i), later.Add(time.Second))
	}
	if live := 5*minPassSweep + 10; len(b.used) > 2*live {
		t.Fatalf("%d passes held for %d live", len(b.used), live)
	}
}

// BenchmarkPassBudgetTake is one phone's take while 6,000 passes are live
// (a kiosk's hundred sessions of sixty phones within the passes' life).
func BenchmarkPassBudgetTake(b *testing.B) {
	var pb passBudget
	now := time.Date(2026, 11, 30, 2, 0, 0, 0, time.UTC)
	for i := range 6000 {
		pb.take(fmt.Sprint("live", i), now)
	}
	names := make([]string, b.N)
	for i := range names {
		names[i] = fmt.Sprint("phone", i)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		pb.take(names[i], now)
	}
}
