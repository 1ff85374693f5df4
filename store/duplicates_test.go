package store

import (
	"context"
	"testing"

	"carekiosk/model"
)

// TestPossibleDuplicateMergeAndApart: a new-family sign-in with a known
// number makes a new family marked 可能重复; merging moves its children,
// caregivers and sign-ins into the family it duplicates in one transaction
// (the session then counts one family) and is recorded; keeping apart only
// clears the mark and is recorded too. Both need who and a reason.
func TestPossibleDuplicateMergeAndApart(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	sess := openSession(t, s, model.AgeBand{Min: 7, Max: 9})
	orig, err := s.SignIn(ctx, kioskSignIn(sess.ID, "王小明", "2026-02-10", "13812345678"))
	if err != nil {
		t.Fatal(err)
	}
	grandma := kioskSignIn(sess.ID, "王小红", "2026-02-10", "13812345678")
	grandma.Relation = model.RelGrandmaP
	dup, err := s.SignIn(ctx, grandma)
	if err != nil {
		t.Fatal(err)
	}
	stranger, err := s.SignIn(ctx, kioskSignIn(sess.ID, "张三", "2026-02-10", "138 1234 5678"))
	if err != nil {
		t.Fatal(err)
	}
	if dup.FamilyID == orig.FamilyID || stranger.FamilyID == orig.FamilyID {
		t.Fatal("a phone number joined an existing family")
	}
	list, err := s.PossibleDuplicates(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].Family.ID != dup.FamilyID || list[0].Of.ID != orig.FamilyID || list[0].Of.Children[0].Name != "王小明" {
		t.Fatalf("possible duplicates: %+v", list)
	}
	counts := func() (int, int) {
		var n, f int
		s.r.QueryRow(`SELECT signin_count, family_count FROM sessions WHERE id = ?`, sess.ID).Scan(&n, &f)
		return n, f
	}
	if n, f := counts(); n != 3 || f != 3 {
		t.Fatalf("counts before: %d %d", n, f)
	}
	if err := s.DecideDuplicate(ctx, model.DuplicateInput{FamilyID: dup.FamilyID, Decision: model.DecideMerge, Who: "陈医生"}); model.ErrorCode(err) != model.EINVALID {
		t.Fatalf("a merge without a reason: %v", err)
	}
	if err := s.DecideDuplicate(ctx, model.DuplicateInput{FamilyID: dup.FamilyID, Decision: model.DecideMerge, Who: "陈医生", Reason: "奶奶的新手机，核对过"}); err != nil {
		t.Fatal(err)
	}
	fam, err := s.Family(ctx, orig.FamilyID)
	if err != nil {
		t.Fatal(err)
	}
	if len(fam.Children) != 2 || len(fam.Caregivers) != 2 || fam.Caregivers[1].Relation != model.RelGrandmaP {
		t.Fatalf("merged family: %+v", fam)
	}
	sis, _ := s.SignIns(ctx, sess.ID)
	if sis[1].FamilyID != orig.FamilyID {
		t.Fatalf("the sign-in did not move: %+v", sis[1])
	}
	if n, f := counts(); n != 3 || f != 2 {
		t.Fatalf("counts after the merge: %d %d", n, f)
	}
	// The merged family's card finds the family it went into.
	var card string
	s.r.QueryRow(`SELECT card_code FROM families WHERE id = ?`, dup.FamilyID).Scan(&card)
	if fams, err := s.FindFamilies(ctx, model.FamilyQuery{CardCode: card}); err != nil || len(fams) != 1 || fams[0].ID != orig.FamilyID {
		t.Fatalf("the merged family's card: %+v %v", fams, err)
	}
	if err := s.DecideDuplicate(ctx, model.DuplicateInput{FamilyID: stranger.FamilyID, Decision: model.DecideApart, Who: "陈医生", Reason: "不是一家人"}); err != nil {
		t.Fatal(err)
	}
	if fam, _ := s.Family(ctx, stranger.FamilyID); fam.DuplicateOf != "" || len(fam.Children) != 1 {
		t.Fatalf("kept apart: %+v", fam)
	}
	if list, _ := s.PossibleDuplicates(ctx); len(list) != 0 {
		t.Fatalf("still listed: %+v", list)
	}
	if err := s.DecideDuplicate(ctx, model.DuplicateInput{FamilyID: stranger.FamilyID, Decision: model.DecideMerge, Who: "陈医生", Reason: "再次"}); model.ErrorCode(err) != model.ECONFLICT {
		t.Fatalf("a second decision: %v", err)
	}
	var decisions int
	s.r.QueryRow(`SELECT count(*) FROM family_decisions WHERE who = '陈医生' AND reason <> ''`).Scan(&decisions)
	if decisions != 2 {
		t.Fatalf("%d decisions recorded", decisions)
	}
	if rep, err := s.Check(ctx); err != nil || !rep.OK() {
		t.Fatalf("check after the merge: %+v %v", rep, err)
	}
}
