package store

import (
	"context"
	"testing"

	"carekiosk/model"
)

// signInAge reads a sign-in's stored 月龄 and outside-band mark.
func signInAge(t *testing.T, s *Store, id string) (int, bool) {
	t.Helper()
	var age int
	var outside bool
	if err := s.r.QueryRow(`SELECT age_months, outside_band FROM sign_ins WHERE id = ?`, id).Scan(&age, &outside); err != nil {
		t.Fatal(err)
	}
	return age, outside
}

// A session's date corrected after a family that attended it was erased
// (its birth dates gone): that family's sign-ins keep a true 月龄 — the one
// they had, moved by the whole months the date moved — instead of one
// computed from no birth date, so the 月龄分布 stays right.
func TestCorrectDateAfterErasureKeepsAges(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	f := newClosedWithFamilies(t, s)
	before, _ := signInAge(t, s, f.hong.ID)
	if _, err := s.EraseFamily(ctx, model.EraseInput{FamilyID: f.hong.FamilyID, Who: "陈医生"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Correct(ctx, model.CorrectionInput{SessionID: f.sess.ID, Field: model.FieldBand, NewValue: "4-6", Who: "陈医生", Reason: "选错月龄段"}); err != nil {
		t.Fatal(err)
	}
	if age, outside := signInAge(t, s, f.hong.ID); age != before || !outside {
		t.Errorf("after a band correction the erased child's sign-in is %d月龄 (outside %v), was %d月龄", age, outside, before)
	}
	if _, err := s.Correct(ctx, model.CorrectionInput{SessionID: f.sess.ID, Field: model.FieldDate, NewValue: "2026-09-22", Who: "陈医生", Reason: "日期填错"}); err != nil {
		t.Fatal(err)
	}
	if age, outside := signInAge(t, s, f.hong.ID); age != before-2 || outside {
		t.Errorf("after the date moved two months back the erased child's sign-in is %d月龄 (outside %v), want %d", age, outside, before-2)
	}
	if age, _ := signInAge(t, s, f.ming.ID); age != 7 {
		t.Errorf("王小明 (born 2026-02-10) on 2026-09-22: %d月龄, want 7", age)
	}
}

// A sign-in cannot be moved to a child whose family was erased: nothing of
// that child is left to compute a 月龄 from, and the family asked to be
// forgotten.
func TestCorrectSignInToErasedChildRefused(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	f := newClosedWithFamilies(t, s)
	if _, err := s.EraseFamily(ctx, model.EraseInput{FamilyID: f.ming.FamilyID, Who: "陈医生"}); err != nil {
		t.Fatal(err)
	}
	// 王小刚 (family A, erased) is not on the sheet: his sign-in was withdrawn.
	in := model.SignInCorrectionInput{SessionID: f.sess.ID, SignInID: f.hong.ID, Kind: model.ChangeChild, ChildID: f.gang.ChildID,
		CaregiverID: f.mumA, Who: "陈医生", Reason: "选错儿童"}
	_, err := s.CorrectSignIn(ctx, in)
	if err == nil {
		age, _ := signInAge(t, s, f.hong.ID)
		t.Fatalf("the sign-in was moved to an erased child, now %d月龄", age)
	}
	if model.ErrorCode(err) == model.ESTORAGE {
		t.Errorf("refused as a storage error: %v", err)
	}
	if age, _ := signInAge(t, s, f.hong.ID); age != 8 {
		t.Errorf("李小红's sign-in changed to %d月龄", age)
	}
}
