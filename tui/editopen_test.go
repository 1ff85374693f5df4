package tui

import (
	"context"
	"strings"
	"testing"

	"carekiosk/demo"
	"carekiosk/model"
)

// selectSession moves the home screen's cursor to the row naming title.
func selectSession(k *kiosk, title string) {
	k.t.Helper()
	for i := 0; i < 8; i++ {
		for _, l := range strings.Split(k.waitFor(title), "\n") {
			if strings.HasPrefix(l, "> ") && strings.Contains(l, title) {
				return
			}
		}
		k.keys("down")
	}
	k.t.Fatalf("no row of %s could be selected", title)
}

// TestSessionForTodayEditableUntilFirstSignIn: a session saved for today
// opens check-in at once; with nobody signed in the instructor can still go
// home and edit it (a wrong band) or delete it.
func TestSessionForTodayEditableUntilFirstSignIn(t *testing.T) {
	st, dir := copyStore(t, advancingClock(screenNow))
	ctx := context.Background()
	k := startKiosk(t, st, dir, 80, 24, screenNow)
	k.waitFor(fixtureSession)
	k.keys("n")
	k.waitFor("计划一次")
	k.keys("tab", "right", "right", "right", "tab", "认识颜色", "ctrl+s")
	k.waitFor("认识颜色", "还没有人签到")
	k.keys("esc")
	k.waitFor("离开签到屏需要指导员 PIN")
	k.keys(demo.PIN, "enter")
	k.waitFor("r 进行活动")
	k.keys("h")
	k.waitFor("待进行的活动")
	selectSession(k, "认识颜色")
	k.keys("e")
	k.waitFor("修改活动", "认识颜色")
	k.keys("tab", "left", "tab", "ctrl+u", "认识形状", "ctrl+s")
	k.waitFor("同一天已有7-9月龄的活动")
	k.keys("ctrl+s")
	k.waitFor("活动已修改", "认识形状")
	var edited *model.Session
	all, _ := st.Sessions(ctx, model.SessionFilter{})
	for i := range all {
		if all[i].Title == "认识形状" {
			edited = &all[i]
		}
	}
	if edited == nil || edited.State != model.StateOpen || edited.Band != (model.AgeBand{Min: 7, Max: 9}) {
		t.Fatalf("after the edit: %+v", edited)
	}
	selectSession(k, "认识形状")
	k.keys("d")
	k.waitFor("按 y 删除")
	k.keys("y")
	k.waitFor("已删除")
	if _, err := st.Session(ctx, edited.ID); model.ErrorCode(err) != model.ENOTFOUND {
		t.Fatalf("the deleted session is still there: %v", err)
	}
	checkFits(t, k.view(), 80, 24)
}

// TestKioskOtherRelationIsAnotherCaregiver: at the kiosk a grandmother picks
// the family's caregiver, changes the relation and signs with her own name:
// she is recorded as herself, and the caregiver she picked keeps his name
// and relation.
func TestKioskOtherRelationIsAnotherCaregiver(t *testing.T) {
	st, dir := copyStore(t, advancingClock(screenNow))
	env := newEnv(t, st)
	fam := familyOf(t, st, env.child)
	cg := fam.Caregivers[0]
	k := startKiosk(t, st, dir, 80, 24, screenNow)
	toCheckin(k)
	k.keys("enter", env.last4, "enter")
	k.waitFor("> " + model.MaskName(env.child) + " ")
	k.keys("enter")
	k.waitFor("请输入您的姓名作为签名")
	// The name has the focus; pick a relation that is not the
	// caregiver's.
	k.keys("王桂兰", "shift+tab", "shift+tab", "right")
	if model.Relations[1] == cg.Relation {
		k.keys("right")
	}
	k.keys("tab", "tab", "enter")
	k.waitFor("签到须知")
	k.keys("y")
	k.waitFor("已签到 5 组家庭")
	after := familyOf(t, st, env.child)
	var picked, signer *model.Caregiver
	for i := range after.Caregivers {
		switch after.Caregivers[i].Name {
		case cg.Name:
			picked = &after.Caregivers[i]
		case "王桂兰":
			signer = &after.Caregivers[i]
		}
	}
	if picked == nil || picked.Relation != cg.Relation || signer == nil || signer.Relation == cg.Relation || len(after.Caregivers) != len(fam.Caregivers)+1 {
		t.Fatalf("caregivers before %+v, after %+v", fam.Caregivers, after.Caregivers)
	}
	s := sessionByTitle(t, st, fixtureSession)
	sis, _ := st.SignIns(context.Background(), s.ID)
	if last := sis[len(sis)-1]; last.Caregiver != "王桂兰" || last.Relation != signer.Relation {
		t.Fatalf("the sign-in names %s (%s)", last.Caregiver, last.Relation)
	}
}
