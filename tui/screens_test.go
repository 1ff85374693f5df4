package tui

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"

	"carekiosk/demo"
	"carekiosk/model"
	"carekiosk/store"
)

// scenario drives the kiosk from the home screen to one screen.
type scenario struct {
	name string
	run  func(k *kiosk, env *scenarioEnv) string
}

type scenarioEnv struct {
	st    *store.Store
	last4 string // phone digits of a family not yet signed in
	child string // that family's child
}

// toCheckin opens today's session (the first one listed) for check-in.
func toCheckin(k *kiosk) string {
	k.waitFor(fixtureSession)
	k.keys("enter")
	return k.waitFor("已签到 4 组家庭")
}

// unlockCheckin opens the instructor bar on the check-in screen: esc, then
// the PIN.
// openHistory opens the history from home: its sign-in sheets are the
// instructor's, so it asks for the PIN first.
func openHistory(k *kiosk) {
	k.keys("h")
	k.waitFor("历史活动（含签到表）需要指导员 PIN")
	k.keys(demo.PIN, "enter")
}

func unlockCheckin(k *kiosk) string {
	k.keys("esc")
	k.waitFor("离开签到屏需要指导员 PIN")
	k.keys(demo.PIN, "enter")
	return k.waitFor("r 进行活动")
}

var scenarios = []scenario{
	{"home", func(k *kiosk, _ *scenarioEnv) string {
		return k.waitFor("待进行的活动", fixtureSession, "待邀请的家庭")
	}},
	{"new_session", func(k *kiosk, _ *scenarioEnv) string {
		k.waitFor(fixtureSession)
		k.keys("n")
		k.waitFor("计划一次")
		k.keys("tab", "right", "right", "tab", "认识情绪")
		return k.waitFor("认识情绪", "7-9月龄")
	}},
	{"checkin", func(k *kiosk, _ *scenarioEnv) string { return toCheckin(k) }},
	{"kiosk_search", func(k *kiosk, env *scenarioEnv) string {
		toCheckin(k)
		k.keys("enter", env.last4, "enter")
		return k.waitFor("> " + model.MaskName(env.child) + " ")
	}},
	{"kiosk_pick", func(k *kiosk, env *scenarioEnv) string {
		toCheckin(k)
		k.keys("enter", env.last4, "enter")
		k.waitFor("> " + model.MaskName(env.child) + " ")
		k.keys("enter")
		return k.waitFor("请输入您的姓名作为签名")
	}},
	{"kiosk_new_family", func(k *kiosk, _ *scenarioEnv) string {
		toCheckin(k)
		k.keys("enter", "ctrl+n", "李小宝", "tab", "8")
		return k.waitFor("登记新家庭", "李小宝")
	}},
	{"pin_prompt", func(k *kiosk, _ *scenarioEnv) string {
		toCheckin(k)
		k.keys("esc")
		return k.waitFor("离开签到屏需要指导员 PIN")
	}},
	{"checkin_unlocked", func(k *kiosk, _ *scenarioEnv) string {
		toCheckin(k)
		return unlockCheckin(k)
	}},
	{"running", func(k *kiosk, _ *scenarioEnv) string {
		toCheckin(k)
		unlockCheckin(k)
		k.keys("r")
		k.waitFor("每位家长介绍了孩子")
		k.keys("space")
		k.waitFor("进行中")
		k.keys("n")
		return k.waitFor("已结束", "进行中")
	}},
	{"summary", func(k *kiosk, _ *scenarioEnv) string {
		toCheckin(k)
		unlockCheckin(k)
		k.keys("r")
		k.waitFor("每位家长介绍了孩子")
		k.keys("s")
		return k.waitFor("活动记录表预览", "月龄分布")
	}},
	{"history", func(k *kiosk, _ *scenarioEnv) string {
		k.waitFor(fixtureSession)
		openHistory(k)
		return k.waitFor("全部月份", fixtureSession)
	}},
	{"history_record", func(k *kiosk, _ *scenarioEnv) string {
		k.waitFor(fixtureSession)
		openHistory(k)
		k.waitFor("全部月份")
		k.keys("down", "down", "enter")
		return k.waitFor("活动记录表", "活动总结")
	}},
	{"history_signin_sheet", func(k *kiosk, _ *scenarioEnv) string {
		k.waitFor(fixtureSession)
		openHistory(k)
		k.waitFor("全部月份")
		k.keys("down", "down", "enter")
		k.waitFor("活动记录表")
		k.keys("tab")
		return k.waitFor("家长签字")
	}},
	{"families", func(k *kiosk, env *scenarioEnv) string {
		k.waitFor(fixtureSession)
		k.keys("f")
		k.waitFor("家庭名单需要指导员 PIN")
		k.keys(demo.PIN, "enter")
		k.waitFor("手机后4位 / 手机号")
		k.keys(env.child, "enter")
		return k.waitFor("> " + env.child + " ")
	}},
	{"family_detail", func(k *kiosk, env *scenarioEnv) string {
		k.waitFor(fixtureSession)
		k.keys("f")
		k.waitFor("家庭名单需要指导员 PIN")
		k.keys(demo.PIN, "enter")
		k.waitFor("手机后4位 / 手机号")
		k.keys(env.child, "enter")
		k.waitFor("> " + env.child + " ")
		k.keys("enter")
		return k.waitFor("家庭卡号", "参加次数")
	}},
	{"settings", func(k *kiosk, _ *scenarioEnv) string {
		k.waitFor(fixtureSession)
		k.keys("s")
		k.waitFor("设置需要指导员 PIN")
		k.keys(demo.PIN, "enter")
		return k.waitFor("任务数", "完成情况")
	}},
	{"help", func(k *kiosk, _ *scenarioEnv) string {
		k.waitFor(fixtureSession)
		k.keys("?")
		return k.waitFor("按键说明")
	}},
}

