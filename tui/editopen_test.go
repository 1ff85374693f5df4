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
	k.waitFor("e 修改  d 删除")
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
