package store

import (
	"context"
	"testing"
	"time"

	"carekiosk/model"
)

// TestRetention: a family whose last visit is more than the retention
// before today is anonymised only once a bundle holds its records — its
// names and phone then leave the database and the WAL, counts and ages
// stay, and a retention erasure is recorded; a family seen since, and one
// whose last sign-in came after the last bundle, are kept; the setting
// moves the line; a second pass does nothing.
func TestRetention(t *testing.T) {
	s, dir := newTestStore(t)
	ctx := context.Background()
	sess := openSession(t, s, model.AgeBand{Min: 7, Max: 9})
	oldIn := kioskSignIn(sess.ID, "欧阳小明", "2026-02-10", "13812349876")
	oldIn.Caregiver = "张美华"
	old, err := s.SignIn(ctx, oldIn)
	if err != nil {
		t.Fatal(err)
	}
	back, err := s.SignIn(ctx, kioskSignIn(sess.ID, "李小兰", "2026-02-01", "13911112222"))
	if err != nil {
		t.Fatal(err)
	}
	// 李小兰 comes back in 2029.
	at := func(y int, m time.Month, d int) { s.SetClock(fixedClock(time.Date(y, m, d, 2, 0, 0, 0, time.UTC))) }
	at(2029, 6, 1)
	later, err := s.CreateSession(ctx, model.NewSessionInput{Date: model.MustDate("2029-06-01"), Band: model.AgeBand{Min: 25, Max: 30}, Title: "亲子阅读", Instructor: "陈医生",
		Areas: []model.ContentArea{model.AreaNutrition}, Planned: [4]string{"", "阅读", "分享", "游戏"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AdvanceSession(ctx, later.ID, model.StateOpen); err != nil {
		t.Fatal(err)
	}
	again := model.SignInInput{SessionID: later.ID, FamilyID: back.FamilyID, Children: []model.ChildInput{{ChildID: back.SignIns[0].ChildID, AgeMonths: -1}},
		Phone: "13911112222", Relation: model.RelMother, Method: model.MethodKiosk, SignedName: "李丽"}
	if _, err := s.SignIn(ctx, again); err != nil {
		t.Fatal(err)
	}
	before := countsOf(t, s, sess.ID, later.ID)
	at(2029, 12, 1) // three years and more after 2026-11-22
	if n, err := s.AnonymiseExpired(ctx); err != nil || n != 0 {
		t.Fatalf("before any bundle: %d anonymised (%v)", n, err)
	}
	if err := s.SaveBundleState(ctx, 0, BundleState{Sequence: 1, SHA256: "aa", CreatedAt: time.Date(2029, 7, 1, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	set, _ := s.Settings(ctx)
	set.RetentionYears = 4
	if err := s.SaveSettings(ctx, set); err != nil {
		t.Fatal(err)
	}
	if n, err := s.AnonymiseExpired(ctx); err != nil || n != 0 {
		t.Fatalf("with a 4-year retention: %d anonymised (%v)", n, err)
	}
	set.RetentionYears = 0 // the default, 3 years
	if err := s.SaveSettings(ctx, set); err != nil {
		t.Fatal(err)
	}
	if n, err := s.AnonymiseExpired(ctx); err != nil || n != 1 {
		t.Fatalf("%d anonymised (%v), want 1", n, err)
	}
	if found := fileHas(t, dir, "欧阳小明", "张美华", "13812349876"); len(found) > 0 {
		t.Errorf("still in the files: %v", found)
	}
	if after := countsOf(t, s, sess.ID, later.ID); after[0] != before[0] || after[1] != before[1] {
		t.Errorf("counts changed: %+v, were %+v", after, before)
	}
	if kept, _ := s.Family(ctx, back.FamilyID); kept.Children[0].Name != "李小兰" {
		t.Errorf("a family seen since was anonymised: %+v", kept)
	}
	list, _ := s.Erasures(ctx)
	if len(list) != 1 || list[0].FamilyID != old.FamilyID || list[0].Kind != model.ErasureRetention || list[0].ConsentWithdrawn {
		t.Errorf("erasures %+v", list)
	}
	if n, err := s.AnonymiseExpired(ctx); err != nil || n != 0 {
		t.Errorf("a second pass anonymised %d (%v)", n, err)
	}
}
