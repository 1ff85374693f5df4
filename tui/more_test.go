package tui

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"carekiosk/demo"
	"carekiosk/model"
	"carekiosk/store"
)

// TestLiveSignInAppears: a sign-in stored elsewhere (the phone page) shows
// on the check-in screen without a key press.
func TestLiveSignInAppears(t *testing.T) {
	st, dir := copyStore(t, advancingClock(screenNow))
	env := newEnv(t, st)
	k := startKiosk(t, st, dir, 120, 40, screenNow)
	toCheckin(k)
	s := sessionByTitle(t, st, fixtureSession)
	fam := familyOf(t, st, env.child)
	cg := fam.Caregivers[0]
	if _, err := st.SignIn(context.Background(), model.SignInInput{SessionID: s.ID, FamilyID: fam.ID,
		Children: []model.ChildInput{{ChildID: fam.Children[0].ID, AgeMonths: -1}}, Caregiver: cg.Name, Phone: cg.Phone,
		Relation: cg.Relation, Method: model.MethodPhone, ConsentVersion: model.ConsentVersion, SignedName: cg.Name}); err != nil {
		t.Fatal(err)
	}
	k.waitFor("已签到 5 组家庭", model.MaskName(env.child))
	checkFits(t, k.view(), 120, 40)
}

// TestEnglishScreensFit runs the main screens in English; every line must
// still fit.
func TestEnglishScreensFit(t *testing.T) {
	for _, sz := range sizes {
		st, dir := copyStore(t, advancingClock(screenNow))
		ctx := context.Background()
		set, err := st.Settings(ctx)
		if err != nil {
			t.Fatal(err)
		}
		set.Lang = "en"
		if err := st.SaveSettings(ctx, set); err != nil {
			t.Fatal(err)
		}
		k := startKiosk(t, st, dir, sz[0], sz[1], screenNow)
		k.waitFor("Sessions to run", fixtureSession)
		checkFits(t, k.view(), sz[0], sz[1])
		k.keys("enter")
		k.waitFor("4 families, 4 children signed in")
		checkFits(t, k.view(), sz[0], sz[1])
		k.keys("enter")
		k.waitFor("Been here before?")
		checkFits(t, k.view(), sz[0], sz[1])
		k.keys("esc", "esc")
		k.waitFor("leaving the check-in screen needs the instructor PIN")
		k.keys(demo.PIN, "enter")
		k.waitFor("r run")
		k.keys("r")
		k.waitFor("Introductions")
		checkFits(t, k.view(), sz[0], sz[1])
		k.keys("s")
		k.waitFor("Activity record preview")
		checkFits(t, k.view(), sz[0], sz[1])
	}
}

