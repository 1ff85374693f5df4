package county_test

import (
	"context"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"carekiosk/county"
	"carekiosk/countydb"
	"carekiosk/demo"
	"carekiosk/export"
	"carekiosk/model"
	"carekiosk/store"
)

// stationClock is the stations' clock in the test: the end of the year,
// after every generated session.
var stationNow = time.Date(2026, 12, 28, 2, 0, 0, 0, time.UTC)

type testStation struct {
	dir     string
	s       *store.Store
	unit    string
	bundles []string // paths, by number
}

// genStation makes a station of unit in its own folder (a Chinese name):
// it imports the plan, holds sessions over 2026 and registers with the
// county.
func genStation(t testing.TB, db *countydb.DB, plan []byte, root string, i int, unit string, sessions int) *testStation {
	t.Helper()
	ctx := context.Background()
	dir := filepath.Join(root, fmt.Sprintf("站点%02d_%s", i, unit))
	s, err := store.Open(dir, store.Options{Clock: fixedClock(stationNow)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if _, _, err := county.ImportPlan(ctx, s, plan); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.FillStation(ctx, s, demo.StationOptions{Unit: unit, Year: 2026, Sessions: sessions, Families: 25 + sessions*3,
		Seed: int64(100 + i), Clock: fixedClock(stationNow.Add(time.Duration(i) * time.Minute))}); err != nil {
		t.Fatal(err)
	}
	pub, err := export.PublicKey(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Register(ctx, pub, unit); err != nil {
		t.Fatal(err)
	}
	return &testStation{dir: dir, s: s, unit: unit}
}

// export writes the station's next bundle into a folder of its own.
func (st *testStation) export(t testing.TB, out string) string {
	t.Helper()
	rep, err := export.Run(context.Background(), st.s, export.Options{OutDir: out, Formats: []string{export.FormatBundle}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	st.bundles = append(st.bundles, rep.Bundle)
	return rep.Bundle
}

// monthKey is a unit and a month of the year.
type monthKey struct {
	unit  string
	month string
}

type monthCount struct{ sessions, signIns, families int }

// stationCounts computes the closed sessions, sign-ins and families per
// unit and month from a station's own database.
func stationCounts(t testing.TB, st *testStation, into map[monthKey]monthCount) {
	ctx := context.Background()
	sess, err := st.s.Sessions(ctx, model.SessionFilter{States: []model.SessionState{model.StateClosed}})
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range sess {
		sis, err := st.s.SignIns(ctx, x.ID)
		if err != nil {
			t.Fatal(err)
		}
		fam := map[string]bool{}
		for _, si := range sis {
			fam[si.FamilyID] = true
		}
		k := monthKey{st.unit, x.Date.String()[:7]}
		c := into[k]
		c.sessions++
		c.signIns += len(sis)
		c.families += len(fam)
		into[k] = c
	}
}

// countyCounts reads the same figures from the county's database.
func countyCounts(t testing.TB, db *countydb.DB) map[monthKey]monthCount {
	sess, err := db.Sessions(context.Background(), county.SessionFilter{Closed: true})
	if err != nil {
		t.Fatal(err)
	}
	out := map[monthKey]monthCount{}
	for _, x := range sess {
		k := monthKey{x.Unit, x.Date.String()[:7]}
		c := out[k]
		c.sessions++
		c.signIns += x.SignIns
		c.families += x.Families
		out[k] = c
	}
	return out
}

func importAll(t testing.TB, db *countydb.DB, files []string, seed int64) []county.Result {
	t.Helper()
	shuffled := append([]string(nil), files...)
	rand.New(rand.NewSource(seed)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	return county.Import(context.Background(), db, shuffled, stationNow.Add(time.Hour))
}

// TestCountyYear is the county's year: stations each in their own folder
// with their own key, bundles imported shuffled and twice, one altered,
// one missing, one session corrected and one sign-in withdrawn after an
// earlier export; the county's counts per unit and month must equal those
// computed from the stations' own databases.
func TestCountyYear(t *testing.T) {
	n, sessions := 3, 4
	if !testing.Short() {
		n, sessions = 10, 0 // ten stations, each its quota
	}
	ctx := context.Background()
	db := newCounty(t)
	plan := planFile(t, db)
	root := filepath.Join(t.TempDir(), "青田县 数据包")
	var sts []*testStation
	for i, cu := range model.QingtianPlan[:n] {
		k := sessions
		if k == 0 {
			k = cu.Quota
		}
		sts = append(sts, genStation(t, db, plan, root, i, cu.Name, k))
	}
	out := filepath.Join(root, "U盘")
	for _, st := range sts {
		st.export(t, out)
	}
	// Station 0 corrects a session after its first export.
	s0 := sts[0]
	closed, err := s0.s.Sessions(ctx, model.SessionFilter{States: []model.SessionState{model.StateClosed}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s0.s.Correct(ctx, model.CorrectionInput{SessionID: closed[1].ID, Who: "叶巧玉", Field: model.FieldTitle, NewValue: "更正后的标题", Reason: "标题写错"}); err != nil {
		t.Fatal(err)
	}
	// Station 1 exports mid-session, then withdraws a sign-in and closes.
	withdrawn := midSessionWithdraw(t, sts[1], out)
	for _, st := range sts {
		st.export(t, out)
	}
	sts[2].export(t, out) // its bundle 2 goes missing; 3 covers it

	var files []string
	for i, st := range sts {
		for j, b := range st.bundles {
			if i == 2 && j == 1 {
				continue
			}
			files = append(files, b)
		}
	}
	altered := alteredCopy(t, sts[0].bundles[0], filepath.Join(root, "改动过的"))
	res := importAll(t, db, append(files, altered), 1)
	checkFirstImport(t, res, altered, len(files))
	res = importAll(t, db, append(files, altered), 2)
	for _, r := range res {
		if r.File != altered && (r.Err != nil || !r.Duplicate) {
			t.Fatalf("second import of %s: %+v", r.File, r)
		}
	}
	receipts, _ := db.Receipts(ctx, "")
	if len(receipts) != len(files) {
		t.Fatalf("%d receipts for %d bundles", len(receipts), len(files))
	}
	gaps, _ := db.Gaps(ctx)
	if len(gaps) != 1 || gaps[0].Sequence != 2 || !gaps[0].Covered || gaps[0].Unit != sts[2].unit {
		t.Fatalf("gaps %+v", gaps)
	}

	want := map[monthKey]monthCount{}
	for _, st := range sts {
		stationCounts(t, st, want)
	}
	if got := countyCounts(t, db); !reflect.DeepEqual(got, want) {
		t.Fatalf("county counts per unit and month differ from the stations'\ncounty  %v\nstation %v", got, want)
	}
	checkCorrection(t, db, closed[1].ID)
	w, err := db.Withdrawn(ctx, withdrawn.SessionID)
	if err != nil || len(w) != 1 || w[0].ID != withdrawn.ID {
		t.Fatalf("withdrawn at the county: %v %+v", err, w)
	}
	if prog, _ := db.QuotaProgress(ctx, 2026); len(prog) != 10 || prog[0].Held != len(closed) {
		t.Fatalf("quota progress %+v (station 0 held %d)", prog, len(closed))
	}
}

// checkFirstImport checks the first shuffled import: the altered copy
// refused by name, every other bundle stored once.
func checkFirstImport(t *testing.T, res []county.Result, altered string, n int) {
	t.Helper()
	ok := 0
	for _, r := range res {
		switch {
		case r.File == altered:
			if r.Err == nil || !strings.Contains(r.Err.Error(), "解密") && !strings.Contains(r.Err.Error(), "改动") {
				t.Fatalf("the altered bundle: %v", r.Err)
			}
		case r.Err != nil:
			t.Fatalf("%s refused: %v", r.File, r.Err)
		case r.Duplicate:
			t.Fatalf("%s counted as seen before on the first import", r.File)
		default:
			ok++
		}
	}
	if ok != n {
		t.Fatalf("%d bundles stored, want %d", ok, n)
	}
}

// checkCorrection checks that the county shows the corrected title and
// keeps the correction.
func checkCorrection(t *testing.T, db *countydb.DB, id string) {
	t.Helper()
	ctx := context.Background()
	s, err := db.Session(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	corr, _ := db.Corrections(ctx, id)
	if s.Title != "更正后的标题" || s.Revision != 2 || len(corr) != 1 || corr[0].OldValue == "" || corr[0].Reason != "标题写错" {
		t.Fatalf("corrected session at the county: %+v %+v", s.Session, corr)
	}
	if s.Segments[1].Planned == "" && s.Segments[1].Notes == "" {
		t.Fatal("the session's segments were not kept")
	}
}

// midSessionWithdraw runs a session at station st that is exported while
// open, then has a sign-in withdrawn and is closed. It returns the
// withdrawn sign-in.
func midSessionWithdraw(t *testing.T, st *testStation, out string) model.SignIn {
	t.Helper()
	ctx := context.Background()
	set, _ := st.s.Settings(ctx)
	sess, err := st.s.CreateSession(ctx, model.NewSessionInput{Date: model.DateOf(stationNow.In(set.Location())), StationID: set.StationID,
		Band: set.Bands[2], Title: "年末活动", Instructor: "陈医生", Areas: []model.ContentArea{model.AreaNutrition}, Planned: [4]string{"", "辅食", "分享", "游戏"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.s.AdvanceSession(ctx, sess.ID, model.StateOpen); err != nil {
		t.Fatal(err)
	}
	var sis []model.SignIn
	for i, name := range []string{"王小明", "李小红"} {
		res, err := st.s.SignIn(ctx, model.SignInInput{SessionID: sess.ID, Phone: fmt.Sprintf("1380000000%d", i), Relation: model.RelMother,
			Caregiver: "妈妈" + name, Children: []model.ChildInput{{Name: name, AgeMonths: 8}}, Method: model.MethodKiosk, ConsentVersion: model.ConsentVersion, SignedName: "妈妈" + name})
		if err != nil {
			t.Fatal(err)
		}
		sis = append(sis, res.SignIns...)
	}
	st.export(t, out)
	if err := st.s.WithdrawSignIn(ctx, model.WithdrawInput{SessionID: sess.ID, SignInID: sis[1].ID, Who: "陈医生", Reason: "选错了孩子"}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.s.UpdateSummary(ctx, sess.ID, model.Summary{Handover: "顺利", Cooperation: "配合", Incidents: "无", Other: "无"}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.s.CloseSession(ctx, sess.ID); err != nil {
		t.Fatal(err)
	}
	return sis[1]
}

// alteredCopy copies a bundle with one byte changed in its middle.
func alteredCopy(t testing.TB, path, dir string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)/2] ^= 0x20
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, filepath.Base(path))
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}
