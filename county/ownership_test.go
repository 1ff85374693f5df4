package county_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"carekiosk/county/countytest"
	"carekiosk/model"
	"carekiosk/store"
)

// hostilePair is a county with two registered stations, each with its
// first bundle imported: a, the honest one, and b, which will send records
// naming a's ids.
type hostilePair struct {
	c    *countytest.County
	a, b *countytest.Station
	out  string
}

func newHostilePair(t *testing.T) *hostilePair {
	t.Helper()
	c := countytest.New(t, t.TempDir(), 2026, cst(2027, 2, 15, 9))
	p := &hostilePair{c: c, out: filepath.Join(c.Root, "U盘")}
	p.a = c.AddStation(t, "温溪片卫生院", 2026, 4)
	p.b = c.AddStation(t, "船寮片卫生院", 2026, 4)
	c.Import(t, p.a.Export(t, cst(2026, 12, 20, 10), p.out), p.b.Export(t, cst(2026, 12, 20, 11), p.out))
	return p
}

// tamper runs SQL on a station's database behind its store's back, as a
// station whose software or database was altered would.
func tamper(t *testing.T, s *store.Store, q string, args ...any) {
	t.Helper()
	db, err := sql.Open("sqlite", store.FileURI(s.Path())+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(q, args...); err != nil {
		t.Fatal(err)
	}
}

// refusedCleanly imports b's next bundle and checks it is refused with a
// Chinese message naming another station, nothing of it stored.
func (p *hostilePair) refusedCleanly(t *testing.T) {
	t.Helper()
	p.refused(t, "另一个站点")
}

// refused imports b's next bundle and checks it is refused with a Chinese
// message holding want, nothing of it stored.
func (p *hostilePair) refused(t *testing.T, want string) {
	t.Helper()
	n, _ := receiptsAndSessions(t, p.c.DB)
	res := importOne(t, p.c.DB, p.b.Export(t, cst(2027, 1, 5, 16), p.out), cst(2027, 2, 15, 9))
	if res.Err == nil {
		t.Fatal("the bundle was imported")
	}
	if msg := model.ErrorMessage(res.Err, model.LangZH); !strings.Contains(msg, want) {
		t.Errorf("message %q does not say %q", msg, want)
	}
	if after, _ := receiptsAndSessions(t, p.c.DB); after != n {
		t.Errorf("receipts %d, were %d: part of the refused bundle was stored", after, n)
	}
}

// TestImportRefusesErasureOfAnotherStationsFamily: a station's bundle whose
// erasure names a family of another station is refused, and that family's
// names and phone numbers stay at the county.
func TestImportRefusesErasureOfAnotherStationsFamily(t *testing.T) {
	p := newHostilePair(t)
	fam, secrets := uniqueFamily(t, p.a.Store)
	tamper(t, p.b.Store, `INSERT INTO family_erasures (id, family_id, kind, at, who) VALUES ('e0000000-0000-4000-8000-000000000001', ?, 'request', '2026-12-30T02:00:00Z', '王')`, fam)
	p.refusedCleanly(t)
	if found := dbHas(t, p.c.DB.Path(), secrets); len(found) == 0 {
		t.Error("another station's bundle erased this station's family at the county")
	}
}

// TestImportRefusesSignInChangeNamingAnotherStationsChild: a sign-in
// change on the station's own session that names another station's
// children (whose names the county's forms would show beside the
// session) is refused.
func TestImportRefusesSignInChangeNamingAnotherStationsChild(t *testing.T) {
	p := newHostilePair(t)
	ctx := context.Background()
	famA, _ := uniqueFamily(t, p.a.Store)
	fa, err := p.a.Store.Family(ctx, famA)
	if err != nil {
		t.Fatal(err)
	}
	famB, _ := uniqueFamily(t, p.b.Store)
	att, err := p.b.Store.Attendance(ctx, mustChild(t, p.b.Store, famB))
	if err != nil || len(att) == 0 {
		t.Fatalf("attendance %v %v", att, err)
	}
	si := att[0].SignIn
	tamper(t, p.b.Store, `INSERT INTO sign_in_changes (id, session_id, sign_in_id, seq, kind, who, at, reason, old_value, new_value)
		VALUES ('c0000000-0000-4000-8000-000000000001', ?, ?, ?, 'child', '王', '2026-12-30T02:00:00Z', '选错', ?, ?)`,
		si.SessionID, si.ID, si.Seq, si.ChildID, fa.Children[0].ID)
	p.refusedCleanly(t)
}

// TestImportRefusesChildOfAnotherStation: a child record carrying another
// station's child id (at a revision that station never sent) is refused,
// and that child keeps its name at the county.
func TestImportRefusesChildOfAnotherStation(t *testing.T) {
	p := newHostilePair(t)
	ctx := context.Background()
	famA, secrets := uniqueFamily(t, p.a.Store)
	kidA := mustChild(t, p.a.Store, famA)
	famB, _ := uniqueFamily(t, p.b.Store)
	kidB := mustChild(t, p.b.Store, famB)
	if _, err := p.b.Store.CorrectFamily(ctx, model.FamilyCorrectionInput{FamilyID: famB, Kind: model.FixChildName, TargetID: kidB,
		NewValue: "冒名顶替", Who: "王", Reason: "改名"}); err != nil {
		t.Fatal(err)
	}
	tamper(t, p.b.Store, `PRAGMA foreign_keys = OFF; UPDATE children SET id = ?1 WHERE id = ?2; UPDATE sign_ins SET child_id = ?1 WHERE child_id = ?2`, kidA, kidB)
	p.refusedCleanly(t)
	if found := dbHas(t, p.c.DB.Path(), secrets[:1]); len(found) == 0 {
		t.Error("another station's bundle renamed this station's child at the county")
	}
}

// mustChild returns the first child of a family.
func mustChild(t *testing.T, s *store.Store, fam string) string {
	t.Helper()
	f, err := s.Family(context.Background(), fam)
	if err != nil || len(f.Children) == 0 {
		t.Fatalf("family %s: %v", fam, err)
	}
	return f.Children[0].ID
}

// TestHeldErasureOfAnotherStationsFamilyHarmless: an erasure row a county
// stored before it refused such bundles, naming another station's family,
// is applied again after an older bundle of its station; it must not erase
// the other station's family.
func TestHeldErasureOfAnotherStationsFamilyHarmless(t *testing.T) {
	p := newHostilePair(t)
	fam, secrets := uniqueFamily(t, p.a.Store)
	older := p.b.Export(t, cst(2026, 12, 21, 10), p.out)
	newer := p.b.Export(t, cst(2026, 12, 22, 10), p.out)
	p.c.Import(t, newer)
	db, err := sql.Open("sqlite", store.FileURI(p.c.DB.Path())+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	res, err := db.Exec(`INSERT INTO erasures (id, station, family_id, kind, at, received_in, received_at)
		SELECT 'e0000000-0000-4000-8000-000000000009', station, ?, 'request', '2026-12-30T02:00:00Z', 99, '2026-12-30T02:00:00Z'
		FROM receipts WHERE file_name = ?`, fam, filepath.Base(newer))
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		t.Fatalf("%d erasure rows stored", n)
	}
	p.c.Import(t, older)
	if found := dbHas(t, p.c.DB.Path(), secrets); len(found) == 0 {
		t.Error("a held erasure of one station erased another station's family")
	}
}
