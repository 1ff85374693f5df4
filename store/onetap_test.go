package store

import (
	"context"
	"testing"

	"carekiosk/model"
)

// A returning family's sign-in picks its children by ID (the phone's one
// tap, the kiosk's list): a child of another family is refused and nothing
// is stored; a child signed in already keeps its 序号; siblings picked
// together are signed in together by the one caregiver.
func TestSignInPicksChildrenByID(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	earlier := openSession(t, s, model.AgeBand{Min: 7, Max: 9})
	a := kioskSignIn(earlier.ID, "王小明", "2026-02-10", "13812345678")
	a.Children = append(a.Children, model.ChildInput{Name: "王小红", BirthDate: model.MustDate("2026-02-10")})
	fa, err := s.SignIn(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	fb, err := s.SignIn(ctx, kioskSignIn(earlier.ID, "李小花", "2026-02-10", "13912345678"))
	if err != nil {
		t.Fatal(err)
	}
	sess := openSession(t, s, model.AgeBand{Min: 7, Max: 9})
	pick := func(ids ...string) model.SignInInput {
		in := model.SignInInput{SessionID: sess.ID, FamilyID: fa.FamilyID, Phone: "13812345678", Relation: model.RelMother,
			Method: model.MethodPhone, SignedName: "李丽", Nonce: "n" + ids[0]}
		for _, id := range ids {
			in.Children = append(in.Children, model.ChildInput{ChildID: id, AgeMonths: -1})
		}
		return in
	}
	if _, err := s.SignIn(ctx, pick(fb.SignIns[0].ChildID)); model.ErrorCode(err) != model.EINVALID {
		t.Fatalf("another family's child: %v", err)
	}
	if list, _ := s.SignIns(ctx, sess.ID); len(list) != 0 {
		t.Fatalf("a refused pick stored %d sign-ins", len(list))
	}
	both, err := s.SignIn(ctx, pick(fa.SignIns[0].ChildID, fa.SignIns[1].ChildID))
	if err != nil {
		t.Fatal(err)
	}
	if len(both.SignIns) != 2 || both.SignIns[0].Seq != 1 || both.SignIns[1].Seq != 2 || both.Existing[0] || both.Existing[1] ||
		both.SignIns[0].CaregiverID != fa.SignIns[0].CaregiverID || both.SignIns[1].ChildName != "王小红" ||
		both.SignIns[0].ConsentVersion != model.ConsentVersion {
		t.Fatalf("siblings picked together: %+v", both)
	}
	again := pick(fa.SignIns[1].ChildID)
	again.Nonce = "another submission"
	res, err := s.SignIn(ctx, again)
	if err != nil || !res.Existing[0] || res.SignIns[0].Seq != 2 {
		t.Fatalf("a child signed in already: %+v %v", res, err)
	}
	if list, _ := s.SignIns(ctx, sess.ID); len(list) != 2 {
		t.Fatalf("%d sign-ins, want 2", len(list))
	}
}
