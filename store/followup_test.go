package store

import (
	"context"
	"testing"
	"time"

	"carekiosk/model"
)

// The follow-up at month ends, with the store's clock moved by hand: two
// children first seen on Dec 31, asked about on Jan 31 for a session on
// Feb 28. Expectations follow from the month rule (born 10-31 is 4 months
// on 02-28).
func TestFollowUpAtMonthEnds(t *testing.T) {
	now := time.Date(2025, 12, 31, 1, 30, 0, 0, time.UTC) // 09:30 in Asia/Shanghai
	clock := model.Clock{Now: func() time.Time { now = now.Add(time.Millisecond); return now }}
	s, err := Open(t.TempDir(), Options{Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	seedStation(t, s)
	ctx := context.Background()
	dec31, err := s.CreateSession(ctx, model.NewSessionInput{Date: model.MustDate("2025-12-31"), Band: model.AgeBand{Min: 0, Max: 3}, Title: "抚触", Instructor: "陈医生",
		Areas: []model.ContentArea{model.AreaNutrition}, Planned: [4]string{"", "抚触", "分享", "游戏"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AdvanceSession(ctx, dec31.ID, model.StateOpen); err != nil {
		t.Fatal(err)
	}
	for _, c := range [][3]string{{"王一", "2025-09-30", "13800000001"}, {"张三", "2025-10-31", "13800000002"}} {
		if _, err := s.SignIn(ctx, kioskSignIn(dec31.ID, c[0], c[1], c[2])); err != nil {
			t.Fatal(err)
		}
	}

	now = time.Date(2026, 1, 31, 1, 30, 0, 0, time.UTC)
	jan31 := model.MustDate("2026-01-31")
	fu, err := s.FollowUp(ctx, jan31, "")
	if err != nil {
		t.Fatal(err)
	}
	// 王一: 3 months on 12-31, 4 on 01-30. 张三: 2 → 3, still 0–3.
	if len(fu.Entering) != 1 || fu.Entering[0].Child.Name != "王一" || fu.Entering[0].On != model.MustDate("2026-01-30") || fu.Entering[0].Band != (model.AgeBand{Min: 4, Max: 6}) {
		t.Errorf("entering on 01-31: %+v", fu.Entering)
	}
	// Both came once, on 12-31, exactly a month before 01-31.
	if len(fu.Once) != 2 || fu.Once[0].Family.Children[0].Name != "王一" || fu.Once[1].Family.Children[0].Name != "张三" || fu.Once[0].Last != model.MustDate("2025-12-31") {
		t.Errorf("came once on 01-31: %+v", fu.Once)
	}
	if once, _ := s.FollowUp(ctx, model.MustDate("2026-01-30"), ""); len(once.Once) != 0 {
		t.Errorf("came once on 01-30 (a month before is 12-30): %+v", once.Once)
	}

	feb28, err := s.CreateSession(ctx, model.NewSessionInput{Date: model.MustDate("2026-02-28"), Band: model.AgeBand{Min: 4, Max: 6}, Title: "翻身", Instructor: "陈医生",
		Areas: []model.ContentArea{model.AreaNutrition}, Planned: [4]string{"", "翻身", "分享", "游戏"}})
	if err != nil {
		t.Fatal(err)
	}
	fu, err = s.FollowUp(ctx, jan31, feb28.ID)
	if err != nil {
		t.Fatal(err)
	}
	// On 02-28 王一 (born 09-30) is 5 months and 张三, born on the 31st,
	// completes his 4th on February's last day: both are invited.
	if len(fu.Invite) != 2 {
		t.Fatalf("invite for 02-28: %+v", fu.Invite)
	}
	want := map[string]int{"王一": 5, "张三": 4}
	for _, d := range fu.Invite {
		if d.AgeMonths != want[d.Child.Name] || d.LastSeen != model.MustDate("2025-12-31") {
			t.Errorf("invite %s: %d months, last %s; want %d months, last 2025-12-31", d.Child.Name, d.AgeMonths, d.LastSeen, want[d.Child.Name])
		}
	}
	zhang := fu.Invite[1].Family.ID
	if fu.Invite[1].Child.Name != "张三" {
		zhang = fu.Invite[0].Family.ID
	}
	if err := s.MarkNotified(ctx, feb28.ID, zhang, "陈医生", true); err != nil {
		t.Fatal(err)
	}
	first, _ := s.Invitations(ctx, feb28.ID)
	if err := s.MarkNotified(ctx, feb28.ID, zhang, "陈医生", true); err != nil {
		t.Fatal(err)
	}
	fu, _ = s.FollowUp(ctx, jan31, feb28.ID)
	if inv, ok := fu.Notified[zhang]; len(fu.Notified) != 1 || !ok || !inv.At.Equal(first[zhang].At) || inv.Who != "陈医生" {
		t.Fatalf("marks: %+v, want 张三's, kept from the first time %v", fu.Notified, first[zhang].At)
	}
	if err := s.MarkNotified(ctx, feb28.ID, zhang, "陈医生", false); err != nil {
		t.Fatal(err)
	}
	if marks, _ := s.Invitations(ctx, feb28.ID); len(marks) != 0 {
		t.Fatalf("mark taken back, still: %+v", marks)
	}
	// Deleting the planned session takes its marks with it.
	if err := s.MarkNotified(ctx, feb28.ID, zhang, "陈医生", true); err != nil {
		t.Fatal(err)
	}
	if err := s.DeletePlannedSession(ctx, feb28.ID); err != nil {
		t.Fatal(err)
	}
	if marks, _ := s.Invitations(ctx, feb28.ID); len(marks) != 0 {
		t.Fatalf("marks of a deleted session: %+v", marks)
	}
}
