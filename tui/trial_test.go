package tui

import (
	"context"
	"strings"
	"testing"

	"carekiosk/demo"
	"carekiosk/model"
)

// toAmend opens the PIN-checked sign-in correction list of the amend
// fixture's closed session.
func toAmend(t *testing.T, k *kiosk, id string) {
	t.Helper()
	k.tm.Send(gotoMsg{to: scrSummary, sessionID: id})
	k.waitFor("本次活动已结束")
	k.keys("i")
	k.waitFor("更正签到需要指导员 PIN")
	k.keys("2468", "enter")
	k.waitFor("选择要更正的签到")
}

// TestAmendReasonTakesPinyin: the reason of a sign-in correction and of a
// void is typed in Chinese with the kiosk's pinyin, like every other reason;
// before, the letters were stored as typed (原因：chongfuqiandao).
func TestAmendReasonTakesPinyin(t *testing.T) {
	ctx := context.Background()
	st, dir := copyStore(t, advancingClock(screenNow))
	s := amendFixture(t, st)
	k := startKiosk(t, st, dir, 80, 24, screenNow)
	k.waitFor(fixtureSession)
	toAmend(t, k, s.ID)
	k.keys("enter")
	k.waitFor("< 养育人与儿童关系 >")
	k.keys("enter", "enter")
	k.waitFor("更正原因  > _", "[中]")
	k.keys("chongfuqiandao")
	k.waitFor("1.重复签到")
	k.keys("space")
	k.waitFor("更正原因  > 重复签到")
	k.keys("enter", "enter")
	k.waitFor("签到更正已记录")
	changes, err := st.SignInChanges(ctx, s.ID)
	if err != nil || len(changes) != 1 || changes[0].Reason != "重复签到" {
		t.Fatalf("changes %+v %v", changes, err)
	}
	k.keys("esc")
	k.waitFor("本次活动已结束")
	k.keys("v")
	k.waitFor("作废活动需要指导员 PIN")
	k.keys("2468", "enter")
	k.waitFor("作废原因  > _", "[中]")
	k.keys("ceshi")
	k.waitFor("1.测试")
	k.keys("space")
	k.waitFor("作废原因  > 测试")
	k.keys("enter", "enter")
	k.waitFor("活动已作废")
	got, err := st.Session(ctx, s.ID)
	if err != nil || !got.Voided {
		t.Fatalf("not void: %+v %v", got, err)
	}
	if cs, _ := st.Corrections(ctx, s.ID); len(cs) == 0 || cs[len(cs)-1].Reason != "测试" {
		t.Errorf("the void's reason: %+v", cs)
	}
}

// TestPinyinPastTheLimitKeepsTyping: a sentence typed on without a pick
// past the 60 letters one composition holds puts the first candidate in and
// goes on composing the letters that follow; before, they were dropped
// without a word.
func TestPinyinPastTheLimitKeepsTyping(t *testing.T) {
	st, dir := copyStore(t, advancingClock(screenNow))
	k := startKiosk(t, st, dir, 80, 24, screenNow)
	toCheckin(k)
	unlockCheckin(k)
	k.keys("r")
	k.waitFor("每位家长介绍了孩子")
	k.keys("s")
	k.waitFor("活动总结")
	long := "jiazhangmendoulaileyouyigemamachidaoleshifenzhongdajiafenbie" // 60 letters
	if len(long) != 60 {
		t.Fatalf("%d letters", len(long))
	}
	k.keys(long)
	k.waitFor("dajiafenbie 1.")
	k.keys("jieshao")
	k.waitFor("jieshao 1.介绍", "家长们")
	k.keys("space")
	k.waitFor("分别介绍")
}

