package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPlanImportAgain: the plan a station holds, imported again, changes
// nothing and says so as information (exit 0, nothing on stderr); an
// older plan, or one from another county's key, is still refused.
func TestPlanImportAgain(t *testing.T) {
	t.Setenv(nowEnv, "2026-11-30 10:00")
	f := newCountyFlow(t)
	code, out, errs := runCLI(t, "plan", "import", "--data", f.station, f.plan)
	if code != 0 || errs != "" || !strings.Contains(out, "这份计划（第 1 版）已经导入过，未作改动") || strings.Contains(out, "已导入青田县的计划") {
		t.Fatalf("the same plan again: %d\n%s\n%s", code, out, errs)
	}

	old := filepath.Join(t.TempDir(), "旧计划.json")
	raw, err := os.ReadFile(f.plan)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(old, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	f.mustRun(t, "county", "plan", "--data", f.county, "--out", f.plan, "--quota", "温溪片卫生院=9")
	if out := f.mustRun(t, "plan", "import", "--data", f.station, f.plan); !strings.Contains(out, "第 2 版") {
		t.Fatalf("the newer plan:\n%s", out)
	}
	if code, out, errs := runCLI(t, "plan", "import", "--data", f.station, old); code == 0 || !strings.Contains(errs, "旧，未作改动") {
		t.Fatalf("an older plan: %d\n%s\n%s", code, out, errs)
	}

	other := filepath.Join(t.TempDir(), "另一县")
	otherPlan := filepath.Join(t.TempDir(), "另一县计划.json")
	f.mustRun(t, "county", "init", "--data", other)
	f.mustRun(t, "county", "plan", "--data", other, "--out", otherPlan)
	if code, out, errs := runCLI(t, "plan", "import", "--data", f.station, otherPlan); code == 0 || !strings.Contains(errs, "另一个密钥") {
		t.Fatalf("another county's plan: %d\n%s\n%s", code, out, errs)
	}
}
