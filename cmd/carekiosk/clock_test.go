package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"carekiosk/model"
	"carekiosk/store"
)

// The demo, check and export work at every hour of a Chinese day, whatever
// the hour the test machine (in UTC) runs them.
func TestDemoAtEveryHour(t *testing.T) {
	loc := model.DefaultSettings().Location()
	for _, at := range []string{"2026-11-30T00:30:00+08:00", "2026-11-30T07:59:00+08:00", "2026-11-30T23:59:00+08:00"} {
		t.Run(at[11:16], func(t *testing.T) {
			t.Setenv(nowEnv, at)
			dir := filepath.Join(t.TempDir(), "data")
			if code, out, errs := runCLI(t, "demo", "--data", dir); code != 0 {
				t.Fatalf("demo: %d %s %s", code, out, errs)
			}
			if code, out, errs := runCLI(t, "check", "--data", dir); code != 0 {
				t.Fatalf("check: %d %s %s", code, out, errs)
			}
			if code, out, errs := runCLI(t, "export", "--data", dir, "--out", t.TempDir()); code != 0 {
				t.Fatalf("export: %d %s %s", code, out, errs)
			}
			st, err := store.Open(dir, store.Options{ReadOnly: true})
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			newest, _ := st.NewestRecord(t.Context())
			now, _ := time.Parse(time.RFC3339, at)
			if newest.After(now.Add(time.Minute)) {
				t.Errorf("a record dated %s, after now %s", newest.In(loc), at)
			}
		})
	}
}

// An export with the clock in 1970 writes nothing and uses no bundle number.
func TestExportRefusesUntrustedClock(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	t.Setenv(nowEnv, "2026-11-30T10:00:00+08:00")
	if code, _, errs := runCLI(t, "demo", "--data", dir); code != 0 {
		t.Fatal(errs)
	}
	out := t.TempDir()
	t.Setenv(nowEnv, "1970-01-01T08:00:00+08:00")
	code, _, errs := runCLI(t, "export", "--data", dir, "--out", out)
	if code != 1 || !strings.Contains(errs, "1970-01-01 08:00") || !strings.Contains(errs, "未导出任何文件") {
		t.Errorf("export at 1970: %d %s", code, errs)
	}
	if ents, _ := os.ReadDir(out); len(ents) != 0 {
		t.Errorf("export at 1970 wrote %v", ents)
	}
	// The next real export is bundle number 1.
	t.Setenv(nowEnv, "2026-11-30T10:05:00+08:00")
	code, stdout, errs := runCLI(t, "export", "--data", dir, "--out", out)
	if code != 0 || !strings.Contains(stdout, "0001") {
		t.Errorf("export after: %d %s %s", code, stdout, errs)
	}
}

func TestBadInjectedClock(t *testing.T) {
	t.Setenv(nowEnv, "tomorrow")
	code, _, errs := runCLI(t, "check", "--data", t.TempDir())
	if code != 2 || !strings.Contains(errs, nowEnv) {
		t.Errorf("bad %s: %d %s", nowEnv, code, errs)
	}
}

// demo --unit makes one station of one unit, this year up to yesterday:
// nothing in its future, its sessions all of that unit, and a second demo
// into the same folder refused.
func TestDemoOneStation(t *testing.T) {
	t.Setenv(nowEnv, "2026-11-30T00:30:00+08:00")
	dir := filepath.Join(t.TempDir(), "s")
	code, out, errs := runCLI(t, "demo", "--data", dir, "--unit", "船寮片卫生院")
	if code != 0 || !strings.Contains(out, "活动 sessions 5") {
		t.Fatalf("demo --unit: %d %s %s", code, out, errs)
	}
	st, err := store.Open(dir, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	newest, _ := st.NewestRecord(ctx)
	now, _ := time.Parse(time.RFC3339, "2026-11-30T00:30:00+08:00")
	if newest.After(now) {
		t.Errorf("a record dated %s, after now", newest)
	}
	sessions, err := st.Sessions(ctx, model.SessionFilter{})
	if err != nil || len(sessions) != 5 {
		t.Fatalf("sessions %d %v", len(sessions), err)
	}
	units, _ := st.Units(ctx)
	if len(units) != 1 || units[0].Name != "船寮片卫生院" {
		t.Errorf("units %+v", units)
	}
	for _, s := range sessions {
		if !s.Date.Before(model.MustDate("2026-11-30")) {
			t.Errorf("session on %s, not before today", s.Date)
		}
	}
	st.Close()
	if code, _, errs := runCLI(t, "demo", "--data", dir, "--unit", "船寮片卫生院"); code == 0 || !strings.Contains(errs, "已有") {
		t.Errorf("second demo --unit: %d %s", code, errs)
	}
}
