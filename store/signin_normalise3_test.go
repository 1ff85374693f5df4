package store

import (
	"context"
	"testing"

	"carekiosk/model"
)

// The kiosk's pick of a returning family (tui submitPick): the mother's
// caregiver entry picked, the relation changed to grandmother, so the
// caregiver is the typed signature, trimmed only ("王 奶奶", as an IME may
// type it). Grandma signed in before under "王奶奶" and agreed then.
func TestSignInNormalisedKioskPickTypedNameWithSpace(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	s1 := openSession(t, s, model.AgeBand{Min: 7, Max: 9})
	r1, err := s.SignIn(ctx, kioskSignIn(s1.ID, "王小明", "2026-02-10", "13812345678"))
	if err != nil {
		t.Fatal(err)
	}
	kid := r1.SignIns[0].ChildID
	s2 := openSession(t, s, model.AgeBand{Min: 7, Max: 9})
	g := model.SignInInput{SessionID: s2.ID, FamilyID: r1.FamilyID, Caregiver: "王奶奶", Phone: "13812345678", Relation: model.RelGrandmaP,
		Method: model.MethodKiosk, SignedName: "王奶奶", Nonce: "g1", ConsentVersion: model.ConsentVersion,
		Children: []model.ChildInput{{ChildID: kid, AgeMonths: -1}}}
	rg, err := s.SignIn(ctx, g)
	if err != nil {
		t.Fatal(err)
	}
	s3 := openSession(t, s, model.AgeBand{Min: 7, Max: 9})
	g2 := model.SignInInput{SessionID: s3.ID, FamilyID: r1.FamilyID, Caregiver: "王 奶奶", Phone: "13812345678", Relation: model.RelGrandmaP,
		Method: model.MethodKiosk, SignedName: "王 奶奶", Nonce: "g2", ConsentVersion: model.ConsentVersion,
		Children: []model.ChildInput{{ChildID: kid, AgeMonths: -1}}}
	r3, err := s.SignIn(ctx, g2)
	if err != nil {
		t.Fatalf("grandma refused: %v", err)
	}
	if r3.SignIns[0].CaregiverID != rg.SignIns[0].CaregiverID {
		t.Errorf("a second 王奶奶 was made")
	}
}
