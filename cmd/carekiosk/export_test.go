package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The demo year exports in every format; verify accepts the bundle with
// the station's printed public key and rejects an altered copy, naming
// what is wrong.
func TestExportVerifyPubkey(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	if code, out, errs := runCLI(t, "demo", "--data", dir); code != 0 {
		t.Fatalf("demo: %d %s %s", code, out, errs)
	}
	out := t.TempDir()
	code, stdout, errs := runCLI(t, "export", "--data", dir, "--out", out)
	if code != 0 || !strings.Contains(stdout, "导出完成 Export complete") {
		t.Fatalf("export: %d\n%s\n%s", code, stdout, errs)
	}
	bundles, _ := filepath.Glob(filepath.Join(out, "*", "站点数据包_*_第0001号.zip"))
	forms, _ := filepath.Glob(filepath.Join(out, "*", "活动记录与签到表", "*.xlsx"))
	csvs, _ := filepath.Glob(filepath.Join(out, "*", "CSV", "*.csv"))
	if len(bundles) != 1 || len(forms) == 0 || len(csvs) != 4 {
		t.Fatalf("bundles %v, %d forms, %d csv\n%s", bundles, len(forms), len(csvs), stdout)
	}
	code, key, errs := runCLI(t, "pubkey", "--data", dir)
	if code != 0 || !strings.Contains(key, "carekiosk-ed25519:") {
		t.Fatalf("pubkey: %d %s %s", code, key, errs)
	}
	keyFile := filepath.Join(t.TempDir(), "station.pub")
	os.WriteFile(keyFile, []byte(key), 0o644)
	code, stdout, errs = runCLI(t, "verify", bundles[0], "--pubkey", keyFile)
	if code != 0 || !strings.Contains(stdout, "数据包完好 Bundle OK") || !strings.Contains(stdout, "与所给公钥一致") || !strings.Contains(stdout, "序号 Sequence: 1") {
		t.Fatalf("verify: %d\n%s\n%s", code, stdout, errs)
	}
	// Flip one byte inside the sign-in records.
	b, _ := os.ReadFile(bundles[0])
	i := strings.Index(string(b), `"type":"sign_in"`)
	if i < 0 {
		t.Fatal("no sign-in record in the bundle")
	}
	b[i+10] ^= 1
	bad := filepath.Join(t.TempDir(), "altered.zip")
	os.WriteFile(bad, b, 0o644)
	code, stdout, errs = runCLI(t, "verify", "--pubkey", keyFile, bad)
	if code != 1 || !strings.Contains(errs, "数据包校验失败") || !strings.Contains(errs, "records/signins.jsonl") {
		t.Fatalf("altered bundle: %d\n%s\n%s", code, stdout, errs)
	}
	// A second export chains to the first.
	if code, stdout, errs = runCLI(t, "export", "--data", dir, "--out", out, "--format", "bundle", "--from", "2000-01-01"); code != 0 {
		t.Fatalf("second export: %d %s %s", code, stdout, errs)
	}
	second, _ := filepath.Glob(filepath.Join(out, "*", "站点数据包_*_第0002号.zip"))
	if len(second) != 1 {
		t.Fatalf("second bundle: %v", second)
	}
	if code, stdout, _ = runCLI(t, "verify", second[0]); code != 0 || strings.Contains(stdout, "上一个数据包 Previous: 无") || !strings.Contains(stdout, "序号 Sequence: 2") {
		t.Fatalf("second verify: %d %s", code, stdout)
	}
	// Both bundles together: the chain is whole; the second alone after a
	// third is not.
	if code, stdout, errs = runCLI(t, "verify", "--pubkey", keyFile, bundles[0], second[0]); code != 0 || !strings.Contains(stdout, "没有缺失") {
		t.Fatalf("verify the chain: %d\n%s\n%s", code, stdout, errs)
	}
	if code, stdout, errs = runCLI(t, "export", "--data", dir, "--out", out, "--format", "bundle"); code != 0 {
		t.Fatalf("third export: %d %s %s", code, stdout, errs)
	}
	third, _ := filepath.Glob(filepath.Join(out, "*", "站点数据包_*_第0003号.zip"))
	if code, _, errs = runCLI(t, "verify", bundles[0], third[0]); code != 1 || !strings.Contains(errs, "缺少第 2 号数据包") {
		t.Fatalf("a missing bundle: %d %s", code, errs)
	}
	// Usage errors.
	for _, args := range [][]string{{"export", "--data", dir}, {"export", "--data", dir, "--out", out, "--from", "2026-02-30"}, {"verify"}} {
		if code, _, errs := runCLI(t, args...); code == 0 || errs == "" {
			t.Errorf("%q: exit %d", args, code)
		}
	}
}
