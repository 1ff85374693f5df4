package store

import (
	"context"
	"testing"

	"carekiosk/model"
)

// closedWithFamilies holds a closed 7–9 session of 2026-11-22: 序号 1
// 王小明 and 3 王小华 (family A, mum and grandma), 2 李小红 (family B), and 4
// 王小刚 (family A) withdrawn before closing.
type closedWithFamilies struct {
	sess                  *model.Session
	ming, hong, hua, gang model.SignIn
	grandma, mumA         string
}

func newClosedWithFamilies(t *testing.T, s *Store) closedWithFamilies {
	t.Helper()
	ctx := context.Background()
	var f closedWithFamilies
	f.sess = openSession(t, s, model.AgeBand{Min: 7, Max: 9})
	sign := func(in model.SignInInput) model.SignIn {
		r, err := s.SignIn(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		return r.SignIns[0]
	}
	f.ming = sign(kioskSignIn(f.sess.ID, "王小明", "2026-02-10", "13812345678"))
	f.hong = sign(kioskSignIn(f.sess.ID, "李小红", "2026-03-01", "13912345678"))
	gm := kioskSignIn(f.sess.ID, "王小华", "2026-02-10", "13812345678")
	gm.Relation, gm.FamilyID = model.RelGrandmaM, f.ming.FamilyID
	f.hua = sign(gm)
	g := kioskSignIn(f.sess.ID, "王小刚", "2026-01-15", "13812345678")
	g.FamilyID = f.ming.FamilyID
	f.gang = sign(g)
	f.grandma, f.mumA = f.hua.CaregiverID, f.ming.CaregiverID
	if err := s.WithdrawSignIn(ctx, model.WithdrawInput{SessionID: f.sess.ID, SignInID: f.gang.ID, Who: "陈医生", Reason: "签错了"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpdateSummary(ctx, f.sess.ID, model.Summary{Handover: "好"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CloseSession(ctx, f.sess.ID); err != nil {
		t.Fatal(err)
	}
	return f
}

func liveCounts(t *testing.T, s *Store, id string) (signIns, families int) {
	t.Helper()
	if err := s.r.QueryRow(`SELECT signin_count, family_count FROM sessions WHERE id = ?`, id).Scan(&signIns, &families); err != nil {
		t.Fatal(err)
	}
	return signIns, families
}

// Each kind of sign-in correction of a closed session changes the sheet
// and the counts, and keeps who, when, why and the old and new values.
func TestCorrectSignIn(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	f := newClosedWithFamilies(t, s)
	base := model.SignInCorrectionInput{SessionID: f.sess.ID, Who: "陈医生", Reason: "核对纸质签到表"}

	rel := base
	rel.SignInID, rel.Kind, rel.Relation = f.hong.ID, model.ChangeRelation, model.RelGrandmaP
	if _, err := s.CorrectSignIn(ctx, rel); err != nil {
		t.Fatal(err)
	}
	cg := base
	cg.SignInID, cg.Kind, cg.CaregiverID = f.ming.ID, model.ChangeCaregiver, f.hong.CaregiverID
	if _, err := s.CorrectSignIn(ctx, cg); err == nil {
		t.Error("a caregiver of another family was accepted")
	}
	cg.CaregiverID = f.grandma
	if _, err := s.CorrectSignIn(ctx, cg); err != nil {
		t.Fatal(err)
	}
	child := base
	child.SignInID, child.Kind, child.ChildID = f.hong.ID, model.ChangeChild, f.hua.ChildID
	if _, err := s.CorrectSignIn(ctx, child); err == nil {
		t.Error("moving a sign-in to a child already signed in was accepted")
	}
	child.ChildID = f.gang.ChildID
	if _, err := s.CorrectSignIn(ctx, child); err == nil {
		t.Error("moving a sign-in to another family's child without its caregiver was accepted")
	}
	child.CaregiverID = f.mumA
	if _, err := s.CorrectSignIn(ctx, child); err != nil {
		t.Fatal(err)
	}
	if n, fam := liveCounts(t, s, f.sess.ID); n != 3 || fam != 1 {
		t.Errorf("after the child correction: %d sign-ins, %d families; want 3, 1", n, fam)
	}
	rm := base
	rm.SignInID, rm.Kind = f.hua.ID, model.ChangeRemove
	if _, err := s.CorrectSignIn(ctx, rm); err != nil {
		t.Fatal(err)
	}
	if n, fam := liveCounts(t, s, f.sess.ID); n != 2 || fam != 1 {
		t.Errorf("after the removal: %d sign-ins, %d families; want 2, 1", n, fam)
	}
	sis, err := s.SignIns(ctx, f.sess.ID)
	if err != nil || len(sis) != 2 {
		t.Fatalf("sign-ins %v %+v", err, sis)
	}
	got := map[int]model.SignIn{}
	for _, si := range sis {
		got[si.Seq] = si
	}
	if g := got[1]; g.CaregiverID != f.grandma || g.Relation != model.RelGrandmaM {
		t.Errorf("序号 1 after the caregiver correction: %+v", g)
	}
	// 王小刚, born 2026-01-15, is 10 months old on 2026-11-22: outside 7–9.
	if g := got[2]; g.ChildID != f.gang.ChildID || g.AgeMonths != 10 || !g.OutsideBand || g.Relation != model.RelMother || g.FamilyID != f.ming.FamilyID {
		t.Errorf("序号 2 after the child correction: %+v", g)
	}
	changes, err := s.SignInChanges(ctx, f.sess.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		kind     model.SignInChangeKind
		seq      int
		old, new string
	}{
		{model.ChangeWithdraw, 4, "王小刚", ""},
		{model.ChangeRelation, 2, "妈妈", "奶奶"},
		{model.ChangeCaregiver, 1, "李丽", "李丽"},
		{model.ChangeRelation, 1, "妈妈", "外婆"},
		{model.ChangeChild, 2, "李小红", "王小刚"},
		{model.ChangeCaregiver, 2, "李丽", "李丽"},
		{model.ChangeRelation, 2, "奶奶", "妈妈"},
		{model.ChangeRemove, 3, "王小华", ""},
	}
	if len(changes) != len(want) {
		t.Fatalf("%d changes, want %d: %+v", len(changes), len(want), changes)
	}
	for i, w := range want {
		c := changes[i]
		if c.Kind != w.kind || c.Seq != w.seq || c.OldName != w.old || c.NewName != w.new || c.Who == "" || c.Reason == "" || c.At.IsZero() {
			t.Errorf("change %d = %+v, want %+v", i, c, w)
		}
	}
	if c := changes[4]; c.OldAge != 8 || c.NewAge != 10 || c.OldValue != f.hong.ChildID {
		t.Errorf("the child change keeps %+v", c)
	}
	// The removed sign-in is kept aside, as a withdrawal is.
	var kept int
	if err := s.r.QueryRow(`SELECT count(*) FROM withdrawn_sign_ins WHERE id IN (?, ?)`, f.hua.ID, f.gang.ID).Scan(&kept); err != nil || kept != 2 {
		t.Errorf("withdrawn rows %d %v", kept, err)
	}
	if _, err := s.r.Exec(`DELETE FROM sign_in_changes`); err == nil {
		t.Error("sign-in changes can be deleted")
	}
}

// A sign-in of a session still open is withdrawn, not corrected.
func TestCorrectSignInOpenSession(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	sess := openSession(t, s, model.AgeBand{Min: 7, Max: 9})
	r, err := s.SignIn(ctx, kioskSignIn(sess.ID, "王小明", "2026-02-10", "13812345678"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.CorrectSignIn(ctx, model.SignInCorrectionInput{SessionID: sess.ID, SignInID: r.SignIns[0].ID, Kind: model.ChangeRemove, Who: "陈医生", Reason: "x"})
	if model.ErrorCode(err) != model.ECONFLICT {
		t.Errorf("correcting an open session's sign-in: %v", err)
	}
}

// The session's date, band, areas and planned content are corrected with a
// trail; a new date recomputes the 月龄, a new band the outside-band marks;
// the void leaves the statistics and the quota.
func TestCorrectSessionFields(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	f := newClosedWithFamilies(t, s)
	corr := func(field model.CorrectionField, v string) error {
		_, err := s.Correct(ctx, model.CorrectionInput{SessionID: f.sess.ID, Who: "陈医生", Field: field, NewValue: v, Reason: "按纸质记录更正"})
		return err
	}
	for _, bad := range []struct {
		f model.CorrectionField
		v string
	}{{model.FieldDate, "2026-12-01"}, {model.FieldDate, "2026-01-01"}, {model.FieldBand, "5-8"}, {model.FieldBand, "7-9月龄"}, {model.FieldAreas, "唱歌"}} {
		if err := corr(bad.f, bad.v); err == nil {
			t.Errorf("%s = %q accepted", bad.f, bad.v)
		}
	}
	if err := corr(model.FieldDate, "2026-10-22"); err != nil {
		t.Fatal(err)
	}
	sis, _ := s.SignIns(ctx, f.sess.ID)
	if sis[0].AgeMonths != 8 {
		t.Errorf("王小明 on 2026-10-22: %d months, want 8", sis[0].AgeMonths)
	}
	if err := corr(model.FieldBand, "10-12"); err != nil {
		t.Fatal(err)
	}
	if sis, _ = s.SignIns(ctx, f.sess.ID); !sis[0].OutsideBand {
		t.Error("an 8-month-old is inside 10–12")
	}
	if err := corr(model.FieldAreas, "safety,learning"); err != nil {
		t.Fatal(err)
	}
	if err := corr(model.SegmentPlannedField(model.SegHealthEducation), "辅食的质地"); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Session(ctx, f.sess.ID)
	if got.Date.String() != "2026-10-22" || got.Band != (model.AgeBand{Min: 10, Max: 12}) || model.JoinAreas(got.Areas) != "safety,learning" ||
		got.Segments[model.SegHealthEducation].Planned != "辅食的质地" || got.Revision != 5 {
		t.Errorf("session after corrections: %+v", got)
	}
	quota := func() int {
		q, err := s.QuotaProgress(ctx, 2026)
		if err != nil || len(q) != 1 {
			t.Fatal(q, err)
		}
		return q[0].Held
	}
	if quota() != 1 {
		t.Fatal("the closed session does not count")
	}
	if _, err := s.VoidSession(ctx, model.VoidInput{SessionID: f.sess.ID, Who: "陈医生"}); err == nil {
		t.Error("a void without a reason was accepted")
	}
	if _, err := s.VoidSession(ctx, model.VoidInput{SessionID: f.sess.ID, Who: "陈医生", Reason: "误开的活动"}); err != nil {
		t.Fatal(err)
	}
	if quota() != 0 {
		t.Error("a voided session counts towards the quota")
	}
	if _, err := s.VoidSession(ctx, model.VoidInput{SessionID: f.sess.ID, Who: "陈医生", Reason: "again"}); err == nil {
		t.Error("voided twice")
	}
	err := s.View(ctx, func(v *Snapshot) error {
		sp, err := v.Span(model.Date{}, model.Date{})
		if err != nil || sp.Count != 0 {
			t.Errorf("span of a voided session: %+v %v", sp, err)
		}
		rows, _ := v.Sessions(model.Date{}, model.Date{}, false, false)
		if len(rows) != 1 || !rows[0].Voided {
			t.Errorf("the voided session is not kept: %+v", rows)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	cs, _ := s.Corrections(ctx, f.sess.ID)
	if len(cs) != 5 || cs[0].OldValue != "2026-11-22" || cs[1].OldValue != "7-9" || cs[2].OldValue != "nutrition" || cs[3].OldValue != "辅食" || cs[4].Field != model.FieldVoid {
		t.Errorf("corrections kept: %+v", cs)
	}
	// A void made by mistake is taken back the same way, with a reason: the
	// session counts again and both steps stay in the trail.
	if _, err := s.VoidSession(ctx, model.VoidInput{SessionID: f.sess.ID, Who: "陈医生", Restore: true}); err == nil {
		t.Error("an undo without a reason was accepted")
	}
	if _, err := s.VoidSession(ctx, model.VoidInput{SessionID: f.sess.ID, Who: "陈医生", Reason: "作废错了活动", Restore: true}); err != nil {
		t.Fatal(err)
	}
	if quota() != 1 {
		t.Error("a restored session does not count towards the quota")
	}
	if _, err := s.VoidSession(ctx, model.VoidInput{SessionID: f.sess.ID, Who: "陈医生", Reason: "again", Restore: true}); err == nil {
		t.Error("a session that is not voided was restored")
	}
	cs, _ = s.Corrections(ctx, f.sess.ID)
	if last := cs[len(cs)-1]; len(cs) != 6 || last.Field != model.FieldVoid || last.OldValue != model.VoidValue || last.NewValue != "" || last.Revision != cs[4].Revision+1 {
		t.Errorf("the undoing is not kept: %+v", cs)
	}
}
