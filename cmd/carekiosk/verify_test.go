package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"carekiosk/export"
	"carekiosk/model"
	"carekiosk/store"
)

// stationBundles sets up a station of unit 温溪片卫生院 named name and
// writes n bundles of it into inbox, as the county receives them; it
// returns their paths in order.
func stationBundles(t *testing.T, name string, n int, inbox string) []string {
	t.Helper()
	ctx := context.Background()
	now := time.Date(2026, 11, 20, 2, 0, 0, 0, time.UTC)
	s, err := store.Open(t.TempDir(), store.Options{Clock: model.Clock{Now: func() time.Time { return now }}})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	u, err := s.CreateUnit(ctx, "温溪片卫生院", 1)
	if err != nil {
		t.Fatal(err)
	}
	st, err := s.CreateStation(ctx, name, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	set, err := s.Settings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	set.UnitID, set.StationID = u.ID, st.ID
	if err := s.SaveSettings(ctx, set); err != nil {
		t.Fatal(err)
	}
	var out []string
	for i := 0; i < n; i++ {
		rep, err := export.Run(ctx, s, export.Options{OutDir: t.TempDir(), Formats: []string{export.FormatBundle}}, nil)
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(rep.Bundle)
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(inbox, filepath.Base(rep.Bundle))
		if _, err := os.Stat(p); err == nil {
			t.Fatalf("%s would overwrite another station's bundle", p)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		out = append(out, p)
	}
	return out
}

// The county's inbox holds bundles of two stations of one unit, both
// named alike: verify given the folder checks every bundle and each
// station's chain on its own, and goes on past a broken chain or a damaged
// file to report everything.
func TestVerifyInboxOfSeveralStations(t *testing.T) {
	inbox := t.TempDir()
	a := stationBundles(t, "城东服务站", 3, inbox)
	b := stationBundles(t, "城东服务站", 2, inbox)

	code, stdout, errs := runCLI(t, "verify", inbox)
	if code != 0 || strings.Count(stdout, "数据包完好 Bundle OK") != 5 || strings.Count(stdout, "没有缺失") != 2 || !strings.Contains(stdout, "第 1–3 号") || !strings.Contains(stdout, "第 1–2 号") {
		t.Fatalf("verify the inbox: %d\n%s\n%s", code, stdout, errs)
	}

	// Station A's second bundle is missing and one of B's is damaged:
	// both are reported, and the rest is still checked.
	os.Remove(a[1])
	raw, _ := os.ReadFile(b[0])
	raw[len(raw)/2] ^= 1
	os.WriteFile(b[0], raw, 0o644)
	code, stdout, errs = runCLI(t, "verify", inbox)
	if code != 1 || !strings.Contains(errs, "缺少第 2 号数据包") || !strings.Contains(errs, filepath.Base(b[0])) || !strings.Contains(errs, "数据包校验失败") {
		t.Errorf("a gap and a damaged file: %d\n%s\n%s", code, stdout, errs)
	}
	if strings.Count(stdout, "数据包完好 Bundle OK") != 3 || !strings.Contains(stdout, "只有第 2 号数据包") {
		t.Errorf("the intact bundles and B's remaining chain were not reported:\n%s", stdout)
	}
}
