package county_test

import (
	"context"
	"path/filepath"
	"testing"

	"carekiosk/county/countytest"
	"carekiosk/model"
)

// TestCountyErasureReachesRemovedSignInSplitAway: a mother signs in her
// son; he and his grandmother split away into a family of their own (the
// county sees the sign-in under the new family), then the sign-in is
// removed and the mother's family erased. The county's kept line of the
// removed sign-in — which no later bundle carries — must lose her name,
// phone number and signed name too.
func TestCountyErasureReachesRemovedSignInSplitAway(t *testing.T) {
	ctx := context.Background()
	c := countytest.New(t, t.TempDir(), 2026, cst(2027, 2, 15, 9))
	st := c.AddStation(t, "温溪片卫生院", 2026, 1)
	s := st.Store
	out := filepath.Join(c.Root, "U盘")
	st.Clock.Set(cst(2026, 12, 21, 9))
	sess, err := s.CreateSession(ctx, model.NewSessionInput{Date: model.MustDate("2026-12-21"), Band: model.AgeBand{Min: 10, Max: 12},
		Title: "辅食添加", Instructor: "陈医生", Areas: []model.ContentArea{model.AreaNutrition}, Planned: [4]string{"", "辅食", "分享", "游戏"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AdvanceSession(ctx, sess.ID, model.StateOpen); err != nil {
		t.Fatal(err)
	}
	sign := func(child, birth, caregiver, signed string, rel model.Relation, fam string) *model.SignInResult {
		t.Helper()
		r, err := s.SignIn(ctx, model.SignInInput{SessionID: sess.ID, Children: []model.ChildInput{{Name: child, BirthDate: model.MustDate(birth)}},
			Phone: "13812349876", Relation: rel, Caregiver: caregiver, FamilyID: fam, Method: model.MethodKiosk, SignedName: signed,
			ConsentVersion: model.ConsentVersion})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	mum := sign("欧阳小明", "2026-02-10", "张美华", "张美华亲签", model.RelMother, "")
	gm := sign("欧阳小红", "2026-01-11", "王秀英", "王秀英", model.RelGrandmaM, mum.FamilyID)
	if _, err := s.UpdateSummary(ctx, sess.ID, model.Summary{Handover: "好"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CloseSession(ctx, sess.ID); err != nil {
		t.Fatal(err)
	}
	c.Import(t, st.Export(t, cst(2026, 12, 21, 12), out))
	if _, err := s.SplitFamily(ctx, model.SplitInput{FamilyID: mum.FamilyID, ChildIDs: []string{mum.SignIns[0].ChildID},
		CaregiverIDs: []string{gm.SignIns[0].CaregiverID}, Who: "陈医生", Reason: "两个家庭"}); err != nil {
		t.Fatal(err)
	}
	c.Import(t, st.Export(t, cst(2026, 12, 22, 12), out))
	if _, err := s.CorrectSignIn(ctx, model.SignInCorrectionInput{SessionID: sess.ID, SignInID: mum.SignIns[0].ID, Kind: model.ChangeRemove,
		Who: "陈医生", Reason: "重复"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.EraseFamily(ctx, model.EraseInput{FamilyID: mum.FamilyID, Who: "陈医生"}); err != nil {
		t.Fatal(err)
	}
	c.Import(t, st.Export(t, cst(2026, 12, 23, 12), out))
	if found := dbHas(t, c.DB.Path(), []string{"张美华"}); len(found) > 0 {
		t.Errorf("after the erasure the county still holds %v", found)
	}
}
