package county_test

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"carekiosk/county"
	"carekiosk/model"
)

// TestCountySignInCSVNamesInstructor: the county report's 签到表.csv gives
// every sign-in its session's 养育指导员, as the station's CSV and the
// rebuilt 签到表 do.
func TestCountySignInCSVNamesInstructor(t *testing.T) {
	rc := newReportCounty(t)
	ctx := context.Background()
	rep, err := county.WriteReport(ctx, rc.c.DB, filepath.Join(rc.c.Root, "报表"), model.Date{}, model.Date{}, rc.now)
	if err != nil {
		t.Fatal(err)
	}
	ss, err := rc.c.DB.Sessions(ctx, county.SessionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	instructor := map[string]string{} // unit|date|place|title
	for _, s := range ss {
		if s.Instructor == "" {
			t.Fatalf("session %s has no instructor at the county", s.ID)
		}
		instructor[strings.Join([]string{s.Unit, s.Date.String(), s.Station, s.Title}, "|")] = s.Instructor
	}
	var path string
	for _, p := range rep.Files {
		if strings.HasSuffix(p, filepath.Join("CSV", "签到表.csv")) {
			path = p
		}
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(b), "\uFEFF"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) < 2 || recs[0][4] != "养育指导员" {
		t.Fatalf("签到表.csv: %d rows, header %q", len(recs), recs[0])
	}
	for i, r := range recs[1:] {
		want, ok := instructor[strings.Join(r[:4], "|")]
		if !ok || r[4] != want {
			t.Fatalf("签到表.csv row %d: 养育指导员 %q, want %q (%q)", i+2, r[4], want, r)
		}
	}
}
