package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"carekiosk/model"
	"carekiosk/store"
)

// TestCountyCommands walks the clerk's order through the commands, in
// folders with Chinese names: init, plan, plan import at a station,
// register, a sealed export, import twice, an altered copy refused.
func TestCountyCommands(t *testing.T) {
	root := filepath.Join(t.TempDir(), "青田县 妇计中心")
	cdir, sdir, usb := filepath.Join(root, "县中心数据"), filepath.Join(root, "温溪 站点"), filepath.Join(root, "U盘")
	mustRun := func(want string, args ...string) string {
		t.Helper()
		code, out, errs := runCLI(t, args...)
		if code != 0 || !strings.Contains(out, want) {
			t.Fatalf("%v: %d\n%s\n%s", args, code, out, errs)
		}
		return out
	}
	mustRun("计划签名密钥指纹", "county", "init", "--data", cdir)
	if code, _, errs := runCLI(t, "county", "init", "--data", cdir); code != 1 || !strings.Contains(errs, "已经是县妇计中心的数据") {
		t.Fatalf("a second init: %d %s", code, errs)
	}
	plan := filepath.Join(usb, "青田县计划.json") // the folder is made
	mustRun("北山片卫生院  4", "county", "plan", "--data", cdir, "--out", plan, "--quota", "北山片卫生院=4")
	// A new year starts as a copy of the latest; its settings are its own.
	out := mustRun("2027 年 year: 11 个单位 units", "county", "plan", "--data", cdir, "--out", plan, "--year", "2027", "--due-day", "5",
		"--quota", "新建片卫生院=2", "--bands", "0-12,13-24,25-36")
	if !strings.Contains(out, "第 2 版") || !strings.Contains(out, "次月 5 日前") || !strings.Contains(out, "2026 年 year: 10 个单位") || !strings.Contains(out, "次月 10 日前") {
		t.Fatalf("the plan of two years:\n%s", out)
	}
	if code, _, errs := runCLI(t, "county", "plan", "--data", cdir, "--out", plan, "--bands", "0-12,10-36"); code != 2 || !strings.Contains(errs, "月龄") {
		t.Fatalf("overlapping bands: %d %s", code, errs)
	}

	ctx := context.Background()
	s, err := store.Open(sdir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	u, _ := s.CreateUnit(ctx, "温溪片卫生院", 1)
	x, _ := s.CreateStation(ctx, "温溪镇卫生院儿童保健室", u.ID)
	set := model.DefaultSettings()
	set.UnitID, set.StationID = u.ID, x.ID
	s.SaveSettings(ctx, set)
	s.Close()

	mustRun("已导入青田县的计划", "plan", "import", "--data", sdir, plan)
	pubOut := mustRun("carekiosk-ed25519:", "pubkey", "--data", sdir)
	pub := filepath.Join(usb, "温溪.pub")
	os.WriteFile(pub, []byte(pubOut), 0o644)
	out = mustRun("指纹 Fingerprint", "county", "register", "--data", cdir, pub, "--unit", "温溪片卫生院")
	fp := strings.TrimSpace(strings.SplitN(strings.SplitN(pubOut, "fingerprint: ", 2)[1], "\n", 2)[0])
	if !strings.Contains(out, fp) {
		t.Fatalf("register prints %q, the station reads out %s", out, fp)
	}
	mustRun("数据包已加密", "export", "--data", sdir, "--out", usb, "--format", "bundle")
	mustRun("新增 new 0，更改 changed 0，未变 unchanged 0", "county", "import", "--data", cdir, usb)
	mustRun("已导入过，未作改动", "county", "import", "--data", cdir, usb)

	matches, _ := filepath.Glob(filepath.Join(usb, "*", "*.zip.age"))
	if len(matches) != 1 {
		t.Fatalf("sealed bundles on the stick: %v", matches)
	}
	b, _ := os.ReadFile(matches[0])
	b[len(b)-3] ^= 1
	bad := filepath.Join(root, "改动.zip.age")
	os.WriteFile(bad, b, 0o644)
	code, out, _ := runCLI(t, "county", "import", "--data", cdir, bad)
	if code != 1 || !strings.Contains(out, "拒绝 REFUSED") {
		t.Fatalf("an altered bundle: %d %s", code, out)
	}
	if code, _, _ := runCLI(t, "county", "import", usb); code != 2 {
		t.Fatalf("import without --data: %d", code)
	}
}
