package tui

import (
	"context"
	"testing"

	"carekiosk/demo"
	"carekiosk/model"
)

// TestDuplicatesMergedBehindPIN: a new family made with a number another
// family has is listed, behind the PIN, beside that family; m and a reason
// merge it into the first family.
func TestDuplicatesMergedBehindPIN(t *testing.T) {
	st, dir := copyStore(t, advancingClock(screenNow))
	env := newEnv(t, st)
	ctx := context.Background()
	fam := familyOf(t, st, env.child)
	cg := fam.Caregivers[0]
	sessions, _ := st.Sessions(ctx, model.SessionFilter{States: []model.SessionState{model.StateOpen}})
	if len(sessions) == 0 {
		t.Fatal("no open session in the fixture")
	}
	res, err := st.SignIn(ctx, model.SignInInput{SessionID: sessions[0].ID, Children: []model.ChildInput{{Name: "新来宝", AgeMonths: 8}},
		Phone: cg.Phone, Relation: model.RelGrandpaM, Method: model.MethodPhone, SignedName: "李建国", ConsentVersion: model.ConsentVersion})
	if err != nil {
		t.Fatal(err)
	}
	if res.FamilyID == fam.ID {
		t.Fatal("the number joined the family")
	}
	k := startKiosk(t, st, dir, 120, 40, screenNow)
	k.waitFor(fixtureSession)
	k.keys("f")
	k.waitFor("家庭名单需要指导员 PIN")
	k.keys(demo.PIN, "enter")
	k.waitFor("可能重复（1）", "新来宝", env.child)
	k.keys("tab", "m")
	k.waitFor("合并的原因")
	k.keys("核对过是外公的手机", "enter")
	k.waitFor("已合并到原家庭")
	if dups, _ := st.PossibleDuplicates(ctx); len(dups) != 0 {
		t.Fatalf("still listed: %d", len(dups))
	}
	merged, err := st.Family(ctx, fam.ID)
	if err != nil || len(merged.Children) != len(fam.Children)+1 {
		t.Fatalf("merged family: %+v %v", merged, err)
	}
}
