package store

import (
	"context"
	"testing"

	"carekiosk/model"
)

// A returning child picked by ID cannot sign in to a session dated before its
// birth (a session entered afterwards from paper): the sign-in is refused
// with a clear message instead of storing an age of -1 months.
func TestSignInBeforeBirthRefused(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	today := openSession(t, s, model.AgeBand{Min: 0, Max: 3})
	r, err := s.SignIn(ctx, kioskSignIn(today.ID, "王小明", "2026-11-01", "13812345678"))
	if err != nil {
		t.Fatal(err)
	}
	past, err := s.CreateSession(ctx, model.NewSessionInput{Date: model.MustDate("2026-10-15"), Band: model.AgeBand{Min: 0, Max: 3},
		Title: "补录", Instructor: "陈医生"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AdvanceSession(ctx, past.ID, model.StateOpen); err != nil {
		t.Fatal(err)
	}
	in := model.SignInInput{SessionID: past.ID, FamilyID: r.FamilyID, Children: []model.ChildInput{{ChildID: r.SignIns[0].ChildID}},
		Phone: "13812345678", Relation: model.RelMother, Method: model.MethodKiosk, ConsentVersion: model.ConsentVersion, SignedName: "李丽"}
	_, err = s.SignIn(ctx, in)
	if model.ErrorCode(err) != model.EINVALID {
		t.Errorf("sign-in before birth: %v", err)
	}
	if list, _ := s.SignIns(ctx, past.ID); len(list) != 0 {
		t.Errorf("stored: %+v", list)
	}
}
