package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"carekiosk/store"
)

func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestDemoThenCheck(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	code, out, errs := runCLI(t, "demo", "--data", dir)
	if code != 0 {
		t.Fatalf("demo: %d %s %s", code, out, errs)
	}
	if !strings.Contains(out, "PIN: 2468") {
		t.Errorf("demo output lacks the PIN: %s", out)
	}
	before, _ := os.ReadFile(filepath.Join(dir, store.FileName))
	code, out, errs = runCLI(t, "check", "--data", dir)
	if code != 0 || !strings.Contains(out, "完整性 Integrity: ok") || !strings.Contains(out, "活动 Sessions: 5") {
		t.Fatalf("check: %d\n%s\n%s", code, out, errs)
	}
	after, _ := os.ReadFile(filepath.Join(dir, store.FileName))
	if !bytes.Equal(before, after) {
		t.Error("check changed the database file")
	}
	// A second demo into the same folder is refused and changes nothing.
	code, _, errs = runCLI(t, "demo", "--data", dir)
	if code == 0 || !strings.Contains(errs, "已有数据") {
		t.Errorf("second demo: %d %s", code, errs)
	}
}

func TestCheckRefusesForeignFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, store.FileName)
	junk := []byte(strings.Repeat("这不是数据库。", 40))
	os.WriteFile(p, junk, 0o600)
	code, _, errs := runCLI(t, "check", "--data", dir)
	if code == 0 || !strings.Contains(errs, "不是 carekiosk 数据库") || !strings.Contains(errs, "not a carekiosk database") {
		t.Errorf("check on junk: %d %s", code, errs)
	}
	got, _ := os.ReadFile(p)
	if !bytes.Equal(got, junk) {
		t.Error("junk file changed")
	}
	code, _, errs = runCLI(t, "check", "--data", filepath.Join(dir, "absent"))
	if code == 0 || !strings.Contains(errs, "没有 carekiosk 数据库") {
		t.Errorf("check on empty folder: %d %s", code, errs)
	}
	if _, err := os.Stat(filepath.Join(dir, "absent")); err == nil {
		t.Error("check created a folder")
	}
}

func TestHelpAndUnknown(t *testing.T) {
	code, out, _ := runCLI(t, "--help")
	if code != 0 || !strings.Contains(out, "demo") || !strings.Contains(out, "check") {
		t.Errorf("help: %d %s", code, out)
	}
	for _, c := range []string{"demo", "check"} {
		code, _, errs := runCLI(t, c, "--help")
		if code != 0 || !strings.Contains(errs, "--data") {
			t.Errorf("%s --help: %d %s", c, code, errs)
		}
	}
	code, _, errs := runCLI(t, "version")
	if code != 0 {
		t.Errorf("version: %d %s", code, errs)
	}
}
