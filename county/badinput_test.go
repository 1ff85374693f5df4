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
	"carekiosk/export"
	"carekiosk/model"
	"carekiosk/store"
)

// receiptsAndSessions counts what the county holds.
func receiptsAndSessions(t *testing.T, db *countydb.DB) (int, int) {
	t.Helper()
	r, err := db.Receipts(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	s, err := db.Sessions(context.Background(), county.SessionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return len(r), len(s)
}

func importOne(t *testing.T, db *countydb.DB, path string, now time.Time) county.Result {
	t.Helper()
	return county.ImportFile(context.Background(), db, path, now)
}

func TestWithdrawnEitherOrder(t *testing.T) {
	for _, order := range [][2]int{{0, 1}, {1, 0}} {
		db := newCounty(t)
		st := genStation(t, db, planFile(t, db), t.TempDir(), 0, "温溪片卫生院", 1)
		out := t.TempDir()
		w := midSessionWithdraw(t, st, out) // bundle 1: mid-session
		st.export(t, out)                   // bundle 2: withdrawn, closed
		for _, i := range order {
			if r := importOne(t, db, st.bundles[i], stationNow); r.Err != nil {
				t.Fatal(r.Err)
			}
		}
		ctx := context.Background()
		got, _ := db.Withdrawn(ctx, w.SessionID)
		sis, _ := db.SignIns(ctx, w.SessionID)
		s, _ := db.Session(ctx, w.SessionID)
		if len(got) != 1 || got[0].ID != w.ID || got[0].NoticedIn != 2 || len(sis) != 1 || s.SignIns != 1 || s.State != model.StateClosed {
			t.Fatalf("order %v: withdrawn %+v, sign-ins %d, session %+v", order, got, len(sis), s)
		}
	}
}

func TestImportRefusesUnknownAndOtherUnit(t *testing.T) {
	ctx := context.Background()
	db := newCounty(t)
	plan := planFile(t, db)
	root := t.TempDir()
	st := genStation(t, db, plan, root, 0, "温溪片卫生院", 1)

	// A station the county never registered.
	other, err := store.Open(filepath.Join(root, "未登记"), store.Options{Clock: fixedClock(stationNow)})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, _, err := county.ImportPlan(ctx, other, plan); err != nil {
		t.Fatal(err)
	}
	rep, err := export.Run(ctx, other, export.Options{OutDir: filepath.Join(root, "out"), Formats: []string{export.FormatBundle}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r := importOne(t, db, rep.Bundle, stationNow); r.Err == nil || !strings.Contains(r.Err.Error(), "未登记") {
		t.Fatalf("an unregistered station: %v", r.Err)
	}

	// A station registered to another unit than its bundle names.
	set, _ := st.s.Settings(ctx)
	units, _ := st.s.Units(ctx)
	for _, u := range units {
		if u.Name == "鹤城片卫生院" {
			set.UnitID = u.ID
		}
	}
	if err := st.s.SaveSettings(ctx, set); err != nil {
		t.Fatal(err)
	}
	b := st.export(t, filepath.Join(root, "out"))
	r := importOne(t, db, b, stationNow)
	if r.Err == nil || !strings.Contains(r.Err.Error(), "登记在“温溪片卫生院”") || !strings.Contains(r.Err.Error(), "鹤城片卫生院") {
		t.Fatalf("a station of another unit: %v", r.Err)
	}
	if n, m := receiptsAndSessions(t, db); n != 0 || m != 0 {
		t.Fatalf("refused bundles stored %d receipts, %d sessions", n, m)
	}
	// A file that is no bundle at all.
	junk := filepath.Join(root, "照片.zip")
	os.WriteFile(junk, []byte("not a zip"), 0o644)
	if r := importOne(t, db, junk, stationNow); r.Err == nil || !strings.Contains(r.Err.Error(), "zip") {
		t.Fatalf("a foreign file: %v", r.Err)
	}
}

// TestImportEveryFlag: a bundle made before the plan (not encrypted), a
// second bundle with the same number (a station restored from a backup),
// and a station whose clock ran ahead are imported and flagged.
func TestImportEveryFlag(t *testing.T) {
	ctx := context.Background()
	db := newCounty(t)
	root := t.TempDir()
	s, err := store.Open(filepath.Join(root, "站点"), store.Options{Clock: fixedClock(stationNow)})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	u, _ := s.CreateUnit(ctx, "温溪片卫生院", 1)
	x, _ := s.CreateStation(ctx, "温溪镇卫生院儿童保健室", u.ID)
	set, _ := s.Settings(ctx)
	set.UnitID, set.StationID = u.ID, x.ID
	s.SaveSettings(ctx, set)
	pub, _ := export.PublicKey(ctx, s)
	if _, err := db.Register(ctx, pub, "温溪片卫生院"); err != nil {
		t.Fatal(err)
	}
	st := &testStation{dir: filepath.Join(root, "站点"), s: s, unit: "温溪片卫生院"}
	plain := st.export(t, filepath.Join(root, "out"))
	r := importOne(t, db, plain, stationNow)
	if r.Err != nil || !strings.Contains(strings.Join(r.Notes, "\n"), "未加密") {
		t.Fatalf("a bundle made before the plan: %+v", r)
	}
	if _, _, err := county.ImportPlan(ctx, s, planFile(t, db)); err != nil {
		t.Fatal(err)
	}
	s.Close()
	// A backup of the folder, taken now, exports the same number later.
	backup := filepath.Join(root, "备份")
	copyDir(t, st.dir, backup)
	s2, err := store.Open(st.dir, store.Options{Clock: fixedClock(stationNow.Add(time.Hour))})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	st.s = s2
	two := st.export(t, filepath.Join(root, "out"))
	restored, err := store.Open(backup, store.Options{Clock: fixedClock(stationNow.Add(72 * time.Hour))})
	if err != nil {
		t.Fatal(err)
	}
	defer restored.Close()
	again := (&testStation{s: restored}).export(t, filepath.Join(root, "out2"))
	if r := importOne(t, db, two, stationNow.Add(2*time.Hour)); r.Err != nil || len(r.Notes) != 0 {
		t.Fatalf("bundle 2: %+v", r)
	}
	r = importOne(t, db, again, stationNow.Add(2*time.Hour))
	notes := strings.Join(r.Notes, "\n")
	if r.Err != nil || !strings.Contains(notes, "另一个第 2 号") || !strings.Contains(notes, "时钟超前") {
		t.Fatalf("a second bundle 2 from a clock ahead: %+v", r)
	}
	rs, _ := db.Receipts(ctx, "")
	if len(rs) != 3 || !rs[2].Replaced || rs[1].Replaced || !rs[1].Sealed || rs[0].Sealed {
		t.Fatalf("receipts %+v", rs)
	}
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	os.MkdirAll(to, 0o755)
	entries, _ := os.ReadDir(from)
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(from, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(to, e.Name()), b, 0o644)
	}
}

// TestImportSealedByteFlips changes bytes of a sealed bundle (every byte
// of the age header and of the last 64, every 29th between): each copy is
// refused and nothing of it is stored; the intact bundle then imports.
func TestImportSealedByteFlips(t *testing.T) {
	db := newCounty(t)
	st := genStation(t, db, planFile(t, db), t.TempDir(), 0, "温溪片卫生院", 1)
	path := st.export(t, t.TempDir())
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(t.TempDir(), "坏.zip.age")
	for i := 0; i < len(b); i++ {
		if i > 256 && i%29 != 0 && i < len(b)-64 {
			continue
		}
		c := append([]byte(nil), b...)
		c[i] ^= 0x04
		os.WriteFile(bad, c, 0o644)
		if r := importOne(t, db, bad, stationNow); r.Err == nil {
			t.Fatalf("byte %d of %d changed, and the bundle was imported", i, len(b))
		}
	}
	if n, m := receiptsAndSessions(t, db); n != 0 || m != 0 {
		t.Fatalf("altered bundles stored %d receipts, %d sessions", n, m)
	}
	if r := importOne(t, db, path, stationNow); r.Err != nil {
		t.Fatal(r.Err)
	}
}

// TestImportNotesSessionsOfAnotherUnit: the demo year holds every unit's
// sessions at one station; the county counts them for the station's
// registered unit and says so.
func TestImportNotesSessionsOfAnotherUnit(t *testing.T) {
	ctx := context.Background()
	db := newCounty(t)
	st := genStation(t, db, planFile(t, db), t.TempDir(), 0, "温溪片卫生院", 2)
	units, _ := st.s.Units(ctx)
	set, _ := st.s.Settings(ctx)
	for _, u := range units {
		if u.Name == "北山片卫生院" {
			x, err := st.s.CreateStation(ctx, "北山活动室", u.ID)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := st.s.CreateSession(ctx, model.NewSessionInput{Date: model.MustDate("2027-01-05"), StationID: x.ID, Band: set.Bands[0],
				Title: "北山的活动", Instructor: "陈医生", Areas: []model.ContentArea{model.AreaNutrition}}); err != nil {
				t.Fatal(err)
			}
			s, _ := st.s.Sessions(ctx, model.SessionFilter{From: model.MustDate("2027-01-05")})
			if _, err := st.s.AdvanceSession(ctx, s[0].ID, model.StateOpen); err != nil {
				t.Fatal(err)
			}
		}
	}
	r := importOne(t, db, st.export(t, t.TempDir()), stationNow)
	if r.Err != nil || !strings.Contains(strings.Join(r.Notes, "\n"), "其中 1 场活动记录写的单位不是本站登记的“温溪片卫生院”") {
		t.Fatalf("%+v", r)
	}
}

// TestStationNameFromNewestBundle: an older bundle imported last does not
// bring back the station's old name.
func TestStationNameFromNewestBundle(t *testing.T) {
	ctx := context.Background()
	db := newCounty(t)
	st := genStation(t, db, planFile(t, db), t.TempDir(), 0, "温溪片卫生院", 1)
	out := t.TempDir()
	st.export(t, out)
	set, _ := st.s.Settings(ctx)
	x, err := st.s.CreateStation(ctx, "温溪新活动室", set.UnitID)
	if err != nil {
		t.Fatal(err)
	}
	set.StationID = x.ID
	if err := st.s.SaveSettings(ctx, set); err != nil {
		t.Fatal(err)
	}
	st.export(t, out)
	for _, i := range []int{1, 0} {
		if r := importOne(t, db, st.bundles[i], stationNow); r.Err != nil {
			t.Fatal(r.Err)
		}
	}
	if sts, _ := db.Stations(ctx); len(sts) != 1 || sts[0].Name != "温溪新活动室" {
		t.Fatalf("stations %+v", sts)
	}
}
