package store

import (
	"context"
	"testing"

	"carekiosk/model"
)

// The charts' figures: only closed sessions of the unit in the range, each
// with its distinct families and children per month of age. Two siblings
// (8 and 9 months) and one other child of 8 months: 2 families, 8月龄 2,
// 9月龄 1.
func TestSessionFigures(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	sess := openSession(t, s, model.AgeBand{Min: 7, Max: 9})
	in := kioskSignIn(sess.ID, "王大宝", "2026-03-10", "13800000011") // 8 months on 11-22
	in.Children = append(in.Children, model.ChildInput{Name: "王二宝", BirthDate: model.MustDate("2026-02-01")})
	if _, err := s.SignIn(ctx, in); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SignIn(ctx, kioskSignIn(sess.ID, "李小红", "2026-03-22", "13800000012")); err != nil {
		t.Fatal(err)
	}
	set, _ := s.Settings(ctx)
	year := func() []model.SessionFigures {
		t.Helper()
		f, err := s.SessionFigures(ctx, set.UnitID, model.MustDate("2026-01-01"), model.MustDate("2026-12-31"))
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	if f := year(); len(f) != 0 {
		t.Fatalf("an open session is in the figures: %+v", f)
	}
	closeSession(t, s, sess.ID)
	f := year()
	if len(f) != 1 || f[0].Families != 2 || len(f[0].Ages) != 2 || f[0].Ages[0] != (model.AgeCount{AgeMonths: 8, Count: 2}) || f[0].Ages[1] != (model.AgeCount{AgeMonths: 9, Count: 1}) {
		t.Fatalf("figures: %+v", f)
	}
	if held := model.MonthlyHeld(f, 2026); held[10] != 1 || held[9] != 0 {
		t.Errorf("by month: %v", held)
	}
	if other, _ := s.SessionFigures(ctx, "another unit", model.MustDate("2026-01-01"), model.MustDate("2026-12-31")); len(other) != 0 {
		t.Errorf("another unit's figures: %+v", other)
	}
	if none, _ := s.SessionFigures(ctx, set.UnitID, model.MustDate("2026-11-23"), model.MustDate("2026-12-31")); len(none) != 0 {
		t.Errorf("figures after the session's day: %+v", none)
	}
}