// TestFirstRunSetsUpStation: after the PIN, the first run asks for the unit
// and station, creates them and lands on home.
func TestFirstRunSetsUpStation(t *testing.T) {
	dir := t.TempDir()
	st, err := store.Open(dir, store.Options{Clock: advancingClock(screenNow)})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	k := startKiosk(t, st, dir, 80, 24, screenNow)
	k.waitFor("第一次使用")
	k.keys("1357", "enter", "1357", "enter")
	k.waitFor("请填写单位和活动地点", "单位")
	k.keys("温溪片卫生院", "tab", "温溪镇社区卫生服务站", "tab", "tab", "王医生", "ctrl+s")
	k.waitFor("设置已保存")
	k.keys("esc")
	k.waitFor("温溪镇社区卫生服务站", "待进行的活动")
	set, err := st.Settings(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	stations, _ := st.Stations(context.Background())
	ins, _ := st.Instructors(context.Background())
	if len(stations) != 1 || stations[0].ID != set.StationID || stations[0].Name != "温溪镇社区卫生服务站" || len(ins) != 1 || ins[0].Name != "王医生" {
		t.Errorf("settings %+v stations %+v instructors %+v", set, stations, ins)
	}
}

// TestSettingsPhoneAddress: the phone server's port and the QR address are
// edited in the settings; a bad port is refused with a message and nothing
// saved; a good one is stored in full form and the screen says it applies
// at the next start.
func TestSettingsPhoneAddress(t *testing.T) {
	st, dir := copyStore(t, advancingClock(screenNow))
	k := startKiosk(t, st, dir, 80, 24, screenNow)
	k.waitFor("待进行的活动")
	k.keys("s")
	k.waitFor("设置需要指导员 PIN") // the home screen's help line says PIN too
	k.keys(demo.PIN, "enter")
	k.waitFor("手机签到端口")
	for range 6 {
		k.keys("tab")
	}
	k.keys("ctrl+u", "99999", "ctrl+s")
	k.waitFor("手机签到端口 99999 不对：请填 1-65535 的数字（如 8080）或 IP:端口")
	checkFits(t, k.view(), 80, 24)
	set, err := st.Settings(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if set.Listen != ":8080" {
		t.Fatalf("a bad port was saved: %q", set.Listen)
	}
	k.keys("ctrl+u", "８０８１", "tab", "192.168.8.8", "ctrl+s") // the port is the server's
	k.waitFor("手机签到地址在 carekiosk 重新启动后生效")
	// The address got the server's port, and the cursor stayed where it
	// was (a backspace now must not erase the unit).
	k.waitFor("二维码网址  > http://192.168.8.8:8081_")
	checkFits(t, k.view(), 80, 24)
	set, err = st.Settings(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if set.Listen != ":8081" || set.PublicURL != "http://192.168.8.8:8081" {
		t.Errorf("saved %q and %q", set.Listen, set.PublicURL)
	}
}

// TestEditAndDeletePlannedSession: from home, a planned session is changed
// (e) and deleted (d, then y); an open one is refused with a message, and a
// delete not confirmed keeps the session.
func TestEditAndDeletePlannedSession(t *testing.T) {
	st, dir := copyStore(t, advancingClock(screenNow))
	ctx := context.Background()
	set, _ := st.Settings(ctx)
	list, err := st.Sessions(ctx, model.SessionFilter{UnitID: set.UnitID, States: []model.SessionState{model.StatePlanned}})
	if err != nil || len(list) != 1 || list[0].Title != "幼儿语言发展促进" {
		t.Fatalf("the demo's planned session: %v %+v", err, list)
	}
	planned, err := st.Session(ctx, list[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	k := startKiosk(t, st, dir, 80, 24, screenNow)
	k.waitFor("待进行的活动", fixtureSession)

	k.keys("e") // the open session, with sign-ins, is selected first
	k.waitFor("只能修改或删除还没有人签到的活动")

	k.keys("down")
	k.waitFor("e 修改  d 删除")
	checkFits(t, k.view(), 80, 24)
	k.keys("e")
	k.waitFor("修改活动", "幼儿语言发展促进")
	checkFits(t, k.view(), 80, 24)
	k.keys("tab", "tab", "ctrl+u", "说说唱唱学语言", "ctrl+s")
	k.waitFor("活动已修改", "说说唱唱学语言")
	got, err := st.Session(ctx, planned.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != "说说唱唱学语言" || got.Date != planned.Date || got.Band != planned.Band || got.State != model.StatePlanned ||
		got.Segments[0].Planned != planned.Segments[0].Planned || got.Segments[1].Planned != planned.Segments[1].Planned {
		t.Fatalf("after the edit %+v\nwas %+v", got, planned)
	}

	k.keys("down", "d")
	k.waitFor("删除还没有人签到的活动", "按 y 删除")
	k.keys("x")
	k.waitFor("没有删除")
	if _, err := st.Session(ctx, planned.ID); err != nil {
		t.Fatalf("kept session: %v", err)
	}
	k.keys("d")
	k.waitFor("按 y 删除")
	k.keys("y")
	k.waitFor("已删除")
	if _, err := st.Session(ctx, planned.ID); model.ErrorCode(err) != model.ENOTFOUND {
		t.Fatalf("deleted session: %v", err)
	}
	k.waitGone("13-18月龄 说说唱唱学语言") // the list row; the message names it too
}

// TestSummaryEscKeepsTyping: esc over an unsaved summary asks first; only a
// second esc drops the typing, and nothing is stored either way.
func TestSummaryEscKeepsTyping(t *testing.T) {
	st, dir := copyStore(t, advancingClock(screenNow))
	k := startKiosk(t, st, dir, 80, 24, screenNow)
	toRunning(k)
	k.keys("s")
	k.waitFor("活动记录表预览", "活动总结（tab")
	k.keys("家长们都很认真", "esc")
	k.waitFor("总结还没有保存：ctrl+s 保存，再按 esc 放弃这次填写", "家长们都很认真")
	checkFits(t, k.view(), 80, 24)
	k.keys("esc")
	k.waitFor("自我介绍")
	s := sessionByTitle(t, st, fixtureSession)
	if !s.Summary.IsEmpty() {
		t.Fatalf("a summary was stored: %+v", s.Summary)
	}
	// With nothing typed, esc leaves at once.
	k.keys("s")
	k.waitFor("活动总结（tab")
	k.keys("esc")
	k.waitFor("自我介绍")
}

// TestSettingsUnchangedPhoneAddress: a port stored the short way ("8081")
// and saved unchanged does not claim a restart is needed.
func TestSettingsUnchangedPhoneAddress(t *testing.T) {
	st, dir := copyStore(t, advancingClock(screenNow))
	ctx := context.Background()
	set, _ := st.Settings(ctx)
	set.Listen = "8081"
	if err := st.SaveSettings(ctx, set); err != nil {
		t.Fatal(err)
	}
	k := startKiosk(t, st, dir, 80, 24, screenNow)
	k.waitFor("待进行的活动")
	k.keys("s")
	k.waitFor("设置需要指导员 PIN")
	k.keys(demo.PIN, "enter")
	k.waitFor("手机签到端口  8081")
	k.keys("ctrl+s")
	if v := k.waitFor("设置已保存"); strings.Contains(v, "重新启动") {
		t.Fatalf("an unchanged address asks for a restart:\n%s", v)
	}
}

// TestEditMissingSessionGoesHome: when the session to edit cannot be read
// (deleted meanwhile), the form does not sit there doing nothing: home
// shows why.
func TestEditMissingSessionGoesHome(t *testing.T) {
	st, dir := copyStore(t, advancingClock(screenNow))
	k := startKiosk(t, st, dir, 80, 24, screenNow)
	k.waitFor("待进行的活动")
	k.tm.Send(gotoMsg{to: scrNewSession, sessionID: "no-such-session"})
	k.waitFor("待进行的活动", "找不到活动")
}

// TestKioskNewFamilyFromQRScreen: ctrl+n on the family-facing QR screen
// opens the new-family form at once (as the help says), and a wrong phone
// number puts the cursor on the phone field with the message.
func TestKioskNewFamilyFromQRScreen(t *testing.T) {
	st, dir := copyStore(t, advancingClock(screenNow))
	k := startKiosk(t, st, dir, 80, 24, screenNow)
	toCheckin(k)
	k.waitFor("ctrl+n 新家庭")
	k.keys("ctrl+n")
	k.waitFor("登记新家庭")
	k.keys("李小宝", "tab", "8", "tab", "王芳", "tab", "1391234567", "tab", "tab", "王芳", "enter")
	k.waitFor("手机号码应为 11 位数字，以 1 开头", "1391234567_")
	checkFits(t, k.view(), 80, 24)
	k.keys("8", "enter", "enter", "enter") // on to 签名, where enter signs
	k.waitFor("签到须知", "为 李*宝 签到")
	k.keys("y")
	k.waitFor("李*宝", "139****5678")
}

// TestPlanFutureSessionSays: saving a session for another day says it was
// saved and where to open it, instead of silently going home.
func TestPlanFutureSessionSays(t *testing.T) {
	st, dir := copyStore(t, advancingClock(screenNow))
	k := startKiosk(t, st, dir, 80, 24, screenNow)
	k.waitFor("待进行的活动")
	k.keys("n")
	k.waitFor("计划一次养育照护小组活动")
	k.keys("ctrl+u", "2026-11-30", "tab", "tab", "下周的亲子游戏", "ctrl+s")
	k.waitFor("已保存：2026-11-30 的活动 下周的亲子游戏，当天在首页打开签到", "待进行的活动")
	checkFits(t, k.view(), 80, 24)
}

// TestWithdrawWrongSignIn: with the PIN, the instructor selects a sign-in
// made by mistake and withdraws it (x, then y); another key keeps it.
func TestWithdrawWrongSignIn(t *testing.T) {
	st, dir := copyStore(t, advancingClock(screenNow))
	k := startKiosk(t, st, dir, 80, 24, screenNow)
	toCheckin(k)
	k.waitFor("已签到 4 组家庭", "朱*怡") // the list faces families
	k.keys("esc")
	k.waitFor("离开签到屏需要指导员 PIN")
	k.keys(demo.PIN, "enter")
	k.waitFor("签到有误：上下选中那一行，按 x 撤销")
	k.keys("down", "x")
	k.waitFor("撤销第 2 号 朱佳怡 的签到？")
	k.keys("n")
	k.waitFor("没有撤销")
	s := sessionByTitle(t, st, fixtureSession)
	if sis, _ := st.SignIns(context.Background(), s.ID); len(sis) != 4 {
		t.Fatalf("%d sign-ins after keeping", len(sis))
	}
	k.keys("x")
	k.waitFor("撤销第 2 号 朱佳怡 的签到？")
	k.keys("y")
	k.waitFor("已撤销第 2 号 朱佳怡 的签到（记录留存）", "已签到 3 组家庭")
	k.waitGone("2 朱佳怡")
	checkFits(t, k.view(), 80, 24)
	sis, _ := st.SignIns(context.Background(), s.ID)
	for _, si := range sis {
		if si.ChildName == "朱佳怡" {
			t.Fatal("the withdrawn sign-in is still on the sheet")
		}
	}
	if len(sis) != 3 {
		t.Fatalf("%d sign-ins after withdrawing", len(sis))
	}
}

// TestClosedSummaryNamesRevision: at 80x24, where the corrections list
// does not fit, the closed session's screen says which revision the record
// is and how many corrections it has.
func TestClosedSummaryNamesRevision(t *testing.T) {
	st, dir := copyStore(t, advancingClock(screenNow))
	ctx := context.Background()
	closed, err := st.Sessions(ctx, model.SessionFilter{States: []model.SessionState{model.StateClosed}})
	if err != nil {
		t.Fatal(err)
	}
	var id string
	var n, rev int
	for _, s := range closed {
		if cs, _ := st.Corrections(ctx, s.ID); len(cs) > 0 {
			id, n, rev = s.ID, len(cs), s.Revision
			break
		}
	}
	if id == "" {
		t.Fatal("the demo has no corrected session")
	}
	k := startKiosk(t, st, dir, 80, 24, screenNow)
	k.waitFor("待进行的活动")
	k.tm.Send(gotoMsg{to: scrSummary, sessionID: id})
	k.waitFor("本次活动已结束", fmt.Sprintf("本表为第 %d 版，已更正 %d 次", rev, n))
	checkFits(t, k.view(), 80, 24)
}

// longURL is a check-in address as long as a real token makes it.
type longURL struct{}

func (longURL) URL(string) string {
	return "http://192.168.100.200:8080/c/AaIDdRAAcgGJWv9K87b5ADvyVjA95zMu0x0Fr"
}

// TestQRAddressOneLineWhenWide: on a large screen the check-in address is
// on one line (to read out or type), not wrapped at the QR code's width.
func TestQRAddressOneLineWhenWide(t *testing.T) {
	st, dir := copyStore(t, advancingClock(screenNow))
	k := startModel(t, New(Options{Store: st, Clock: fixedClock(screenNow), URL: longURL{}, DataDir: dir}), 160, 45)
	toCheckin(k)
	v := k.waitFor("已签到 4 组家庭")
	if !strings.Contains(v, longURL{}.URL("")) {
		t.Fatalf("the address is not on one line at 160x45:\n%s", v)
	}
	checkFits(t, k.view(), 160, 45)
}

// TestSummaryPreviewFollowsLateSignIn: a family signing in on a phone
// while the instructor writes the summary shows in the preview at once,
// and what was typed stays.
func TestSummaryPreviewFollowsLateSignIn(t *testing.T) {
	st, dir := copyStore(t, advancingClock(screenNow))
	k := startKiosk(t, st, dir, 120, 40, screenNow)
	toRunning(k)
	k.keys("s")
	k.waitFor("活动总结（tab", "参与家庭：4 组")
	k.keys("家长配合很好")
	s := sessionByTitle(t, st, fixtureSession)
	if _, err := st.SignIn(context.Background(), model.SignInInput{SessionID: s.ID, Children: []model.ChildInput{{Name: "晚来宝", AgeMonths: 8}},
		Phone: "13700009999", Relation: model.RelMother, Method: model.MethodPhone, SignedName: "晚妈妈", ConsentVersion: model.ConsentVersion}); err != nil {
		t.Fatal(err)
	}
	k.waitFor("参与家庭：5 组", "家长配合很好")
}

// TestHistoryNotesWithdrawnSignIn: the history screen's 签到表 says which
// 序号 was withdrawn, by whom and why, as the exported form does.
func TestHistoryNotesWithdrawnSignIn(t *testing.T) {
	st, dir := copyStore(t, advancingClock(screenNow))
	ctx := context.Background()
	s := sessionByTitle(t, st, fixtureSession)
	sis, err := st.SignIns(ctx, s.ID)
	if err != nil || len(sis) < 2 {
		t.Fatal(err, len(sis))
	}
	if err := st.WithdrawSignIn(ctx, model.WithdrawInput{SessionID: s.ID, SignInID: sis[1].ID, Who: "陈晓燕", Reason: "重复签到"}); err != nil {
		t.Fatal(err)
	}
	k := startKiosk(t, st, dir, 120, 40, screenNow)
	k.waitFor("待进行的活动")
	k.tm.Send(gotoMsg{to: scrHistory, sessionID: s.ID})
	k.waitFor(fixtureSession)
	k.keys("tab")
	k.waitFor(fmt.Sprintf("注：序号 %d（%s）的签到已撤销：重复签到（陈晓燕，", sis[1].Seq, sis[1].ChildName))
	checkFits(t, k.view(), 120, 40)
}

// toRunning goes from home to the fixture session's running screen, as the
// instructor does: open check-in, esc and the PIN, r.
func toRunning(k *kiosk) {
	k.t.Helper()
	toCheckin(k)
	unlockCheckin(k)
	k.keys("r")
	k.waitFor("自我介绍")
}

// TestPlanPastSessionRefused: a new session dated before today is refused
// with a message and the cursor on the date; nothing is stored.
func TestPlanPastSessionRefused(t *testing.T) {
	st, dir := copyStore(t, advancingClock(screenNow))
	ctx := context.Background()
	before, _ := st.Sessions(ctx, model.SessionFilter{})
	k := startKiosk(t, st, dir, 80, 24, screenNow)
	k.waitFor("待进行的活动")
	k.keys("n")
	k.waitFor("计划一次养育照护小组活动")
	k.keys("ctrl+u", "2026-11-01", "tab", "tab", "过去的活动", "ctrl+s")
	k.waitFor("活动日期 2026-11-01 已经过去：请选今天或以后的日期", "2026-11-01_")
	checkFits(t, k.view(), 80, 24)
	if after, _ := st.Sessions(ctx, model.SessionFilter{}); len(after) != len(before) {
		t.Fatalf("%d sessions stored, %d before", len(after), len(before))
	}
}
