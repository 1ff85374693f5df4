package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"carekiosk/county"
	"carekiosk/countydb"
)

// TestCountyInitYearInChina: the county's first plan year is the year in
// China when it is made — at 00:30 on New Year's Day in Beijing, still
// 31 December on a machine in UTC, the plan is for the new year.
func TestCountyInitYearInChina(t *testing.T) {
	t.Setenv(nowEnv, "2027-01-01 00:30")
	dir := filepath.Join(t.TempDir(), "县中心")
	if code, out, errs := runCLI(t, "county", "init", "--data", dir); code != 0 {
		t.Fatalf("county init: %d\n%s\n%s", code, out, errs)
	}
	db, err := countydb.Open(dir, false, countydb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	years, err := db.PlanYears(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(years) != 1 || years[0].Year != 2027 {
		t.Fatalf("plan years %+v, want 2027", years)
	}
}

// TestCountyCommandsDateByTheirClock: every county command dates what it
// records by the command's clock (CAREKIOSK_NOW), not the machine's: the
// plan's issue time, a station's registration and a bundle's receipt.
func TestCountyCommandsDateByTheirClock(t *testing.T) {
	at := time.Date(2031, 3, 4, 1, 30, 0, 0, time.UTC) // 09:30 in China, years from the real date
	t.Setenv(nowEnv, at.Format(time.RFC3339))
	f := newCountyFlow(t)
	near := func(what string, got time.Time) {
		t.Helper()
		if d := got.Sub(at); d < 0 || d > 10*time.Minute {
			t.Errorf("%s dated %s, want the command's clock %s", what, got.UTC().Format(time.RFC3339), at.Format(time.RFC3339))
		}
	}
	raw, err := os.ReadFile(f.plan)
	if err != nil {
		t.Fatal(err)
	}
	p, err := county.OpenPlan(raw, "")
	if err != nil {
		t.Fatal(err)
	}
	near("the plan's issued_at", p.IssuedAt)

	f.export(t)
	f.mustRun(t, "county", "import", "--data", f.county, f.usb)
	db, err := countydb.Open(f.county, false, countydb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	rs, err := db.Receipts(ctx, "")
	if err != nil || len(rs) != 1 {
		t.Fatalf("receipts %+v %v", rs, err)
	}
	near("the receipt", rs[0].ReceivedAt)
	near("the bundle", rs[0].CreatedAt)
	sts, err := db.Stations(ctx)
	if err != nil || len(sts) != 1 {
		t.Fatalf("stations %+v %v", sts, err)
	}
	near("the registration", sts[0].RegisteredAt)
}
