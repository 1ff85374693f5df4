package main

import (
	"context"
	"path/filepath"
	"testing"

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
