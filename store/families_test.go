package store

import (
	"context"
	"testing"

	"carekiosk/model"
)

func TestFamiliesDueAndAttendance(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	sess := openSession(t, s, model.AgeBand{Min: 7, Max: 9})
	// 王小明 (9 months on 2026-11-22) comes today; 李小红 (8 months) never came;
	// 张大宝 (20 months) is out of the band.
	if _, err := s.SignIn(ctx, kioskSignIn(sess.ID, "王小明", "2026-02-10", "13812345678")); err != nil {
		t.Fatal(err)
	}
	other := openSession(t, s, model.AgeBand{Min: 19, Max: 24})
	for _, in := range []model.SignInInput{
		kioskSignIn(other.ID, "李小红", "2026-03-05", "13911112222"),
		kioskSignIn(other.ID, "张大宝", "2025-03-05", "13733334444"),
	} {
		if _, err := s.SignIn(ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	on := model.MustDate("2026-11-29")
	due, err := s.FamiliesDue(ctx, model.AgeBand{Min: 7, Max: 9}, on, on.AddDays(-60), 10)
	if err != nil {
		t.Fatal(err)
	}
	// 李小红 came today too (to another band's session), so only children not
	// seen since the cut-off are due: none of the three.
	if len(due) != 0 {
		t.Errorf("due: %+v", due)
	}
	due, _ = s.FamiliesDue(ctx, model.AgeBand{Min: 7, Max: 9}, on, on.AddDays(1), 10)
	names := map[string]int{}
	for _, d := range due {
		names[d.Child.Name] = d.AgeMonths
		if len(d.Family.Caregivers) == 0 {
			t.Errorf("due child without family: %+v", d)
		}
	}
	if len(due) != 2 || names["王小明"] != 9 || names["李小红"] != 8 {
		t.Errorf("due with a cut-off after today: %+v", names)
	}
	att, err := s.Attendance(ctx, due[0].Child.ID)
	if err != nil || len(att) != 1 || att[0].Title != "辅食添加" {
		t.Errorf("attendance: %+v %v", att, err)
	}
}

// Signing in again a child already signed in to the session, as someone
// else (grandmother with mum's phone), keeps the first sign-in and adds no
// caregiver to the family.
func TestRepeatSignInAddsNoCaregiver(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	sess := openSession(t, s, model.AgeBand{Min: 7, Max: 9})
	first, err := s.SignIn(ctx, kioskSignIn(sess.ID, "王小明", "2026-02-10", "13812345678"))
	if err != nil {
		t.Fatal(err)
	}
	again := model.SignInInput{SessionID: sess.ID, FamilyID: first.FamilyID, Children: []model.ChildInput{{ChildID: first.SignIns[0].ChildID}},
		Phone: "13812345678", Relation: model.RelGrandmaP, Method: model.MethodPhone, SignedName: "王奶奶", ConsentVersion: model.ConsentVersion}
	r, err := s.SignIn(ctx, again)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Existing[0] || r.SignIns[0].Seq != first.SignIns[0].Seq || r.SignIns[0].Relation != model.RelMother {
		t.Fatalf("repeat: %+v", r)
	}
	fam, err := s.Family(ctx, first.FamilyID)
	if err != nil {
		t.Fatal(err)
	}
	if len(fam.Caregivers) != 1 {
		t.Fatalf("caregivers after a repeat: %+v", fam.Caregivers)
	}
}

// A different relation or name is a different caregiver: grandmother 王桂兰
// signing in with grandfather 孙小红's phone adds 王桂兰 (奶奶) and leaves
// 孙小红 (爷爷) as he was; nobody is ever renamed.
func TestCaregiverNeverRenamed(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	sess := openSession(t, s, model.AgeBand{Min: 7, Max: 9})
	in := kioskSignIn(sess.ID, "孙乐乐", "2026-02-10", "13812345678")
	in.Caregiver, in.Relation, in.SignedName = "孙小红", model.RelGrandpaP, "孙小红"
	first, err := s.SignIn(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	other := openSession(t, s, model.AgeBand{Min: 7, Max: 9})
	gran := model.SignInInput{SessionID: other.ID, FamilyID: first.FamilyID, Children: []model.ChildInput{{ChildID: first.SignIns[0].ChildID, AgeMonths: -1}},
		Caregiver: "王桂兰", Phone: "13812345678", Relation: model.RelGrandmaP, Method: model.MethodKiosk, SignedName: "王桂兰",
		ConsentVersion: model.ConsentVersion}
	r, err := s.SignIn(ctx, gran)
	if err != nil {
		t.Fatal(err)
	}
	if r.SignIns[0].Caregiver != "王桂兰" || r.SignIns[0].Relation != model.RelGrandmaP {
		t.Fatalf("the grandmother's sign-in: %+v", r.SignIns[0])
	}
	// Same phone and relation, another name: another caregiver too.
	third := openSession(t, s, model.AgeBand{Min: 7, Max: 9})
	gran.SessionID, gran.Caregiver, gran.SignedName = third.ID, "李秀英", "李秀英"
	if r, err = s.SignIn(ctx, gran); err != nil || r.SignIns[0].Caregiver != "李秀英" {
		t.Fatalf("another grandmother: %+v %v", r, err)
	}
	fam, err := s.Family(ctx, first.FamilyID)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]model.Relation{}
	for _, cg := range fam.Caregivers {
		got[cg.Name] = cg.Relation
	}
	if len(fam.Caregivers) != 3 || got["孙小红"] != model.RelGrandpaP || got["王桂兰"] != model.RelGrandmaP || got["李秀英"] != model.RelGrandmaP {
		t.Fatalf("caregivers: %+v", fam.Caregivers)
	}
}

// A sign-in the instructor signed for the caregiver says so when read back.
func TestSignedByInstructorKept(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	sess := openSession(t, s, model.AgeBand{Min: 7, Max: 9})
	in := kioskSignIn(sess.ID, "孙乐乐", "2026-02-10", "13812345678")
	in.Method, in.SignedName, in.ByInstructor = model.MethodCard, "陈医生", true
	if _, err := s.SignIn(ctx, in); err != nil {
		t.Fatal(err)
	}
	in = kioskSignIn(sess.ID, "李小宝", "2026-02-10", "13900001111")
	if _, err := s.SignIn(ctx, in); err != nil {
		t.Fatal(err)
	}
	sis, err := s.SignIns(ctx, sess.ID)
	if err != nil || len(sis) != 2 {
		t.Fatal(err, len(sis))
	}
	if !sis[0].ByInstructor || sis[0].SignedName != "陈医生" || sis[1].ByInstructor {
		t.Fatalf("read back: %+v / %+v", sis[0].ByInstructor, sis[1].ByInstructor)
	}
}
