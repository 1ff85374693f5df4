package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCountyReportAndServeFlags runs the county's report on a new county
// in Chinese folders, and checks the usage errors of report and serve:
// the page refuses a non-loopback address without --allow-lan.
func TestCountyReportAndServeFlags(t *testing.T) {
	root := t.TempDir()
	data, out := filepath.Join(root, "县妇计中心 数据"), filepath.Join(root, "报表（U盘）")
	if code, o, e := runCLI(t, "county", "init", "--data", data, "--year", "2026"); code != 0 {
		t.Fatalf("init: %d %s %s", code, o, e)
	}
	code, o, e := runCLI(t, "county", "report", "--data", data, "--out", out, "--from", "2026-01-01", "--to", "2026-12-31")
	if code != 0 || !strings.Contains(o, "活动 0 场") {
		t.Fatalf("report: %d %s %s", code, o, e)
	}
	books, _ := filepath.Glob(filepath.Join(out, "carekiosk县汇总_青田县_2026-01-01至2026-12-31_*", "县汇总报表_青田县_2026-01-01至2026-12-31.xlsx"))
	if len(books) != 1 {
		entries, _ := os.ReadDir(out)
		t.Fatalf("report folder: %v", entries)
	}
	if code, _, e := runCLI(t, "county", "report", "--data", data, "--out", out, "--from", "2026-02-01", "--to", "2026-01-01"); code != 2 || !strings.Contains(e, "--to") {
		t.Fatalf("--to before --from: %d %s", code, e)
	}
	if code, _, e := runCLI(t, "county", "report", "--data", data); code != 2 || !strings.Contains(e, "--out") {
		t.Fatalf("no --out: %d %s", code, e)
	}
	if code, _, e := runCLI(t, "county", "serve", "--data", data, "--listen", "0.0.0.0:0"); code != 2 || !strings.Contains(e, "--allow-lan") {
		t.Fatalf("serve on all interfaces without --allow-lan: %d %s", code, e)
	}
}
