package store

import (
	"context"
	"testing"
	"time"

	"carekiosk/model"
)

// A planned session can be changed and deleted; once check-in has opened
// it can be neither, and nothing of it changes.
func TestPlannedSessionEditAndDelete(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	changes, cancel := s.Subscribe()
	defer cancel()
	in := model.NewSessionInput{Date: model.MustDate("2026-11-25"), Band: model.AgeBand{Min: 7, Max: 9}, Title: "辅食添加", Instructor: "陈医生",
		Areas: []model.ContentArea{model.AreaNutrition}, Planned: [4]string{"", "辅食", "分享", "游戏"}}
	p, err := s.CreateSession(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	<-changes

	in.Date, in.Band, in.Title, in.Instructor = model.MustDate("2026-11-27"), model.AgeBand{Min: 10, Max: 12}, " 手指游戏 ", "林医生"
	in.Areas, in.Planned = []model.ContentArea{model.AreaSafety, model.AreaHygiene}, [4]string{"", "安全", "经验", "积木"}
	got, err := s.UpdatePlannedSession(ctx, p.ID, in)
	if err != nil {
		t.Fatal(err)
	}
	if got.Date != in.Date || got.Band != in.Band || got.Title != "手指游戏" || got.Instructor != "林医生" || len(got.Areas) != 2 ||
		got.Segments[1].Planned != "安全" || got.Segments[3].Planned != "积木" || got.State != model.StatePlanned || got.Revision != 2 ||
		got.StationID != p.StationID {
		t.Fatalf("updated %+v", got)
	}
	select {
	case c := <-changes:
		if c.Kind != model.ChangeSession || c.SessionID != p.ID {
			t.Errorf("change %+v", c)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no change published for the edit")
	}

	// Bad input is refused and nothing changes.
	bad := in
	bad.Title = ""
	if _, err := s.UpdatePlannedSession(ctx, p.ID, bad); err == nil {
		t.Error("an empty title was accepted")
	}
	if again, _ := s.Session(ctx, p.ID); again.Title != "手指游戏" || again.Revision != 2 {
		t.Errorf("after a refused edit: %+v", again)
	}

	// Delete it: gone, and said.
	if err := s.DeletePlannedSession(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Session(ctx, p.ID); model.ErrorCode(err) != model.ENOTFOUND {
		t.Errorf("deleted session still read: %v", err)
	}
	<-changes
	if err := s.DeletePlannedSession(ctx, p.ID); model.ErrorCode(err) != model.ENOTFOUND {
		t.Errorf("deleting twice: %v", err)
	}

	// A session open for check-in with a sign-in is a record: both are
	// refused.
	open := openSession(t, s, model.AgeBand{Min: 7, Max: 9})
	if _, err := s.SignIn(ctx, kioskSignIn(open.ID, "王小明", "2026-02-10", "13812345678")); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpdatePlannedSession(ctx, open.ID, in); model.ErrorCode(err) != model.ECONFLICT {
		t.Errorf("editing an open session: %v", err)
	}
	if err := s.DeletePlannedSession(ctx, open.ID); model.ErrorCode(err) != model.ECONFLICT {
		t.Errorf("deleting an open session: %v", err)
	}
	if again, _ := s.Session(ctx, open.ID); again.Title != open.Title || again.Date != open.Date || again.Revision != open.Revision {
		t.Errorf("the open session changed: %+v", again)
	}
	rep, err := s.Check(ctx)
	if err != nil || !rep.OK() {
		t.Fatalf("check after the edits: %+v %v", rep, err)
	}
}

// A planned session whose band the settings no longer list (the bands were
// changed after it was planned) can still be edited with its own band:
// the edit screen offers that band, so the store must take it.
func TestPlannedSessionKeepsARetiredBand(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	in := model.NewSessionInput{Date: model.MustDate("2026-11-25"), Band: model.AgeBand{Min: 7, Max: 9}, Title: "辅食添加", Instructor: "陈医生"}
	p, err := s.CreateSession(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	set, err := s.Settings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	set.Bands = []model.AgeBand{{Min: 0, Max: 6}, {Min: 7, Max: 12}, {Min: 13, Max: 24}, {Min: 25, Max: 36}}
	if err := s.SaveSettings(ctx, set); err != nil {
		t.Fatal(err)
	}
	in.StationID, in.Title = p.StationID, "手指游戏"
	got, err := s.UpdatePlannedSession(ctx, p.ID, in)
	if err != nil {
		t.Fatalf("editing the title of a session with a retired band: %v", err)
	}
	if got.Band != in.Band || got.Title != "手指游戏" {
		t.Fatalf("updated %+v", got)
	}
	// Another band the settings do not list is still refused.
	in.Band = model.AgeBand{Min: 4, Max: 6}
	if _, err := s.UpdatePlannedSession(ctx, p.ID, in); model.ErrorCode(err) != model.EINVALID {
		t.Fatalf("an unlisted band that is not the session's own: %v", err)
	}
}

// A planned session opened on another day moves to that day and opens in
// one write; one already open is left as it is.
func TestOpenPlannedToday(t *testing.T) {
	s, _ := newTestStore(t) // the clock reads 2026-11-22 09:30 in Asia/Shanghai
	ctx := context.Background()
	p, err := s.CreateSession(ctx, model.NewSessionInput{Date: model.MustDate("2026-11-25"), Band: model.AgeBand{Min: 7, Max: 9}, Title: "辅食添加", Instructor: "陈医生"})
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.OpenPlannedToday(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.State != model.StateOpen || got.Date != model.MustDate("2026-11-22") || got.OpenedAt.IsZero() || got.Title != p.Title {
		t.Fatalf("opened: %+v", got)
	}
	again, err := s.OpenPlannedToday(ctx, p.ID)
	if err != nil || again.State != model.StateOpen || !again.OpenedAt.Equal(got.OpenedAt) {
		t.Fatalf("opening again: %+v %v", again, err)
	}
}

// A session saved for today opens check-in at once; until its first
// sign-in it is edited and deleted as a planned one (a wrong band is not
// permanent). A sign-in, even one withdrawn since, makes it a record.
func TestOpenSessionEditableUntilFirstSignIn(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	open := openSession(t, s, model.AgeBand{Min: 7, Max: 9})
	in := model.NewSessionInput{Date: open.Date, Band: model.AgeBand{Min: 10, Max: 12}, Title: "手指游戏", Instructor: "林医生",
		Areas: []model.ContentArea{model.AreaSafety}}
	got, err := s.UpdatePlannedSession(ctx, open.ID, in)
	if err != nil {
		t.Fatalf("editing an open session nobody signed in to: %v", err)
	}
	if got.Band != in.Band || got.Title != "手指游戏" || got.State != model.StateOpen || got.OpenedAt.IsZero() {
		t.Fatalf("edited: %+v", got)
	}
	// Moved to another day, it is planned again: check-in opens that day.
	in.Date = open.Date.AddDays(3)
	if got, err = s.UpdatePlannedSession(ctx, open.ID, in); err != nil || got.State != model.StatePlanned || !got.OpenedAt.IsZero() {
		t.Fatalf("moved to another day: %+v %v", got, err)
	}
	if err := s.DeletePlannedSession(ctx, open.ID); err != nil {
		t.Fatalf("deleting it: %v", err)
	}

	// Deleted while open with nobody signed in.
	other := openSession(t, s, model.AgeBand{Min: 7, Max: 9})
	if err := s.DeletePlannedSession(ctx, other.ID); err != nil {
		t.Fatalf("deleting an open session nobody signed in to: %v", err)
	}

	// A sign-in withdrawn since still makes it a record.
	third := openSession(t, s, model.AgeBand{Min: 7, Max: 9})
	r, err := s.SignIn(ctx, kioskSignIn(third.ID, "王小明", "2026-02-10", "13812345678"))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.WithdrawSignIn(ctx, model.WithdrawInput{SessionID: third.ID, SignInID: r.SignIns[0].ID, Who: "陈医生", Reason: "选错孩子"}); err != nil {
		t.Fatal(err)
	}
	in.Date = third.Date
	if _, err := s.UpdatePlannedSession(ctx, third.ID, in); model.ErrorCode(err) != model.ECONFLICT {
		t.Errorf("editing a session with a withdrawn sign-in: %v", err)
	}
	if err := s.DeletePlannedSession(ctx, third.ID); model.ErrorCode(err) != model.ECONFLICT {
		t.Errorf("deleting a session with a withdrawn sign-in: %v", err)
	}
	rep, err := s.Check(ctx)
	if err != nil || !rep.OK() {
		t.Fatalf("check: %+v %v", rep, err)
	}
}
