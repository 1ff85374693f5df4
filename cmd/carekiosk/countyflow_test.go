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

// countyFlow is a county and one station set up through the commands, as
// the README's clerk does it: the county's folder, the station's folder,
// the USB stick and the plan file on it.
type countyFlow struct {
	county, station, usb, plan string
}

// newCountyFlow runs county init and plan, sets up a station of
// 温溪片卫生院, imports the plan there and registers its key at the county.
// The caller sets CAREKIOSK_NOW first when the commands' clock matters.
func newCountyFlow(t *testing.T) countyFlow {
	t.Helper()
	root := t.TempDir()
	f := countyFlow{county: filepath.Join(root, "县中心"), station: filepath.Join(root, "温溪站点"), usb: filepath.Join(root, "U盘")}
	f.plan = filepath.Join(f.usb, "计划.json")
	f.mustRun(t, "county", "init", "--data", f.county)
	f.mustRun(t, "county", "plan", "--data", f.county, "--out", f.plan)
	ctx := context.Background()
	c, err := appClock()
	if err != nil {
		t.Fatal(err)
	}
	s, err := store.Open(f.station, store.Options{Clock: c})
	if err != nil {
		t.Fatal(err)
	}
	u, _ := s.CreateUnit(ctx, "温溪片卫生院", 1)
	x, _ := s.CreateStation(ctx, "温溪镇卫生院儿童保健室", u.ID)
	set := model.DefaultSettings()
	set.UnitID, set.StationID = u.ID, x.ID
	if err := s.SaveSettings(ctx, set); err != nil {
		t.Fatal(err)
	}
	s.Close()
	f.mustRun(t, "plan", "import", "--data", f.station, f.plan)
	pub := f.mustRun(t, "pubkey", "--data", f.station)
	pubFile := filepath.Join(f.usb, "温溪.pub")
	if err := os.WriteFile(pubFile, []byte(pub), 0o644); err != nil {
		t.Fatal(err)
	}
	f.mustRun(t, "county", "register", "--data", f.county, pubFile, "--unit", "温溪片卫生院")
	return f
}

// export writes one sealed bundle of the station onto the stick and
// returns its path.
func (f countyFlow) export(t *testing.T) string {
	t.Helper()
	before, _ := filepath.Glob(filepath.Join(f.usb, "*", "*.zip.age"))
	f.mustRun(t, "export", "--data", f.station, "--out", f.usb, "--format", "bundle")
	after, _ := filepath.Glob(filepath.Join(f.usb, "*", "*.zip.age"))
	for _, p := range after {
		if !strings.Contains(strings.Join(before, "\n"), p) {
			return p
		}
	}
	t.Fatalf("no new sealed bundle on the stick: %v", after)
	return ""
}

// mustRun runs a command that must succeed and returns its output.
func (countyFlow) mustRun(t *testing.T, args ...string) string {
	t.Helper()
	code, out, errs := runCLI(t, args...)
	if code != 0 {
		t.Fatalf("%v: %d\n%s\n%s", args, code, out, errs)
	}
	return out
}