var sizes = [][2]int{{80, 24}, {120, 40}}

// TestScreens renders every screen at 80x24 and 120x40 from the demo data
// and compares it with the goldens; every line must fit the terminal.
func TestScreens(t *testing.T) {
	for _, sc := range scenarios {
		for _, sz := range sizes {
			t.Run(fmt.Sprintf("%s_%dx%d", sc.name, sz[0], sz[1]), func(t *testing.T) {
				st, dir := copyStore(t, advancingClock(screenNow))
				env := newEnv(t, st)
				k := startKiosk(t, st, dir, sz[0], sz[1], screenNow)
				sc.run(k, env)
				screen := k.view()
				checkFits(t, screen, sz[0], sz[1])
				golden.RequireEqual(t, []byte(normalize(screen)))
			})
		}
	}
}

// newEnv finds a family of the session's band that has not signed in and
// whose phone's last four digits are unique.
func newEnv(t *testing.T, st *store.Store) *scenarioEnv {
	ctx := context.Background()
	today := model.MustDate("2026-11-22")
	due, err := st.FamiliesDue(ctx, model.AgeBand{Min: 7, Max: 9}, today, today, 40)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range due {
		p := d.Family.Caregivers[0].Phone
		fams, err := st.FindFamilies(ctx, model.FamilyQuery{PhoneLast4: p[7:]})
		if err != nil {
			t.Fatal(err)
		}
		byName, err := st.FindFamilies(ctx, model.FamilyQuery{ChildName: d.Child.Name})
		if err != nil {
			t.Fatal(err)
		}
		if len(fams) == 1 && len(byName) == 1 && len(d.Family.Children) == 1 {
			return &scenarioEnv{st: st, last4: p[7:], child: d.Child.Name}
		}
	}
	t.Fatal("no family with a unique phone and name in the fixture")
	return nil
}

