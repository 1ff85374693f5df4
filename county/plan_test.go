package county_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"carekiosk/county"
	"carekiosk/countydb"
	"carekiosk/model"
	"carekiosk/store"
)

var testNow = time.Date(2026, 11, 22, 1, 30, 0, 0, time.UTC) // 09:30 in Asia/Shanghai

func fixedClock(t time.Time) model.Clock {
	return model.Clock{Now: func() time.Time { t = t.Add(time.Millisecond); return t }}
}

// newCounty sets up a county database in a temporary folder.
func newCounty(t testing.TB) *countydb.DB {
	t.Helper()
	db, err := countydb.Open(t.TempDir(), true, countydb.Options{Clock: fixedClock(testNow)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	seed, id, err := county.NewKeys()
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Init(context.Background(), "青田县", 2026, seed, id); err != nil {
		t.Fatal(err)
	}
	return db
}

// planFile issues and signs the county's plan.
func planFile(t testing.TB, db *countydb.DB) []byte {
	t.Helper()
	ctx := context.Background()
	p, err := db.IssuePlan(ctx)
	if err != nil {
		t.Fatal(err)
	}
	keys, err := db.Keys(ctx)
	if err != nil {
		t.Fatal(err)
	}
	b, err := county.SignPlan(p, keys.Sign)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// newStation opens a station store with a unit of its own typed before
// any plan.
func newStation(t testing.TB, dir, unit string) *store.Store {
	t.Helper()
	ctx := context.Background()
	s, err := store.Open(dir, store.Options{Clock: fixedClock(testNow)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	u, err := s.CreateUnit(ctx, unit, 1)
	if err != nil {
		t.Fatal(err)
	}
	st, err := s.CreateStation(ctx, unit+"活动室", u.ID)
	if err != nil {
		t.Fatal(err)
	}
	set := model.DefaultSettings()
	set.UnitID, set.StationID = u.ID, st.ID
	set.Bands = []model.AgeBand{{Min: 0, Max: 12}, {Min: 13, Max: 24}, {Min: 25, Max: 36}}
	if err := s.SaveSettings(ctx, set); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestPlanEveryChangedByteRefused(t *testing.T) {
	b := planFile(t, newCounty(t))
	if _, err := county.OpenPlan(b, ""); err != nil {
		t.Fatalf("a good plan: %v", err)
	}
	for i := range b {
		bad := append([]byte(nil), b...)
		bad[i] ^= 0x01
		if _, err := county.OpenPlan(bad, ""); err == nil {
			t.Fatalf("byte %d (%q) changed, and the plan was accepted", i, b[i])
		}
	}
	if _, err := county.OpenPlan(append(b, '\n'), ""); err == nil {
		t.Fatal("a byte appended, and the plan was accepted")
	}
	if _, err := county.OpenPlan([]byte("PK\x03\x04 not a plan"), ""); err == nil || !strings.Contains(err.Error(), "计划文件无效") {
		t.Fatalf("a foreign file: %v", err)
	}
}

func TestPlanImportAtStation(t *testing.T) {
	ctx := context.Background()
	db := newCounty(t)
	s := newStation(t, t.TempDir(), "温溪片卫生院")
	res, p, err := county.ImportPlan(ctx, s, planFile(t, db))
	if err != nil {
		t.Fatal(err)
	}
	if !res.UnitInPlan || res.Replaced || p.Serial != 1 {
		t.Fatalf("result %+v serial %d", res, p.Serial)
	}
	units, _ := s.Units(ctx)
	if len(units) != 10 || units[0].Name != "青田县妇计中心" || units[9].Name != "北山片卫生院" {
		t.Fatalf("units %+v", units)
	}
	prog, _ := s.QuotaProgress(ctx, 2026)
	for _, q := range prog {
		if q.Unit.Name == "温溪片卫生院" && q.Quota != 7 {
			t.Fatalf("quota %+v", q)
		}
	}
	set, _ := s.Settings(ctx)
	if len(set.Bands) != len(model.DefaultAgeBands) || set.County != "青田县" {
		t.Fatalf("settings %+v", set)
	}
	// The same plan again changes nothing.
	if _, _, err := county.ImportPlan(ctx, s, planFile(t, db)[:0]); err == nil {
		t.Fatal("an empty file was accepted")
	}

	// A plan of another county (another key) is refused, nothing changed.
	other := newCounty(t)
	py := model.DefaultPlanYear(2026)
	py.Units[1].Quota = 99
	if err := other.SavePlanYear(ctx, py); err != nil {
		t.Fatal(err)
	}
	_, _, err = county.ImportPlan(ctx, s, planFile(t, other))
	if model.ErrorCode(err) != model.ECONFLICT || !strings.Contains(err.Error(), "另一个密钥") {
		t.Fatalf("another county's plan: %v", err)
	}
	if prog, _ := s.QuotaProgress(ctx, 2026); prog[1].Quota != 7 {
		t.Fatalf("another county's plan changed a quota: %+v", prog[1])
	}

	// A newer plan from the same county replaces it; the older one is then refused.
	old := planFile(t, db)
	py = model.DefaultPlanYear(2026)
	py.Units[1].Quota = 9
	py.DueDay = 5
	if err := db.SavePlanYear(ctx, py); err != nil {
		t.Fatal(err)
	}
	res, p, err = county.ImportPlan(ctx, s, planFile(t, db))
	if err != nil || !res.Replaced {
		t.Fatalf("a newer plan: %v %+v", err, res)
	}
	if prog, _ := s.QuotaProgress(ctx, 2026); prog[1].Quota != 9 {
		t.Fatalf("the newer plan's quota: %+v", prog[1])
	}
	if got, _ := s.Plan(ctx); got == nil || got.Serial != p.Serial || got.Years[0].DueDay != 5 {
		t.Fatalf("plan held %+v", got)
	}
	if _, _, err := county.ImportPlan(ctx, s, old); model.ErrorCode(err) != model.ECONFLICT || !strings.Contains(err.Error(), "旧") {
		t.Fatalf("an older plan: %v", err)
	}
}

// TestPlanImportSameFileAgain: the plan already held, imported again,
// changes nothing and says so without an error; another plan with the
// same issue number (a county restored from a backup) is refused.
func TestPlanImportSameFileAgain(t *testing.T) {
	ctx := context.Background()
	db := newCounty(t)
	s := newStation(t, t.TempDir(), "温溪片卫生院")
	file := planFile(t, db)
	if _, _, err := county.ImportPlan(ctx, s, file); err != nil {
		t.Fatal(err)
	}
	res, p, err := county.ImportPlan(ctx, s, file)
	if err != nil || !res.Unchanged || res.Replaced || p.Serial != 1 || !res.UnitInPlan {
		t.Fatalf("the same plan again: %v %+v", err, res)
	}
	stick := t.TempDir()
	if err := os.WriteFile(filepath.Join(stick, "计划.json"), file, 0o644); err != nil {
		t.Fatal(err)
	}
	msg, err := county.ImportPlanFrom(ctx, s, []string{stick}, model.LangZH)
	if err != nil || !strings.Contains(msg, "已经导入过，未作改动") {
		t.Fatalf("the same plan from the stick: %v %q", err, msg)
	}

	// The same issue number with other content is not the plan held.
	keys, err := db.Keys(ctx)
	if err != nil {
		t.Fatal(err)
	}
	other, err := county.SignPlan(&model.Plan{County: p.County, Serial: p.Serial, IssuedAt: p.IssuedAt.Add(time.Hour),
		Recipient: p.Recipient, Years: p.Years}, keys.Sign)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := county.ImportPlan(ctx, s, other); model.ErrorCode(err) != model.ECONFLICT || !strings.Contains(err.Error(), "内容不同") {
		t.Fatalf("another plan with the same number: %v", err)
	}
}

func TestPlanStationWithAnotherUnitMustPick(t *testing.T) {
	ctx := context.Background()
	s := newStation(t, t.TempDir(), "温溪卫生院") // typed freely, not the plan's name
	res, _, err := county.ImportPlan(ctx, s, planFile(t, newCounty(t)))
	if err != nil {
		t.Fatal(err)
	}
	if res.UnitInPlan {
		t.Fatal("a unit not in the plan was taken as the plan's")
	}
}

// TestReportStatus: the station's line on home. Reports are owed from the
// month the plan was first imported (start): before, nothing is due and
// nothing is late; from it, the due-day rule.
func TestReportStatus(t *testing.T) {
	d := model.MustDate
	for _, c := range []struct {
		today, last, start string
		sent               bool
		late               int
		text               string
	}{
		{"2026-11-05", "", "2026-01-01", false, 0, "本月应上报（10日前）"},
		{"2026-11-05", "2026-10-31", "2026-01-01", false, 0, "本月应上报（10日前）"},
		{"2026-11-10", "", "2026-01-01", false, 0, "本月应上报（10日前）"},
		{"2026-11-13", "2026-10-20", "2026-01-01", false, 3, "本月应上报，逾期 3 天"},
		{"2026-11-13", "2026-11-01", "2026-01-01", true, 0, "本月应上报，已上报"},
		{"2027-01-02", "2026-12-31", "2026-01-01", false, 0, "本月应上报（10日前）"},
		// The plan came in November: October is not owed.
		{"2026-11-30", "", "2026-11-01", false, 0, "本月无需上报（首次上报：12月10日前）"},
		{"2026-11-30", "2026-11-30", "2026-11-01", true, 0, "本月无需上报（首次上报：12月10日前）"},
		// November is owed, due 10 December.
		{"2026-12-10", "", "2026-11-01", false, 0, "本月应上报（10日前）"},
		{"2026-12-11", "", "2026-11-01", false, 1, "本月应上报，逾期 1 天"},
		{"2026-12-11", "2026-12-01", "2026-11-01", true, 0, "本月应上报，已上报"},
		// No start known: nothing owed.
		{"2026-12-11", "", "", false, 0, "本月无需上报"},
	} {
		var last, start model.Date
		if c.last != "" {
			last = d(c.last)
		}
		if c.start != "" {
			start = d(c.start)
		}
		st := model.ReportStatusAt(d(c.today), 10, last, start)
		if st.Sent != c.sent || st.LateDays != c.late || st.Text("zh") != c.text {
			t.Errorf("%s last %s start %s: %+v %q", c.today, c.last, c.start, st, st.Text("zh"))
		}
	}
	st := model.ReportStatusAt(d("2026-11-30"), 10, model.Date{}, d("2026-11-01"))
	if got := st.Text(model.LangEN); got != "no monthly report due yet (first by 10 Dec)" {
		t.Errorf("English: %q", got)
	}
}

// TestReportStart: the first owed month is the start's month in China
// time, whatever the hour in UTC.
func TestReportStart(t *testing.T) {
	loc := county.Zone()
	for _, c := range []struct {
		at   time.Time
		want string
	}{
		{time.Date(2026, 11, 30, 19, 0, 0, 0, time.UTC), "2026-12-01"}, // 03:00 on 1 December in China
		{time.Date(2026, 11, 30, 2, 0, 0, 0, time.UTC), "2026-11-01"},  // 10:00 on 30 November
		{time.Date(2026, 12, 31, 16, 30, 0, 0, time.UTC), "2027-01-01"},
	} {
		if got := model.ReportStart(c.at, loc); got != model.MustDate(c.want) {
			t.Errorf("%s: %s, want %s", c.at, got, c.want)
		}
	}
	if !model.ReportStart(time.Time{}, loc).IsZero() || model.ReportOwed(model.MustDate("2026-11-15"), model.Date{}) {
		t.Error("no start owes something")
	}
	if model.ReportOwed(model.MustDate("2026-10-31"), model.MustDate("2026-11-01")) || !model.ReportOwed(model.MustDate("2026-11-01"), model.MustDate("2026-11-01")) {
		t.Error("owed months wrong at the start")
	}
}

// TestFindPlanFile: the kiosk finds the county's plan on a stick, at its
// top or one folder down, and ignores other JSON files.
func TestFindPlanFile(t *testing.T) {
	stick := t.TempDir()
	if _, err := county.FindPlanFile([]string{stick}); model.ErrorCode(err) != model.ENOTFOUND {
		t.Fatalf("an empty stick: %v", err)
	}
	os.WriteFile(filepath.Join(stick, "照片.json"), []byte(`{"format":"something else"}`), 0o644)
	os.MkdirAll(filepath.Join(stick, "县妇计中心"), 0o755)
	want := filepath.Join(stick, "县妇计中心", "计划 2026.json")
	os.WriteFile(want, planFile(t, newCounty(t)), 0o644)
	got, err := county.FindPlanFile([]string{t.TempDir(), stick})
	if err != nil || got != want {
		t.Fatalf("found %q, %v", got, err)
	}
}
