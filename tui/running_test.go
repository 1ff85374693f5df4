package tui

import (
	"context"
	"testing"
	"time"

	"carekiosk/model"
)

// TestRunningKeysWhileSaving: three quick + add fifteen planned minutes;
// keys pressed while the first save runs wait their turn instead of being
// dropped.
func TestRunningKeysWhileSaving(t *testing.T) {
	st, dir := copyStore(t, advancingClock(screenNow))
	k := startKiosk(t, st, dir, 80, 24, screenNow)
	toRunning(k)
	s := sessionByTitle(t, st, fixtureSession)
	before := s.Segments[0].PlannedMinutes
	k.keys("+", "+", "+")
	want := before + 15
	deadline := time.Now().Add(10 * time.Second)
	for {
		got, err := st.Session(context.Background(), s.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Segments[0].PlannedMinutes == want {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("planned minutes %d after three +, want %d", got.Segments[0].PlannedMinutes, want)
		}
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(200 * time.Millisecond) // nothing more arrives
	if got, _ := st.Session(context.Background(), s.ID); got.Segments[0].PlannedMinutes != want {
		t.Fatalf("planned minutes moved on to %d", got.Segments[0].PlannedMinutes)
	}
}

// TestRunningRestartAsks: p then space on a segment that has ended asks
// before it starts again at 00:00; any other key keeps its times.
func TestRunningRestartAsks(t *testing.T) {
	st, dir := copyStore(t, advancingClock(screenNow))
	k := startKiosk(t, st, dir, 80, 24, screenNow)
	toRunning(k)
	k.keys("space")
	k.waitFor("进行中")
	k.keys("n")
	k.waitFor("已结束", "进行中")
	s := sessionByTitle(t, st, fixtureSession)
	ended := s.Segments[0]
	if ended.EndedAt.IsZero() {
		t.Fatalf("the first segment did not end: %+v", ended)
	}
	k.keys("p", "space")
	k.waitFor("已经结束")
	time.Sleep(200 * time.Millisecond)
	if got := sessionByTitle(t, st, fixtureSession).Segments[0]; !got.StartedAt.Equal(ended.StartedAt) || got.EndedAt.IsZero() {
		t.Fatalf("space on an ended segment changed it without asking: %+v", got)
	}
	k.keys("down", "up", "space") // another key in between: asked again
	k.waitFor("已经结束")
	k.keys("space")
	deadline := time.Now().Add(10 * time.Second)
	for {
		got := sessionByTitle(t, st, fixtureSession).Segments[0]
		if got.EndedAt.IsZero() && !got.StartedAt.IsZero() {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("a confirmed restart did not start the segment: %+v", got)
		}
		time.Sleep(20 * time.Millisecond)
	}
	_ = model.SegIntroductions
}

// TestKioskNewFamilySiblings: the kiosk's new-family form takes a second
// child (ctrl+a) in the same form: one consent notice for both, one family.
func TestKioskNewFamilySiblings(t *testing.T) {
	st, dir := copyStore(t, advancingClock(screenNow))
	k := startKiosk(t, st, dir, 80, 24, screenNow)
	toCheckin(k)
	k.keys("enter")
	k.waitFor("来过的家庭")
	k.keys("ctrl+n")
	k.waitFor("登记新家庭", "ctrl+a")
	k.keys("李小宝", "tab", "8", "ctrl+a")
	k.waitFor("孩子姓名 2")
	k.keys("李小贝", "tab", "30", "tab", "王芳", "tab", "13900001234", "tab", "tab", "王芳", "enter")
	k.waitFor("签到须知", "为 李*宝、李*贝 签到")
	k.keys("y")
	k.waitFor("已签到 5 组家庭，6 名儿童", "李*贝")
	s := sessionByTitle(t, st, fixtureSession)
	sis, _ := st.SignIns(context.Background(), s.ID)
	a, b := sis[len(sis)-2], sis[len(sis)-1]
	if a.ChildName != "李小宝" || b.ChildName != "李小贝" || a.FamilyID != b.FamilyID || a.AgeMonths != 8 || b.AgeMonths != 30 ||
		a.ConsentVersion != model.ConsentVersion || b.ConsentVersion != model.ConsentVersion {
		t.Fatalf("siblings: %+v / %+v", a, b)
	}
	checkFits(t, k.view(), 80, 24)
}
