package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"carekiosk/store"
)

// A mistyped flag or a stray argument is a usage error (exit 2) with the
// usage line, not an "internal error", and runs nothing.
func TestUsageErrors(t *testing.T) {
	t.Setenv("CAREKIOSK_DATA", t.TempDir())
	for _, args := range [][]string{
		{"check", "--bogus"},
		{"check", "stray", "--data", t.TempDir()},
		{"demo", "--data", t.TempDir(), "extra"},
	} {
		code, _, errs := runCLI(t, args...)
		if code != 2 || strings.Contains(errs, "内部错误") || !strings.Contains(errs, "用法 Usage") {
			t.Errorf("%q: exit %d\n%s", args, code, errs)
		}
	}
}

// carekiosk demo without --data does not fill the kiosk's real data folder
// with made-up families.
func TestDemoNeedsDataFolder(t *testing.T) {
	real := t.TempDir()
	t.Setenv("CAREKIOSK_DATA", real)
	code, _, errs := runCLI(t, "demo")
	if code != 2 || !strings.Contains(errs, "--data") {
		t.Errorf("demo without --data: exit %d\n%s", code, errs)
	}
	if _, err := os.Stat(filepath.Join(real, store.FileName)); err == nil {
		t.Error("demo wrote into the real data folder")
	}
}

// A mistyped subcommand is reported, not taken as an argument of the kiosk
// (which would start the screens instead).
func TestMistypedCommand(t *testing.T) {
	t.Setenv("CAREKIOSK_DATA", t.TempDir())
	code, _, errs := runCLI(t, "chek", "--data", t.TempDir())
	if code != 2 || !strings.Contains(errs, "未知命令") || !strings.Contains(errs, `"chek"`) {
		t.Errorf("mistyped command: exit %d\n%s", code, errs)
	}
}
