package store

import (
	"context"
	"testing"

	"carekiosk/model"
)

// The same child picked twice in one submission: signed in once, the
// repeat reported as existing (as on main).
func TestSignInNormalisedSameChildTwice(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	first := openSession(t, s, model.AgeBand{Min: 7, Max: 9})
	r1, err := s.SignIn(ctx, kioskSignIn(first.ID, "王小明", "2026-02-10", "13812345678"))
	if err != nil {
		t.Fatal(err)
	}
	sess := openSession(t, s, model.AgeBand{Min: 7, Max: 9})
	id := r1.SignIns[0].ChildID
	in := model.SignInInput{SessionID: sess.ID, FamilyID: r1.FamilyID, Phone: "13812345678", Relation: model.RelMother, Caregiver: "李丽",
		Method: model.MethodKiosk, SignedName: "李丽", Nonce: "x2",
		Children: []model.ChildInput{{ChildID: id, AgeMonths: -1}, {ChildID: id, AgeMonths: -1}}}
	r2, err := s.SignIn(ctx, in)
	if err != nil {
		t.Fatalf("same child twice: %v", err)
	}
	if len(r2.SignIns) != 2 || !r2.Existing[1] {
		t.Errorf("%+v", r2)
	}
}
