package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"carekiosk/model"
)

// movableStore opens a test store whose clock the test sets.
func movableStore(t *testing.T) (*Store, string, *time.Time) {
	t.Helper()
	now := testNow
	dir := t.TempDir()
	s, err := Open(dir, Options{Clock: model.Clock{Now: func() time.Time { now = now.Add(time.Millisecond); return now }}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	seedStation(t, s)
	return s, dir, &now
}

// sessionOn opens a session dated on the clock's day in the station's zone.
func sessionOn(t *testing.T, s *Store, day string, band model.AgeBand) *model.Session {
	t.Helper()
	ctx := context.Background()
	sess, err := s.CreateSession(ctx, model.NewSessionInput{Date: model.MustDate(day), Band: band, Title: "辅食添加", Instructor: "陈医生"})
	if err != nil {
		t.Fatal(err)
	}
	if sess, err = s.AdvanceSession(ctx, sess.ID, model.StateOpen); err != nil {
		t.Fatal(err)
	}
	return sess
}

func closeSession(t *testing.T, s *Store, id string) {
	t.Helper()
	ctx := context.Background()
	if _, err := s.AdvanceSession(ctx, id, model.StateRunning); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpdateSummary(ctx, id, model.Summary{Handover: "好", Cooperation: "好"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CloseSession(ctx, id); err != nil {
		t.Fatal(err)
	}
}

// TestCorrectChildBirth: a birth date typed wrong is corrected after the
// sessions closed; the age in months of each earlier sign-in follows (and
// its outside-band mark), each move kept with the correction; the session's
// age distribution follows; a birth date after a session attended is
// refused, and so is one without a reason.
func TestCorrectChildBirth(t *testing.T) {
	s, _, now := movableStore(t)
	ctx := context.Background()
	*now = time.Date(2026, 9, 22, 2, 0, 0, 0, time.UTC)
	first := sessionOn(t, s, "2026-09-22", model.AgeBand{Min: 7, Max: 9})
	r, err := s.SignIn(ctx, kioskSignIn(first.ID, "王小明", "2026-02-10", "13812345678"))
	if err != nil {
		t.Fatal(err)
	}
	closeSession(t, s, first.ID)
	*now = testNow
	second := sessionOn(t, s, "2026-11-22", model.AgeBand{Min: 7, Max: 9})
	again := kioskSignIn(second.ID, "", "2026-02-10", "13812345678")
	again.FamilyID, again.Children = r.FamilyID, []model.ChildInput{{ChildID: r.SignIns[0].ChildID, AgeMonths: -1}}
	if _, err := s.SignIn(ctx, again); err != nil {
		t.Fatal(err)
	}
	closeSession(t, s, second.ID)
	if c := countsOf(t, s, first.ID, second.ID); c[0].ages != "7月龄 1人" || c[1].ages != "9月龄 1人" {
		t.Fatalf("ages before: %+v", c)
	}
	in := model.FamilyCorrectionInput{FamilyID: r.FamilyID, Kind: model.FixChildBirth, TargetID: r.SignIns[0].ChildID, NewValue: "2026-01-05", Who: "陈医生"}
	if _, err := s.CorrectFamily(ctx, in); model.ErrorCode(err) != model.EINVALID {
		t.Fatalf("a correction without a reason: %v", err)
	}
	in.Reason = "出生证明上是1月5日"
	late := in
	late.NewValue = "2026-10-01"
	if _, err := s.CorrectFamily(ctx, late); model.ErrorCode(err) != model.EINVALID {
		t.Fatalf("a birth after a session attended: %v", err)
	}
	fc, err := s.CorrectFamily(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	if fc.OldValue != "2026-02-10" || fc.NewValue != "2026-01-05" || len(fc.Follows) != 2 ||
		fc.Follows[0].OldValue != "7" || fc.Follows[0].NewValue != "8" || fc.Follows[0].SessionID != first.ID ||
		fc.Follows[1].OldValue != "9" || fc.Follows[1].NewValue != "10" {
		t.Fatalf("correction %+v", fc)
	}
	if c := countsOf(t, s, first.ID, second.ID); c[0].ages != "8月龄 1人" || c[1].ages != "10月龄 1人" || c[0].signIns != 1 {
		t.Errorf("ages after: %+v", c)
	}
	sis, _ := s.SignIns(ctx, second.ID)
	if !sis[0].OutsideBand {
		t.Error("10 months in a 7–9 session is not marked outside the band")
	}
	kept, err := s.FamilyCorrections(ctx, r.FamilyID)
	if err != nil || len(kept) != 1 || kept[0].ID != fc.ID || len(kept[0].Follows) != 2 || kept[0].Who != "陈医生" || kept[0].Reason != in.Reason {
		t.Fatalf("kept %+v %v", kept, err)
	}
	if _, err := s.CorrectFamily(ctx, in); model.ErrorCode(err) != model.EINVALID {
		t.Errorf("the same date again: %v", err)
	}
	if _, err := s.w.Exec(`DELETE FROM family_corrections`); err == nil {
		t.Error("a family correction can be deleted")
	}
}

// TestCorrectNamesAndPhone: a child's and a caregiver's name, a relation
// and a phone are corrected, each listing the sign-ins that show it; a
// phone another family has is refused (merge them instead), and a caregiver
// made the same as another of the family is refused.
func TestCorrectNamesAndPhone(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	sess := openSession(t, s, model.AgeBand{Min: 7, Max: 9})
	in := kioskSignIn(sess.ID, "王小明", "2026-02-10", "13812345678")
	in.Caregiver = "李丽"
	r, err := s.SignIn(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.SignIn(ctx, kioskSignIn(sess.ID, "张三", "2026-02-10", "13900001111")); err != nil {
		t.Fatal(err)
	}
	fam, _ := s.Family(ctx, r.FamilyID)
	kid, mum := fam.Children[0].ID, fam.Caregivers[0].ID
	fix := func(kind model.FamilyCorrectionKind, target, v string) (*model.FamilyCorrection, error) {
		return s.CorrectFamily(ctx, model.FamilyCorrectionInput{FamilyID: r.FamilyID, Kind: kind, TargetID: target, NewValue: v, Who: "陈医生", Reason: "家长说写错了"})
	}
	fc, err := fix(model.FixChildName, kid, " 王晓明 ")
	if err != nil || fc.OldValue != "王小明" || fc.NewValue != "王晓明" || len(fc.Follows) != 1 || fc.Follows[0].Seq != 1 {
		t.Fatalf("child name: %+v %v", fc, err)
	}
	if _, err := fix(model.FixCaregiverPhone, mum, "13900001111"); model.ErrorCode(err) != model.EINVALID {
		t.Errorf("a phone of another family: %v", err)
	}
	if _, err := fix(model.FixCaregiverPhone, mum, "139-0000-2222"); err != nil {
		t.Error(err)
	}
	if _, err := fix(model.FixCaregiverRelation, mum, "奶奶"); err != nil {
		t.Error(err)
	}
	if _, err := fix(model.FixCaregiverName, mum, "王桂兰"); err != nil {
		t.Error(err)
	}
	if _, err := fix(model.FixChildName, "no-such", "王晓明"); model.ErrorCode(err) != model.EINVALID {
		t.Errorf("a child of no family: %v", err)
	}
	sis, _ := s.SignIns(ctx, sess.ID)
	if sis[0].ChildName != "王晓明" || sis[0].Phone != "13900002222" || sis[0].Relation != model.RelGrandmaP || sis[0].Caregiver != "王桂兰" {
		t.Errorf("sign-in after: %+v", sis[0])
	}
	// A second caregiver, then one made the same as the other.
	dad := kioskSignIn(sess.ID, "", "2026-02-10", "13900002222")
	dad.FamilyID, dad.Children, dad.Relation, dad.Caregiver = r.FamilyID, []model.ChildInput{{Name: "王小亮", BirthDate: model.MustDate("2026-03-01")}}, model.RelFather, "王强"
	if _, err := s.SignIn(ctx, dad); err != nil {
		t.Fatal(err)
	}
	fam, _ = s.Family(ctx, r.FamilyID)
	if len(fam.Caregivers) != 2 {
		t.Fatalf("caregivers %+v", fam.Caregivers)
	}
	if _, err := fix(model.FixCaregiverRelation, fam.Caregivers[1].ID, "奶奶"); err != nil {
		t.Fatalf("relation of the father: %v", err)
	}
	if _, err := fix(model.FixCaregiverName, fam.Caregivers[1].ID, "王桂兰"); model.ErrorCode(err) != model.EINVALID {
		t.Errorf("two caregivers made one: %v", err)
	}
	list, _ := s.FamilyCorrections(ctx, r.FamilyID)
	if len(list) != 5 {
		t.Errorf("kept %d corrections", len(list))
	}
}

// TestMergeAndSplitKeepEverySignIn: two families are merged (sign-ins
// follow, the session counts one family), then split again (the chosen
// child, its sign-ins and a caregiver move to a new family, the session
// counts two); no sign-in is lost, each step is recorded with what moved,
// and an erasure afterwards overwrites the names the trail kept.
func TestMergeAndSplitKeepEverySignIn(t *testing.T) {
	s, dir := newTestStore(t)
	ctx := context.Background()
	sess := openSession(t, s, model.AgeBand{Min: 7, Max: 9})
	a, err := s.SignIn(ctx, kioskSignIn(sess.ID, "王小明", "2026-02-10", "13812345678"))
	if err != nil {
		t.Fatal(err)
	}
	bIn := kioskSignIn(sess.ID, "王小红", "2026-02-11", "13712345678")
	bIn.Relation = model.RelFather
	b, err := s.SignIn(ctx, bIn)
	if err != nil {
		t.Fatal(err)
	}
	if c := countsOf(t, s, sess.ID); c[0].families != 2 || c[0].signIns != 2 {
		t.Fatalf("before: %+v", c)
	}
	if _, err := s.MergeFamilies(ctx, model.MergeInput{From: b.FamilyID, Into: a.FamilyID, Who: "陈医生"}); model.ErrorCode(err) != model.EINVALID {
		t.Fatalf("a merge without a reason: %v", err)
	}
	m, err := s.MergeFamilies(ctx, model.MergeInput{From: b.FamilyID, Into: a.FamilyID, Who: "陈医生", Reason: "爸爸和妈妈各登记了一次"})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Follows) != 3 || m.FamilyID != a.FamilyID || m.OtherFamilyID != b.FamilyID {
		t.Fatalf("merge %+v", m)
	}
	if c := countsOf(t, s, sess.ID); c[0].families != 1 || c[0].signIns != 2 {
		t.Fatalf("after merge: %+v", c)
	}
	if found, _ := s.FindFamilies(ctx, model.FamilyQuery{CardCode: mustFamily(t, s, b.FamilyID).CardCode}); len(found) != 1 || found[0].ID != a.FamilyID {
		t.Errorf("the merged family's card finds %+v", found)
	}
	if _, err := s.CorrectFamily(ctx, model.FamilyCorrectionInput{FamilyID: b.FamilyID, Kind: model.FixChildName, TargetID: b.SignIns[0].ChildID, NewValue: "王红", Who: "陈医生", Reason: "x"}); model.ErrorCode(err) != model.ECONFLICT {
		t.Errorf("a correction of the merged-away family: %v", err)
	}
	fam := mustFamily(t, s, a.FamilyID)
	if len(fam.Children) != 2 || len(fam.Caregivers) != 2 {
		t.Fatalf("merged family %+v", fam)
	}
	split := model.SplitInput{FamilyID: a.FamilyID, ChildIDs: []string{b.SignIns[0].ChildID}, CaregiverIDs: []string{fam.Caregivers[1].ID}, Who: "陈医生", Reason: "合并错了"}
	bad := split
	bad.ChildIDs = []string{fam.Children[0].ID, fam.Children[1].ID}
	if _, err := s.SplitFamily(ctx, bad); model.ErrorCode(err) != model.EINVALID {
		t.Errorf("a split that moves every child: %v", err)
	}
	sp, err := s.SplitFamily(ctx, split)
	if err != nil {
		t.Fatal(err)
	}
	if len(sp.Follows) != 3 || sp.OtherFamilyID == "" {
		t.Fatalf("split %+v", sp)
	}
	if c := countsOf(t, s, sess.ID); c[0].families != 2 || c[0].signIns != 2 {
		t.Fatalf("after split: %+v", c)
	}
	nf := mustFamily(t, s, sp.OtherFamilyID)
	if len(nf.Children) != 1 || nf.Children[0].Name != "王小红" || len(nf.Caregivers) != 1 || nf.CardCode == "" {
		t.Errorf("new family %+v", nf)
	}
	sis, _ := s.SignIns(ctx, sess.ID)
	if len(sis) != 2 || sis[1].FamilyID != sp.OtherFamilyID || sis[0].FamilyID != a.FamilyID {
		t.Errorf("sign-ins after split %+v", sis)
	}
	if rep, err := s.Check(ctx); err != nil || !rep.OK() {
		t.Errorf("check after split: %+v %v", rep, err)
	}
	// An erasure overwrites the personal values the trail keeps.
	if _, err := s.CorrectFamily(ctx, model.FamilyCorrectionInput{FamilyID: sp.OtherFamilyID, Kind: model.FixChildName, TargetID: b.SignIns[0].ChildID, NewValue: "欧阳小红", Who: "陈医生", Reason: "改名"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.EraseFamily(ctx, model.EraseInput{FamilyID: sp.OtherFamilyID, Who: "陈医生"}); err != nil {
		t.Fatal(err)
	}
	if found := fileHas(t, dir, "欧阳小红", "王小红"); len(found) > 0 {
		t.Errorf("still in the files after the erasure: %v", found)
	}
	all, _ := s.FamilyCorrections(ctx, sp.OtherFamilyID)
	if len(all) != 2 || all[1].Kind != model.FixChildName || all[1].OldValue != model.Anonymised || all[1].Reason != "改名" {
		t.Errorf("trail after erasure %+v", all)
	}
}

func mustFamily(t *testing.T, s *Store, id string) *model.Family {
	t.Helper()
	f, err := s.Family(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// TestDuplicateMergeIsACorrection: merging a family marked 可能重复 is kept
// as a family correction with its reason and everything it moved, so it
// travels like any other.
func TestDuplicateMergeIsACorrection(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	sess := openSession(t, s, model.AgeBand{Min: 7, Max: 9})
	orig, err := s.SignIn(ctx, kioskSignIn(sess.ID, "王小明", "2026-02-10", "13812345678"))
	if err != nil {
		t.Fatal(err)
	}
	dup, err := s.SignIn(ctx, kioskSignIn(sess.ID, "王小红", "2026-02-10", "13812345678"))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.DecideDuplicate(ctx, model.DuplicateInput{FamilyID: dup.FamilyID, Decision: model.DecideMerge, Who: "陈医生", Reason: "同一个妈妈"}); err != nil {
		t.Fatal(err)
	}
	list, err := s.FamilyCorrections(ctx, orig.FamilyID)
	if err != nil || len(list) != 1 {
		t.Fatalf("%+v %v", list, err)
	}
	m := list[0]
	if m.Kind != model.FixMerge || m.FamilyID != orig.FamilyID || m.OtherFamilyID != dup.FamilyID || m.Reason != "同一个妈妈" || len(m.Follows) != 3 {
		t.Errorf("merge kept as %+v", m)
	}
}

// TestFamilyCopyListsCorrections: the family's copy lists its corrections
// with the old and new value and the reason.
func TestFamilyCopyListsCorrections(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	sess := openSession(t, s, model.AgeBand{Min: 7, Max: 9})
	r, err := s.SignIn(ctx, kioskSignIn(sess.ID, "王小明", "2026-02-10", "13812345678"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CorrectFamily(ctx, model.FamilyCorrectionInput{FamilyID: r.FamilyID, Kind: model.FixChildName, TargetID: r.SignIns[0].ChildID,
		NewValue: "王晓明", Who: "陈医生", Reason: "户口本上是晓"}); err != nil {
		t.Fatal(err)
	}
	cp, err := s.FamilyCopy(ctx, r.FamilyID)
	if err != nil {
		t.Fatal(err)
	}
	text := cp.Text(model.LangZH, time.UTC, testNow)
	for _, want := range []string{"【更正记录】", "“王小明”→“王晓明”", "户口本上是晓"} {
		if !strings.Contains(text, want) {
			t.Errorf("the copy lacks %q:\n%s", want, text)
		}
	}
}
