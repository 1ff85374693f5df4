package county_test

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"carekiosk/county"
	"carekiosk/county/countytest"
	"carekiosk/model"
)

// TestBackfilledSessionMarkedAtCounty: a session a station entered from
// its paper sheet after a power cut (纸质补录) keeps that mark at the
// county — in the county's sessions, its 活动统计表 备注 and the unit's
// rebuilt forms — while the station's kiosk sessions carry none.
func TestBackfilledSessionMarkedAtCounty(t *testing.T) {
	ctx := context.Background()
	now := cst(2027, 2, 15, 9)
	c := countytest.New(t, t.TempDir(), 2026, now)
	st := c.AddStation(t, "温溪片卫生院", 2026, 3)
	held := model.Date{Year: 2026, Month: 12, Day: 18}
	bf, err := st.Store.BackfillSession(ctx, model.BackfillInput{Date: held, Band: model.AgeBand{Min: 13, Max: 18}, Title: "停电时的活动",
		Instructor: "陈医生", Areas: []model.ContentArea{model.AreaNutrition}, Segments: [4]string{"辅食添加", "亲子游戏", "", ""},
		Summary: model.Summary{Handover: "停电，改用纸质签到表"},
		SignIns: []model.PaperSignIn{{Child: "周小雨", Age: model.PaperAge{Months: 14}, Phone: "13812349876", Relation: model.RelMother}}})
	if err != nil {
		t.Fatal(err)
	}
	c.Import(t, st.Export(t, cst(2026, 12, 20, 10), filepath.Join(c.Root, "U盘")))

	list, err := c.DB.Sessions(ctx, county.SessionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	marked := 0
	for _, s := range list {
		if (s.Origin == model.OriginBackfill) != (s.ID == bf.ID) {
			t.Errorf("session %s %s: origin %q", s.Date, s.Title, s.Origin)
		}
		if s.Origin != "" {
			marked++
		}
	}
	if marked != 1 {
		t.Fatalf("%d sessions marked from paper, want 1", marked)
	}
	rep, err := county.WriteReport(ctx, c.DB, filepath.Join(c.Root, "报表"), model.Date{}, model.Date{}, now)
	if err != nil {
		t.Fatal(err)
	}
	var csvPath string
	for _, p := range rep.Files {
		if strings.HasSuffix(p, filepath.Join("CSV", "活动记录表.csv")) {
			csvPath = p
		}
	}
	recs := readCSV(t, csvPath)
	// 活动记录表.csv shows the whole session, as the station's does.
	for _, r := range recs[1:] {
		if strings.Contains(strings.Join(r, "|"), "停电时的活动") && (r[7] != "陈医生" || !strings.Contains(r[13], "停电，改用纸质签到表")) {
			t.Errorf("活动记录表.csv row lacks the instructor or summary: %q", r)
		}
	}
	stats := readCSV(t, filepath.Join(filepath.Dir(csvPath), "活动统计表.csv"))
	found := 0
	for _, r := range stats[1:] {
		line := strings.Join(r, "|")
		if has := strings.Contains(line, "纸质补录（录入于 "); has != strings.Contains(line, "停电时的活动") {
			t.Errorf("活动统计表.csv row %q: mark %v", line, has)
		} else if has {
			found++
		}
	}
	if found != 1 {
		t.Fatalf("活动统计表.csv: %d rows marked 纸质补录, want 1: %q", found, stats)
	}
}

// readCSV reads a CSV the county wrote (UTF-8 with a BOM).
func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(b), "\uFEFF"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}
