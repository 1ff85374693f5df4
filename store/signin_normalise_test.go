package store

import (
	"context"
	"testing"

	"carekiosk/model"
)

// A returning family signs in with its phone written with spaces (SignIn
// normalises it, as the first time) and no new consent (it agreed the first
// time): the same caregiver, with its stored consent.
func TestSignInNormalisedReturningUnnormalisedPhone(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	first := openSession(t, s, model.AgeBand{Min: 7, Max: 9})
	r1, err := s.SignIn(ctx, kioskSignIn(first.ID, "王小明", "2026-02-10", "138 1234 5678"))
	if err != nil {
		t.Fatal(err)
	}
	sess := openSession(t, s, model.AgeBand{Min: 7, Max: 9})
	in := model.SignInInput{SessionID: sess.ID, FamilyID: r1.FamilyID, Phone: "138 1234 5678", Relation: model.RelMother,
		Method: model.MethodPhone, SignedName: "李丽", Nonce: "x1",
		Children: []model.ChildInput{{ChildID: r1.SignIns[0].ChildID, AgeMonths: -1}}}
	r2, err := s.SignIn(ctx, in)
	if err != nil {
		t.Fatalf("returning caregiver refused: %v", err)
	}
	if r2.SignIns[0].CaregiverID != r1.SignIns[0].CaregiverID {
		t.Errorf("a second caregiver was made: %s vs %s", r2.SignIns[0].CaregiverID, r1.SignIns[0].CaregiverID)
	}
}

// The same with the caregiver's name left empty: Validate makes it the
// signed name, as the first time.
func TestSignInNormalisedReturningSameRelationOtherName(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	first := openSession(t, s, model.AgeBand{Min: 7, Max: 9})
	a := kioskSignIn(first.ID, "王小明", "2026-02-10", "13812345678")
	a.SignedName = "张三"
	r1, err := s.SignIn(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	b := a
	b.FamilyID = r1.FamilyID
	b.Children = []model.ChildInput{{ChildID: r1.SignIns[0].ChildID, AgeMonths: -1}}
	b.SignedName = "李四" // another person with the same phone and relation
	second := openSession(t, s, model.AgeBand{Min: 7, Max: 9})
	b.SessionID = second.ID
	r2, err := s.SignIn(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	if r2.SignIns[0].Caregiver != "李四" {
		t.Errorf("signed by 李四, recorded under caregiver %q (%s; first was %s)", r2.SignIns[0].Caregiver, r2.SignIns[0].CaregiverID, r1.SignIns[0].CaregiverID)
	}
}
