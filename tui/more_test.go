package tui

import (
	"context"
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
		Relation: cg.Relation, Method: model.MethodPhone, ConsentVersion: "2026-11-v1", SignedName: cg.Name}); err != nil {
		t.Fatal(err)
	}
	k.waitFor("已签到 5 组家庭", env.child)
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
	k.waitFor("PIN")
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
	k.keys("ctrl+u", "８０８１", "tab", "192.168.8.8:8081", "ctrl+s")
	k.waitFor("手机签到地址在 carekiosk 重新启动后生效")
	checkFits(t, k.view(), 80, 24)
	set, err = st.Settings(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if set.Listen != ":8081" || set.PublicURL != "http://192.168.8.8:8081" {
		t.Errorf("saved %q and %q", set.Listen, set.PublicURL)
	}
}