// TestVoidedSessionRestore: once a session is voided its screen says so
// and offers no second void; v there takes the void back (PIN, reason), and
// the session counts again, the void and its undoing both kept.
func TestVoidedSessionRestore(t *testing.T) {
	st, dir := copyStore(t, advancingClock(screenNow))
	s := amendFixture(t, st)
	if _, err := st.VoidSession(context.Background(), model.VoidInput{SessionID: s.ID, Who: "陈晓燕", Reason: "误开"}); err != nil {
		t.Fatal(err)
	}
	k := startKiosk(t, st, dir, 80, 24, screenNow)
	k.waitFor(fixtureSession)
	k.tm.Send(gotoMsg{to: scrSummary, sessionID: s.ID})
	screen := k.waitFor("本次活动已作废", "i 更正签到")
	if strings.Contains(screen, "v 作废活动") || !strings.Contains(screen, "v 撤销作废") {
		t.Errorf("the bottom line on a voided session should offer v 撤销作废, not v 作废活动:\n%s", screen)
	}
	k.keys("v")
	k.waitFor("撤销作废需要指导员 PIN")
	k.keys(demo.PIN, "enter")
	k.waitFor("撤销原因")
	k.keys("作废错了活动", "enter", "enter")
	k.waitFor("已撤销作废")
	got, err := st.Session(context.Background(), s.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Voided {
		t.Fatal("the session is still voided")
	}
	cs, err := st.Corrections(context.Background(), s.ID)
	if err != nil {
		t.Fatal(err)
	}
	var voids []string
	for _, c := range cs {
		if c.Field == model.FieldVoid {
			voids = append(voids, c.OldValue+">"+c.NewValue+":"+c.Reason)
		}
	}
	if len(voids) != 2 || voids[0] != ">voided:误开" || voids[1] != "voided>:作废错了活动" {
		t.Fatalf("void trail %q", voids)
	}
}

// TestHistoryRecordEnterOpensClosedSession: in history, enter on a closed
// session's record opens its screen, where i (sign-ins) and v (void) are;
// before, enter did nothing there and only x was offered. The bottom line
// offers x only on a closed session.
func TestHistoryRecordEnterOpensClosedSession(t *testing.T) {
	st, dir := copyStore(t, advancingClock(screenNow))
	s := amendFixture(t, st)
	k := startKiosk(t, st, dir, 80, 24, screenNow)
	k.waitFor(fixtureSession)
	k.tm.Send(gotoMsg{to: scrHistory, sessionID: s.ID})
	screen := k.waitFor("纠错测试", "活动记录", "enter 打开活动")
	if !strings.Contains(screen, "x 更正") {
		t.Errorf("the closed session's record does not offer x:\n%s", screen)
	}
	k.keys("enter")
	k.waitFor("本次活动已结束", "i 更正签到", "v 作废活动")
}

// TestBottomLineFollowsTheFocusedInput: in the new-session form the bottom
// line offers the focused input's own keys: nothing of a choice on a text
// field (where left moves the cursor and space is typed), left/right on the
// band, the cursor and space on the areas.
func TestBottomLineFollowsTheFocusedInput(t *testing.T) {
	st, dir := copyStore(t, advancingClock(screenNow))
	k := startKiosk(t, st, dir, 80, 24, screenNow)
	k.waitFor(fixtureSession)
	k.keys("n")
	bottom := func() string {
		lines := strings.Split(strings.TrimRight(k.waitFor("新建活动"), "\n "), "\n")
		return lines[len(lines)-1]
	}
	k.waitFor("日期        > ")
	if b := bottom(); strings.Contains(b, "left") || strings.Contains(b, "space") {
		t.Errorf("on the date field the bottom line offers a choice's keys: %s", b)
	}
	k.keys("tab")
	k.waitFor("活动月龄    > ")
	if b := bottom(); !strings.Contains(b, "left/right 改选项") {
		t.Errorf("on the band the bottom line does not offer left/right: %s", b)
	}
	k.keys("tab", "tab", "tab")
	k.waitFor("内容领域    > ")
	if b := bottom(); !strings.Contains(b, "space 选择") {
		t.Errorf("on the areas the bottom line does not offer space: %s", b)
	}
}
