package store

import (
	"context"
	"testing"

	"carekiosk/model"
)

// A caregiver's drawn signature and signed name go with the erasure of her
// family even from a sign-in a split moved into another family: the
// signature is hers, whichever family the child now belongs to.
func TestEraseReachesSignInsSplitAway(t *testing.T) {
	s, dir := newTestStore(t)
	ctx := context.Background()
	sess := openSession(t, s, model.AgeBand{Min: 7, Max: 9})
	mum := kioskSignIn(sess.ID, "欧阳小明", "2026-02-10", "13812349876")
	mum.Caregiver, mum.SignedName, mum.SignaturePNG = "张美华", "张美华亲签", append(tinyPNG(t), "SIGNATURE-OF-ZHANG-MEIHUA"...)
	a, err := s.SignIn(ctx, mum)
	if err != nil {
		t.Fatal(err)
	}
	gm := kioskSignIn(sess.ID, "欧阳小红", "2026-03-11", "13812349876")
	gm.FamilyID, gm.Relation, gm.Caregiver, gm.SignedName = a.FamilyID, model.RelGrandmaM, "王秀英", "王秀英"
	b, err := s.SignIn(ctx, gm)
	if err != nil {
		t.Fatal(err)
	}
	// 欧阳小明 and his grandmother are another family: they split away, the
	// sign-in his mother signed with them.
	if _, err := s.SplitFamily(ctx, model.SplitInput{FamilyID: a.FamilyID, ChildIDs: []string{a.SignIns[0].ChildID},
		CaregiverIDs: []string{b.SignIns[0].CaregiverID}, Who: "陈医生", Reason: "两个家庭"}); err != nil {
		t.Fatal(err)
	}
	secrets := []string{"张美华亲签", "SIGNATURE-OF-ZHANG-MEIHUA"}
	if found := fileHas(t, dir, secrets...); len(found) == 0 {
		t.Fatal("the test finds nothing even before the erasure")
	}
	if _, err := s.EraseFamily(ctx, model.EraseInput{FamilyID: a.FamilyID, Who: "陈医生"}); err != nil {
		t.Fatal(err)
	}
	if found := fileHas(t, dir, secrets...); len(found) > 0 {
		t.Errorf("after the erasure of her family the database still holds %v", found)
	}
}

// The same holds for a sign-in corrected, after closing, to a child of
// another family: the one who signed it was of the family first named.
func TestEraseReachesSignInsMovedToAnotherFamily(t *testing.T) {
	s, dir := newTestStore(t)
	ctx := context.Background()
	sess := openSession(t, s, model.AgeBand{Min: 7, Max: 9})
	x := kioskSignIn(sess.ID, "欧阳小明", "2026-02-10", "13812349876")
	x.Caregiver, x.SignedName, x.SignaturePNG = "张美华", "张美华亲签", append(tinyPNG(t), "SIGNATURE-OF-ZHANG-MEIHUA"...)
	a, err := s.SignIn(ctx, x)
	if err != nil {
		t.Fatal(err)
	}
	y := kioskSignIn(sess.ID, "李小兰", "2026-02-01", "13911112222")
	y.Children = append(y.Children, model.ChildInput{Name: "李小梅", BirthDate: model.MustDate("2026-02-01")})
	b, err := s.SignIn(ctx, y)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.WithdrawSignIn(ctx, model.WithdrawInput{SessionID: sess.ID, SignInID: b.SignIns[1].ID, Who: "陈医生", Reason: "没来"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpdateSummary(ctx, sess.ID, model.Summary{Handover: "好"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CloseSession(ctx, sess.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CorrectSignIn(ctx, model.SignInCorrectionInput{SessionID: sess.ID, SignInID: a.SignIns[0].ID, Kind: model.ChangeChild,
		ChildID: b.SignIns[1].ChildID, CaregiverID: b.SignIns[0].CaregiverID, Who: "陈医生", Reason: "选错儿童"}); err != nil {
		t.Fatal(err)
	}
	secrets := []string{"张美华亲签", "SIGNATURE-OF-ZHANG-MEIHUA"}
	if found := fileHas(t, dir, secrets...); len(found) == 0 {
		t.Fatal("the test finds nothing even before the erasure")
	}
	if _, err := s.EraseFamily(ctx, model.EraseInput{FamilyID: a.FamilyID, Who: "陈医生"}); err != nil {
		t.Fatal(err)
	}
	if found := fileHas(t, dir, secrets...); len(found) > 0 {
		t.Errorf("after the erasure of her family the database still holds %v", found)
	}
}

// Erasing a family that was merged into another would record an erasure
// and erase nothing (its children, caregivers and sign-ins moved): it is
// refused, naming where the family's data went.
func TestEraseMergedAwayFamilyRefused(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	f := newClosedWithFamilies(t, s)
	if _, err := s.MergeFamilies(ctx, model.MergeInput{From: f.hong.FamilyID, Into: f.ming.FamilyID, Who: "陈医生", Reason: "同一家"}); err != nil {
		t.Fatal(err)
	}
	_, err := s.EraseFamily(ctx, model.EraseInput{FamilyID: f.hong.FamilyID, Who: "陈医生"})
	if err == nil {
		t.Fatal("the erasure of a merged-away family was recorded, though it erases nothing")
	}
	if model.ErrorCode(err) != model.ECONFLICT {
		t.Errorf("refused as %v", err)
	}
	list, err := s.Erasures(ctx)
	if err != nil || len(list) != 0 {
		t.Errorf("erasures %v %v", list, err)
	}
}