// TestFirstRunAsksForPIN: a new installation starts with the PIN setup.
func TestFirstRunAsksForPIN(t *testing.T) {
	for _, sz := range sizes {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			dir := t.TempDir()
			st, err := store.Open(dir, store.Options{Clock: advancingClock(screenNow)})
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			k := startKiosk(t, st, dir, sz[0], sz[1], screenNow)
			k.waitFor("第一次使用")
			screen := k.view()
			checkFits(t, screen, sz[0], sz[1])
			golden.RequireEqual(t, []byte(normalize(screen)))
			k.keys("1234", "enter", "9999", "enter")
			k.waitFor("两次输入的 PIN 不一样")
			k.keys("1234", "enter")
			k.waitFor("请填写单位和活动地点")
			set, err := st.Settings(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			g := model.PINGuard{Hash: set.PINHash}
			if err := g.Check("1234", screenNow); err != nil {
				t.Fatalf("saved PIN does not check: %v", err)
			}
		})
	}
}

// TestClockConfirm: a clock before 2025 asks for today's date and then dates
// records with an offset clock.
func TestClockConfirm(t *testing.T) {
	for _, sz := range sizes {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			wrong := time.Date(2000, 1, 1, 1, 30, 0, 0, time.UTC)
			st, dir := copyStore(t, model.Clock{Now: func() time.Time { return wrong }})
			k := startKiosk(t, st, dir, sz[0], sz[1], wrong)
			k.waitFor("本机时钟不可信")
			screen := k.view()
			checkFits(t, screen, sz[0], sz[1])
			golden.RequireEqual(t, []byte(normalize(screen)))
			k.keys("2026-11-22", "enter", "09:30", "enter")
			k.waitFor("日期和时间已确认", "2026年11月22日")
			loc := model.DefaultSettings().Location()
			if got := st.Now().In(loc); got.Format("2006-01-02 15:04") != "2026-11-22 09:30" {
				t.Fatalf("store clock reads %v after the confirmation", got)
			}
			if err := st.CheckClock(context.Background()); err != nil {
				t.Fatalf("clock still refused: %v", err)
			}
		})
	}
}

// TestClockFarAheadAsksAgain: a confirmed date far beyond the newest record
// (a typo such as 2027 for 2026) is asked again before anything is dated
// with it; a second enter accepts it.
func TestClockFarAheadAsksAgain(t *testing.T) {
	wrong := time.Date(2000, 1, 1, 1, 30, 0, 0, time.UTC)
	st, dir := copyStore(t, model.Clock{Now: func() time.Time { return wrong }})
	k := startKiosk(t, st, dir, 80, 24, wrong)
	k.waitFor("本机时钟不可信")
	k.keys("2027-11-22", "tab", "10:00", "enter")
	k.waitFor("确实是今天吗")
	if got := st.Now(); got.Year() != 2000 {
		t.Fatalf("the store clock moved before the second confirmation: %v", got)
	}
	k.keys("enter")
	k.waitFor("日期和时间已确认")
	if got := model.DateOf(st.Now().In(model.DefaultSettings().Location())); got != model.MustDate("2027-11-22") {
		t.Fatalf("store clock reads %v after the second confirmation", got)
	}
}

// TestClockAfterPowerCut: a box without a clock battery loses power in the
// middle of a morning and boots reading 1970. The instructor types today's
// date and the time off a phone: a time before the newest record is refused
// with the newest record's local time named; the right time is accepted the
// same day, so records are not dated a day late.
func TestClockAfterPowerCut(t *testing.T) {
	wrong := time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)
	st, dir := copyStore(t, model.Clock{Now: func() time.Time { return wrong }})
	loc := model.DefaultSettings().Location()
	newest, err := st.NewestRecord(context.Background())
	if err != nil || newest.IsZero() {
		t.Fatalf("newest record: %v %v", newest, err)
	}
	local := newest.In(loc)
	k := startKiosk(t, st, dir, 80, 24, wrong)
	k.waitFor("本机时钟不可信", "1970-01-01 08:00")
	k.keys(local.Format("2006-01-02"), "tab", local.Add(-10*time.Minute).Format("15:04"), "enter")
	k.waitFor("早于最新的记录（" + local.Format("2006-01-02 15:04") + "）")
	k.keys("ctrl+u", local.Add(5*time.Minute).Format("15:04"), "enter")
	k.waitFor("日期和时间已确认")
	got := st.Now().In(loc)
	if got.Before(local) || got.Sub(local) > 10*time.Minute {
		t.Fatalf("store clock reads %v, want a few minutes after %v", got, local)
	}
}
