package tui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"carekiosk/demo"
	"carekiosk/model"
)

// TestFamilyCopyAndErase: from the families screen, with the PIN, c writes
// the family's copy (its child's full name and the full phone number) into
// <data>/copies; D then y erases the family: the screen shows 已匿名, the
// store keeps the family's sign-ins with the same counts, and the erasure
// is recorded with the consent withdrawn.
func TestFamilyCopyAndErase(t *testing.T) {
	st, dir := copyStore(t, advancingClock(screenNow))
	env := newEnv(t, st)
	fam := familyOf(t, st, env.child)
	k := startKiosk(t, st, dir, 80, 24, screenNow)
	k.waitFor(fixtureSession)
	k.keys("f")
	k.waitFor("家庭名单需要指导员 PIN")
	k.keys(demo.PIN, "enter")
	k.waitFor("手机后4位 / 手机号")
	k.keys(env.child, "enter")
	k.waitFor("> " + env.child + " ")
	k.keys("enter")
	k.waitFor("家庭卡号", "c 导出家庭信息")
	k.keys("c")
	k.waitFor("导出家庭信息需要指导员 PIN")
	k.keys(demo.PIN, "enter")
	k.waitFor("家庭信息副本已保存")
	files, err := filepath.Glob(filepath.Join(dir, "copies", "*.txt"))
	if err != nil || len(files) != 1 {
		t.Fatalf("copies: %v %v", files, err)
	}
	b, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), env.child) || !strings.Contains(string(b), fam.Caregivers[0].Phone) {
		t.Errorf("the copy lacks the child or the phone:\n%s", b)
	}
	if fi, _ := os.Stat(files[0]); fi.Mode().Perm() != 0o600 {
		t.Errorf("the copy's mode is %v", fi.Mode().Perm())
	}

	ctx := context.Background()
	signIns := signInCount(t, st)
	k.keys("D")
	k.waitFor("删除家庭信息需要指导员 PIN")
	k.keys(demo.PIN, "enter")
	k.waitFor("删除这个家庭的全部个人信息？", "y  确认删除")
	k.keys("y")
	k.waitFor("已删除这个家庭的个人信息", model.Anonymised)
	if strings.Contains(k.view(), env.child) {
		t.Errorf("the screen still shows the name:\n%s", k.view())
	}
	if got := signInCount(t, st); got != signIns {
		t.Errorf("%d sign-ins after the erasure, were %d", got, signIns)
	}
	list, err := st.Erasures(ctx)
	if err != nil || len(list) != 1 || list[0].FamilyID != fam.ID || !list[0].ConsentWithdrawn {
		t.Errorf("erasures %+v %v", list, err)
	}
}
