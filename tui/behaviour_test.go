package tui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"carekiosk/demo"
	"carekiosk/model"
	"carekiosk/store"
)

func sessionByTitle(t *testing.T, st *store.Store, title string) *model.Session {
	t.Helper()
	all, err := st.Sessions(context.Background(), model.SessionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for i := range all {
		if all[i].Title == title {
			return &all[i]
		}
	}
	t.Fatalf("no session %q", title)
	return nil
}

func familyOf(t *testing.T, st *store.Store, child string) model.Family {
	t.Helper()
	fams, err := st.FindFamilies(context.Background(), model.FamilyQuery{ChildName: child})
	if err != nil || len(fams) != 1 {
		t.Fatalf("family of %s: %v %d", child, err, len(fams))
	}
	return fams[0]
}

// TestScannerChecksInFamily: a card code typed by the scanner plus Enter,
// from the list or from inside the kiosk form, shows the family's children
// and asks for a name: the card alone signs nobody. The caregiver types a
// name, or the instructor signs for them and the sign-in says so.
func TestScannerChecksInFamily(t *testing.T) {
	st, dir := copyStore(t, advancingClock(screenNow))
	env := newEnv(t, st)
	k := startKiosk(t, st, dir, 80, 24, screenNow)
	toCheckin(k)
	fam := familyOf(t, st, env.child)
	k.keys(fam.CardCode, "enter")
	k.waitFor("请输入您的姓名作为签名", "["+model.MaskName(env.child))
	s := sessionByTitle(t, st, fixtureSession)
	if sis, _ := st.SignIns(context.Background(), s.ID); len(sis) != 4 {
		t.Fatalf("the scan alone stored a sign-in: %d", len(sis))
	}
	k.keys("王桂兰", "enter")
	k.waitFor("签到须知", "为 "+model.MaskName(env.child)+" 签到") // never agreed: asked first
	k.keys("y")
	k.waitFor("已签到 5 组家庭", model.MaskName(env.child)) // the list faces families

	// From inside the search form: the card's family replaces the search;
	// the instructor signs for the caregiver.
	other, err := st.FamiliesDue(context.Background(), model.AgeBand{Min: 10, Max: 12}, model.MustDate("2026-11-22"), model.MustDate("2026-11-22"), 1)
	if err != nil || len(other) != 1 {
		t.Fatal(err, len(other))
	}
	k.keys("enter")
	k.waitFor("来过的家庭")
	k.keys("12", other[0].Family.CardCode, "enter")
	k.waitFor("谁签名", model.MaskName(other[0].Child.Name))
	// Outside the band: not ticked, space ticks it.
	if v := k.view(); strings.Contains(v, "["+model.MaskName(other[0].Child.Name)) {
		t.Fatalf("a child outside the band was ticked:\n%s", v)
	}
	if len(other[0].Family.Children) == 1 {
		k.keys("shift+tab", "shift+tab", "shift+tab", "shift+tab")
	}
	k.keys("space")
	k.waitFor("[" + model.MaskName(other[0].Child.Name))
	k.keys("tab", "tab", "tab", "right")
	k.waitFor("代签指导员", "陈晓燕")
	k.keys("tab", "enter")
	k.waitFor("签到须知", "为 "+model.MaskName(other[0].Child.Name))
	k.keys("y")
	k.waitFor("已签到 6 组家庭", model.MaskName(other[0].Child.Name))

	sis, err := st.SignIns(context.Background(), s.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(sis) != 6 {
		t.Fatalf("%d sign-ins, want 6", len(sis))
	}
	want := []struct {
		fam    model.Family
		signed string
		by     bool
	}{{fam, "王桂兰", false}, {other[0].Family, "陈晓燕", true}}
	for i, w := range want {
		si := sis[4+i]
		if si.FamilyID != w.fam.ID || si.Method != model.MethodCard || si.SignedName != w.signed || si.ByInstructor != w.by || si.ConsentVersion != model.ConsentVersion {
			t.Errorf("card sign-in %d: %+v", i, si)
		}
	}
	// The same card again: the child shows as signed in, nothing ticked,
	// nothing stored.
	k.keys(fam.CardCode, "enter")
	k.waitFor(model.MaskName(env.child) + " ")
	k.waitFor("(已签)")
	if sis2, _ := st.SignIns(context.Background(), s.ID); len(sis2) != 6 {
		t.Errorf("a second scan made %d sign-ins", len(sis2))
	}
}

// TestCheckinCannotBeQuit: ctrl+c on the check-in screen does not end the
// program; leaving needs the PIN; quitting is then an instructor act.
func TestCheckinCannotBeQuit(t *testing.T) {
	st, dir := copyStore(t, advancingClock(screenNow))
	k := startKiosk(t, st, dir, 80, 24, screenNow)
	toCheckin(k)
	k.keys("ctrl+c")
	k.waitFor("签到屏不能退出")
	k.tm.Send(tea.InterruptMsg{})
	k.waitFor("签到屏不能退出", "已签到 4 组家庭")
	unlockCheckin(k)
	k.keys("q")
	k.tm.WaitFinished(t)
}

// TestPINLocksAfterFiveWrongTries: five wrong PINs lock for a minute; the
// right PIN is refused while locked.
func TestPINLocksAfterFiveWrongTries(t *testing.T) {
	st, dir := copyStore(t, advancingClock(screenNow))
	k := startKiosk(t, st, dir, 80, 24, screenNow)
	k.waitFor(fixtureSession)
	k.keys("s")
	k.waitFor("设置需要指导员 PIN")
	for i := 1; i <= 4; i++ {
		k.keys("0000", "enter")
		k.waitFor(fmt.Sprintf("还可再试 %d 次", 5-i))
	}
	k.keys("0000", "enter")
	k.waitFor("已锁定 1 分钟")
	k.keys(demo.PIN, "enter")
	k.waitFor("秒后再试")
	if strings.Contains(k.view(), "任务数") {
		t.Fatal("settings opened while locked")
	}
}

// TestCorrectionAfterClose: a closed session changes only through a
// correction with a reason, shown in its history.
func TestCorrectionAfterClose(t *testing.T) {
	st, dir := copyStore(t, advancingClock(screenNow))
	k := startKiosk(t, st, dir, 120, 40, screenNow)
	k.waitFor(fixtureSession)
	openHistory(k)
	k.waitFor("全部月份")
	k.keys("down", "down", "enter")
	k.waitFor("活动记录表")
	k.keys("x")
	k.waitFor("更正已结束的活动")
	k.keys("tab", "ctrl+u", "更正后的标题", "enter", "enter", "enter") // reason left empty
	k.waitFor("更正必须写明原因")
	k.keys("up", "标题写错了", "enter", "enter")
	k.waitFor("更正已记录", "更正后的标题", "标题写错了")
	s := sessionByTitle(t, st, "更正后的标题")
	cs, err := st.Corrections(context.Background(), s.ID)
	if err != nil {
		t.Fatal(err)
	}
	last := cs[len(cs)-1]
	if last.Field != model.FieldTitle || last.NewValue != "更正后的标题" || last.Reason != "标题写错了" || last.OldValue == "" {
		t.Errorf("correction %+v", last)
	}
}

// TestHistoryNeedsPIN: the history's sign-in sheets name the children in
// full, so a family at the kiosk cannot open it: h asks for the PIN, and esc
// there leads back home without showing it.
func TestHistoryNeedsPIN(t *testing.T) {
	st, dir := copyStore(t, advancingClock(screenNow))
	k := startKiosk(t, st, dir, 80, 24, screenNow)
	k.waitFor(fixtureSession)
	k.keys("h")
	k.waitFor("历史活动（含签到表）需要指导员 PIN")
	k.keys("esc")
	if v := k.waitFor("待进行的活动"); strings.Contains(v, "全部月份") {
		t.Fatalf("the history showed without the PIN:\n%s", v)
	}
	k.keys("h")
	k.waitFor("历史活动（含签到表）需要指导员 PIN")
	k.keys("1111", "enter")
	if v := k.waitFor("PIN"); strings.Contains(v, "全部月份") {
		t.Fatalf("the history showed after a wrong PIN:\n%s", v)
	}
}

// TestFamilyCardPNG writes a family card image from the families screen.
func TestFamilyCardPNG(t *testing.T) {
	st, dir := copyStore(t, advancingClock(screenNow))
	env := newEnv(t, st)
	k := startKiosk(t, st, dir, 80, 24, screenNow)
	k.waitFor(fixtureSession)
	k.keys("f")
	k.waitFor("家庭名单需要指导员 PIN")
	k.keys(demo.PIN, "enter")
	k.waitFor("手机后4位 / 手机号")
	k.keys(env.child, "enter")
	k.waitFor("> " + env.child + " ")
	k.keys("enter")
	k.waitFor("家庭卡号")
	k.keys("p")
	k.waitFor("家庭卡已保存")
	fam := familyOf(t, st, env.child)
	b, err := os.ReadFile(filepath.Join(dir, "cards", fam.CardCode+".png"))
	if err != nil {
		t.Fatal(err)
	}
	if !model.IsPNG(b) || len(b) < 2000 {
		t.Fatalf("card is not a PNG (%d bytes)", len(b))
	}
	// The card holds the family's code: the owner only, whatever the umask.
	for p, want := range map[string]os.FileMode{filepath.Join(dir, "cards"): 0o700, filepath.Join(dir, "cards", fam.CardCode+".png"): 0o600} {
		if fi, err := os.Stat(p); err != nil || fi.Mode().Perm() != want {
			t.Errorf("%s: %v %v, want %04o", p, fi.Mode().Perm(), err, want)
		}
	}
}

// TestKioskNewFamily registers a family without a smartphone at the kiosk.
func TestKioskNewFamily(t *testing.T) {
	st, dir := copyStore(t, advancingClock(screenNow))
	k := startKiosk(t, st, dir, 80, 24, screenNow)
	toCheckin(k)
	k.keys("enter")
	k.waitFor("来过的家庭")
	k.keys("ctrl+n")
	k.waitFor("登记新家庭")
	k.keys("李小宝", "tab", "8个月", "tab", "王芳", "tab", "13900001234", "tab", "right", "tab", "王芳", "enter")
	k.waitFor("请输入出生日期")
	for range 2 { // "8个月" becomes "8"
		k.tm.Send(tea.KeyPressMsg{Code: tea.KeyBackspace})
	}
	k.keys("enter", "enter", "enter", "enter", "enter")
	k.waitFor("签到须知", "为 李*宝 签到")
	k.keys("y")
	k.waitFor("已签到 5 组家庭", "李*宝") // the list faces families
	s := sessionByTitle(t, st, fixtureSession)
	sis, _ := st.SignIns(context.Background(), s.ID)
	si := sis[len(sis)-1]
	if si.ChildName != "李小宝" || si.AgeMonths != 8 || si.Phone != "13900001234" || si.Relation != model.RelFather || si.SignedName != "王芳" || si.Method != model.MethodKiosk || si.ConsentVersion != model.ConsentVersion {
		t.Errorf("new family sign-in %+v", si)
	}
}

// TestResizeNeverBreaks resizes every main screen through small, odd and
// large sizes; no line may be wider than the terminal.
func TestResizeNeverBreaks(t *testing.T) {
	st, dir := copyStore(t, advancingClock(screenNow))
	k := startKiosk(t, st, dir, 80, 24, screenNow)
	sizes := [][2]int{{40, 12}, {81, 25}, {100, 30}, {200, 60}, {60, 20}, {80, 24}}
	check := func(name string) {
		for _, sz := range sizes {
			k.tm.Send(tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
			v := k.view()
			t.Run(fmt.Sprintf("%s_%dx%d", name, sz[0], sz[1]), func(t *testing.T) { checkFits(t, v, sz[0], sz[1]) })
		}
	}
	k.waitFor(fixtureSession)
	check("home")
	openHistory(k)
	k.waitFor("全部月份")
	check("history")
	k.keys("esc")
	k.waitFor("待进行的活动", fixtureSession)
	k.keys("enter")
	k.waitFor("已签到 4 组家庭")
	check("checkin")
	unlockCheckin(k)
	k.keys("r")
	k.waitFor("自我介绍")
	check("running")
	k.keys("s")
	k.waitFor("活动记录表预览")
	check("summary")
}

// TestPhoneOffShowsNoQR: with the phone server off, the check-in screen
// shows why and how to sign in at the kiosk, never a QR code that leads
// nowhere.
func TestPhoneOffShowsNoQR(t *testing.T) {
	st, dir := copyStore(t, advancingClock(screenNow))
	m := New(Options{Store: st, Clock: fixedClock(screenNow), URL: fixedURL{}, PhoneOff: "本次以 --no-phone 启动", DataDir: dir})
	k := startModel(t, m, 80, 24)
	k.waitFor(fixtureSession)
	k.keys("enter")
	v := k.waitFor("手机签到未开启", "本次以 --no-phone 启动", "请按回车在这里签到")
	if strings.Contains(v, "http://") || strings.Contains(v, "▀") {
		t.Errorf("a QR code or URL is shown with phone check-in off:\n%s", v)
	}
	checkFits(t, k.view(), 80, 24)
}

// TestPlannedSessionOfAnotherDayAsks: enter on a session planned for
// another day asks first, saying the date will become today; only a second
// enter opens it for check-in, dated today.
func TestPlannedSessionOfAnotherDayAsks(t *testing.T) {
	st, dir := copyStore(t, advancingClock(screenNow))
	ctx := context.Background()
	set, _ := st.Settings(ctx)
	future, err := st.CreateSession(ctx, model.NewSessionInput{Date: model.MustDate("2026-11-29"), StationID: set.StationID,
		Band: model.AgeBand{Min: 0, Max: 3}, Title: "下周的活动", Instructor: "夏伟晓"})
	if err != nil {
		t.Fatal(err)
	}
	k := startKiosk(t, st, dir, 120, 40, screenNow)
	k.waitFor("下周的活动")
	for i := 0; i < 10 && !strings.Contains(k.view(), "> 2026-11-29"); i++ {
		k.keys("down")
	}
	k.waitFor("> 2026-11-29")
	k.keys("enter")
	k.waitFor("这是 2026-11-29 的活动。今天开始签到，日期将改为今天（2026-11-22）")
	if s, _ := st.Session(ctx, future.ID); s.State != model.StatePlanned || s.Date != future.Date {
		t.Fatalf("changed on the first enter: %s %s", s.State, s.Date)
	}
	k.keys("enter")
	k.waitFor("已签到 0 组家庭", "2026-11-22")
	// Opened today, it is today's session: the forms and the children's
	// 月龄 count to the day it happened.
	s, _ := st.Session(ctx, future.ID)
	if s.State != model.StateOpen || s.Date != model.MustDate("2026-11-22") || s.Title != future.Title || s.Band != future.Band {
		t.Fatalf("after confirming: %s %s %q %s", s.State, s.Date, s.Title, s.Band)
	}
}

// TestRestartResumesCheckin: a kiosk restarted while a session is open for
// check-in comes back on the family-facing check-in screen, which needs the
// PIN to leave, not on the instructor's home.
func TestRestartResumesCheckin(t *testing.T) {
	st, dir := copyStore(t, advancingClock(screenNow))
	m := New(Options{Store: st, Clock: fixedClock(screenNow), URL: fixedURL{}, DataDir: dir, ResumeCheckin: true})
	k := startModel(t, m, 80, 24)
	k.waitFor("已签到", fixtureSession)
	k.keys("f")
	k.keys("esc")
	k.waitFor("PIN")
	if v := k.view(); strings.Contains(v, "手机后4位 / 手机号") {
		t.Fatalf("the families screen opened from check-in without the PIN:\n%s", v)
	}
}

// TestKioskAcceptsOlderSibling: an age from 37 up to model.MaxSignInAgeMonths
// typed at the kiosk is accepted (with the outside-band note), as on the
// phone and in the model; one month more is refused.
func TestKioskAcceptsOlderSibling(t *testing.T) {
	st, dir := copyStore(t, advancingClock(screenNow))
	k := startKiosk(t, st, dir, 80, 24, screenNow)
	toCheckin(k)
	k.keys("enter")
	k.waitFor("来过的家庭")
	k.keys("ctrl+n")
	k.waitFor("登记新家庭")
	k.keys("李大宝", "tab", strconv.Itoa(model.MaxSignInAgeMonths+1), "tab", "王芳", "tab", "13900001234", "tab", "right", "tab", "王芳", "enter")
	k.waitFor("请输入出生日期")
	for range 2 {
		k.tm.Send(tea.KeyPressMsg{Code: tea.KeyBackspace})
	}
	k.keys("48", "enter", "enter", "enter", "enter", "enter")
	k.waitFor("签到须知", "为 李*宝 签到")
	k.keys("y")
	k.waitFor("已签到 5 组家庭", "李*宝") // the list faces families
	s := sessionByTitle(t, st, fixtureSession)
	sis, _ := st.SignIns(context.Background(), s.ID)
	si := sis[len(sis)-1]
	if si.ChildName != "李大宝" || si.AgeMonths != 48 || !si.OutsideBand {
		t.Errorf("older sibling sign-in %+v", si)
	}
}
