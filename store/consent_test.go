package store

import (
	"context"
	"testing"

	"carekiosk/model"
)

// TestConsentPerCaregiver: consent belongs to the caregiver who gave it and
// to one version. A sign-in (any method) without consent given with it is
// refused unless its caregiver agreed to the current notice before; another
// caregiver of the family, or an older version, does not count.
func TestConsentPerCaregiver(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	sess := openSession(t, s, model.AgeBand{Min: 7, Max: 9})
	count := func() int {
		var n int
		s.r.QueryRow(`SELECT count(*) FROM sign_ins`).Scan(&n)
		return n
	}
	// A new family without consent: refused, whatever the method.
	for _, m := range []model.SignInMethod{model.MethodKiosk, model.MethodPhone, model.MethodCard} {
		in := kioskSignIn(sess.ID, "王小明", "2026-02-10", "13812345678")
		in.Method, in.ConsentVersion = m, ""
		if _, err := s.SignIn(ctx, in); model.ErrorCode(err) != model.EINVALID {
			t.Fatalf("%s sign-in without consent: %v", m, err)
		}
	}
	if n := count(); n != 0 {
		t.Fatalf("%d stored without consent", n)
	}
	mum, err := s.SignIn(ctx, kioskSignIn(sess.ID, "王小明", "2026-02-10", "13812345678"))
	if err != nil {
		t.Fatal(err)
	}
	ask := func(in model.SignInInput) bool {
		t.Helper()
		ok, err := s.Consented(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	kid := func(name string) []model.ChildInput {
		return []model.ChildInput{{Name: name, BirthDate: model.MustDate("2026-02-01")}}
	}
	// Grandma, same family and phone: mum's consent is not hers.
	grandma := model.SignInInput{SessionID: sess.ID, FamilyID: mum.FamilyID, Children: kid("王小红"),
		Phone: "13812345678", Relation: model.RelGrandmaP, Method: model.MethodKiosk, SignedName: "张桂兰"}
	if ask(grandma) {
		t.Fatal("grandma counts as agreed through mum")
	}
	mumAgain := grandma
	mumAgain.Relation, mumAgain.SignedName, mumAgain.Children = model.RelMother, "李丽", kid("王小华")
	if !ask(mumAgain) {
		t.Fatal("mum's own consent is not found")
	}
	if _, err := s.SignIn(ctx, grandma); model.ErrorCode(err) != model.EINVALID {
		t.Fatalf("grandma without consent: %v", err)
	}
	if fam, _ := s.Family(ctx, mum.FamilyID); len(fam.Children) != 1 || len(fam.Caregivers) != 1 {
		t.Fatalf("a refused sign-in left records: %+v", fam)
	}
	// Mum needs no new consent; the sign-in carries the version she agreed to.
	if res, err := s.SignIn(ctx, mumAgain); err != nil || res.SignIns[0].ConsentVersion != model.ConsentVersion {
		t.Fatalf("mum again: %+v %v", res, err)
	}
	// An older version agreed earlier does not count for today's notice; an
	// unknown version is refused.
	old := grandma
	old.Children, old.ConsentVersion = kid("王小兰"), "2026-11-v1"
	if _, err := s.SignIn(ctx, old); err != nil {
		t.Fatal(err)
	}
	if ask(grandma) {
		t.Fatal("an older version counts as agreed to the current one")
	}
	bogus := grandma
	bogus.Children, bogus.ConsentVersion = kid("王小云"), "made-up"
	if _, err := s.SignIn(ctx, bogus); model.ErrorCode(err) != model.EINVALID {
		t.Fatalf("an unknown version: %v", err)
	}
	grandma.Children, grandma.ConsentVersion = kid("王小云"), model.ConsentVersion
	if _, err := s.SignIn(ctx, grandma); err != nil {
		t.Fatal(err)
	}
	grandma.ConsentVersion = ""
	if !ask(grandma) {
		t.Fatal("grandma's own consent is not found")
	}
	if ask(model.SignInInput{Phone: "13812345678", Relation: model.RelMother}) {
		t.Fatal("a new family counts as agreed")
	}
}
