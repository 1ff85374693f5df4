package store

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"carekiosk/model"
)

// fixedClock returns a clock that reads t and advances a millisecond a call.
func fixedClock(t time.Time) model.Clock {
	return model.Clock{Now: func() time.Time { t = t.Add(time.Millisecond); return t }}
}

var testNow = time.Date(2026, 11, 22, 1, 30, 0, 0, time.UTC) // 09:30 in Asia/Shanghai

// newTestStore opens a store in a temp dir with a unit, a station and settings.
func newTestStore(t testing.TB) (*Store, string) {
	t.Helper()
	dir := t.TempDir()
	s, err := Open(dir, Options{Clock: fixedClock(testNow)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	seedStation(t, s)
	return s, dir
}

func seedStation(t testing.TB, s *Store) {
	ctx := context.Background()
	u, err := s.CreateUnit(ctx, "温溪片卫生院", 2)
	if err != nil {
		t.Fatal(err)
	}
	st, err := s.CreateStation(ctx, "温溪镇社区卫生服务站", u.ID)
	if err != nil {
		t.Fatal(err)
	}
	set := model.DefaultSettings()
	set.UnitID, set.StationID = u.ID, st.ID
	if err := s.SaveSettings(ctx, set); err != nil {
		t.Fatal(err)
	}
}

func openSession(t testing.TB, s *Store, band model.AgeBand) *model.Session {
	t.Helper()
	ctx := context.Background()
	sess, err := s.CreateSession(ctx, model.NewSessionInput{Date: model.MustDate("2026-11-22"), Band: band, Title: "辅食添加", Instructor: "陈医生",
		Areas: []model.ContentArea{model.AreaNutrition}, Planned: [4]string{"", "辅食", "分享", "游戏"}})
	if err != nil {
		t.Fatal(err)
	}
	if sess, err = s.AdvanceSession(ctx, sess.ID, model.StateOpen); err != nil {
		t.Fatal(err)
	}
	return sess
}

func kioskSignIn(sessionID, child, birth, phone string) model.SignInInput {
	return model.SignInInput{SessionID: sessionID, Children: []model.ChildInput{{Name: child, BirthDate: model.MustDate(birth)}},
		Phone: phone, Relation: model.RelMother, Method: model.MethodKiosk, SignedName: "李丽", ConsentVersion: model.ConsentVersion}
}

func TestSessionLifecycle(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	sess := openSession(t, s, model.AgeBand{Min: 7, Max: 9})
	if sess.State != model.StateOpen || sess.Station != "温溪镇社区卫生服务站" || sess.Unit != "温溪片卫生院" {
		t.Fatalf("session: %+v", sess)
	}
	r1, err := s.SignIn(ctx, kioskSignIn(sess.ID, "王小明", "2026-02-10", "13812345678"))
	if err != nil {
		t.Fatal(err)
	}
	if r1.SignIns[0].Seq != 1 || r1.SignIns[0].AgeMonths != 9 || r1.SignIns[0].OutsideBand {
		t.Errorf("first sign-in: %+v", r1.SignIns[0])
	}
	// Same child again (its family picked, same name): keeps 序号 1.
	again := kioskSignIn(sess.ID, "王小明", "2026-02-10", "138-1234-5678")
	again.FamilyID = r1.FamilyID
	r2, err := s.SignIn(ctx, again)
	if err != nil {
		t.Fatal(err)
	}
	if !r2.Existing[0] || r2.SignIns[0].Seq != 1 || r2.FamilyID != r1.FamilyID {
		t.Errorf("repeat sign-in: %+v", r2)
	}
	// A child outside the band is accepted and marked.
	r3, err := s.SignIn(ctx, kioskSignIn(sess.ID, "张乐乐", "2025-05-01", "13900001111"))
	if err != nil {
		t.Fatal(err)
	}
	if r3.SignIns[0].Seq != 2 || !r3.SignIns[0].OutsideBand || r3.SignIns[0].AgeMonths != 18 {
		t.Errorf("outside band: %+v", r3.SignIns[0])
	}
	list, _ := s.SignIns(ctx, sess.ID)
	if len(list) != 2 {
		t.Fatalf("sign-ins: %d", len(list))
	}
	// Segments, summary, close.
	notes := "大家互相认识"
	if _, err := s.UpdateSegment(ctx, sess.ID, model.SegIntroductions, model.SegmentUpdate{Start: true, Notes: &notes}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CloseSession(ctx, sess.ID); model.ErrorCode(err) != model.EINVALID {
		t.Errorf("closed without summary: %v", err)
	}
	if _, err := s.UpdateSummary(ctx, sess.ID, model.Summary{Handover: "顺利", Cooperation: "配合好"}); err != nil {
		t.Fatal(err)
	}
	closed, err := s.CloseSession(ctx, sess.ID)
	if err != nil {
		t.Fatal(err)
	}
	if closed.State != model.StateClosed || closed.Segments[0].Notes != notes || closed.Segments[0].EndedAt.IsZero() {
		t.Errorf("closed: %+v", closed)
	}
	// Closed: no sign-ins, no direct edits; corrections only.
	if _, err := s.SignIn(ctx, kioskSignIn(sess.ID, "赵一", "2026-02-01", "13700001111")); model.ErrorCode(err) != model.ECONFLICT {
		t.Errorf("sign-in after close: %v", err)
	}
	if _, err := s.UpdateSummary(ctx, sess.ID, model.Summary{Other: "x"}); model.ErrorCode(err) != model.ECONFLICT {
		t.Errorf("edit after close: %v", err)
	}
	if _, err := s.Correct(ctx, model.CorrectionInput{SessionID: sess.ID, Who: "陈医生", Field: model.FieldTitle, NewValue: "辅食添加（一）"}); model.ErrorCode(err) != model.EINVALID {
		t.Errorf("correction without reason: %v", err)
	}
	c, err := s.Correct(ctx, model.CorrectionInput{SessionID: sess.ID, Who: "陈医生", Field: model.FieldTitle, NewValue: "辅食添加（一）", Reason: "标题写错"})
	if err != nil {
		t.Fatal(err)
	}
	if c.OldValue != "辅食添加" || c.Revision != 2 {
		t.Errorf("correction: %+v", c)
	}
	got, _ := s.Session(ctx, sess.ID)
	if got.Title != "辅食添加（一）" || got.Revision != 2 {
		t.Errorf("after correction: %+v", got)
	}
	cs, _ := s.Corrections(ctx, sess.ID)
	if len(cs) != 1 || cs[0].Reason != "标题写错" {
		t.Errorf("corrections: %+v", cs)
	}
	if _, err := s.w.Exec(`DELETE FROM corrections`); err == nil {
		t.Error("a correction was deleted")
	}
	prog, err := s.QuotaProgress(ctx, 2026)
	if err != nil || len(prog) != 1 || prog[0].Held != 1 {
		t.Errorf("progress: %+v %v", prog, err)
	}
}

func TestSignInNonceAndSiblings(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	sess := openSession(t, s, model.AgeBand{Min: 13, Max: 18})
	in := model.SignInInput{SessionID: sess.ID, Method: model.MethodPhone, ConsentVersion: model.ConsentVersion, Phone: "13812345678", Relation: model.RelGrandmaM,
		SignaturePNG: testPNG(t, 120, 60), Nonce: "abc",
		Children: []model.ChildInput{{Name: "林一", BirthDate: model.MustDate("2025-08-01")}, {Name: "林二", AgeMonths: 14}}}
	r1, err := s.SignIn(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	if len(r1.SignIns) != 2 || r1.SignIns[0].Seq != 1 || r1.SignIns[1].Seq != 2 || r1.SignIns[1].AgeMonths != 14 {
		t.Fatalf("siblings: %+v", r1.SignIns)
	}
	r2, err := s.SignIn(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	if !r2.Existing[0] || !r2.Existing[1] || r2.SignIns[1].ID != r1.SignIns[1].ID {
		t.Errorf("retry created something: %+v", r2)
	}
	fams, err := s.FindFamilies(ctx, model.FamilyQuery{PhoneLast4: "5678"})
	if err != nil || len(fams) != 1 || len(fams[0].Children) != 2 {
		t.Errorf("find by last 4: %+v %v", fams, err)
	}
	fams, _ = s.FindFamilies(ctx, model.FamilyQuery{ChildName: "林"})
	if len(fams) != 1 {
		t.Errorf("find by name: %+v", fams)
	}
	fams, _ = s.FindFamilies(ctx, model.FamilyQuery{CardCode: fams[0].CardCode})
	if len(fams) != 1 {
		t.Errorf("find by card: %+v", fams)
	}
}

func TestClockSanity(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	openSession(t, s, model.AgeBand{Min: 7, Max: 9})
	s.SetClock(fixedClock(time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)))
	_, err := s.CreateSession(ctx, model.NewSessionInput{Date: model.MustDate("2026-11-22"), Band: model.AgeBand{Min: 7, Max: 9}, Title: "x", Instructor: "陈医生"})
	if model.ErrorCode(err) != model.ECLOCK {
		t.Errorf("2000 clock: %v", err)
	}
	s.SetClock(fixedClock(testNow.Add(-48 * time.Hour)))
	_, err = s.CreateSession(ctx, model.NewSessionInput{Date: model.MustDate("2026-11-22"), Band: model.AgeBand{Min: 7, Max: 9}, Title: "x", Instructor: "陈医生"})
	if model.ErrorCode(err) != model.ECLOCK {
		t.Errorf("clock behind newest record: %v", err)
	}
}

func TestRefusesForeignFiles(t *testing.T) {
	cases := map[string]func(path string){
		"text file": func(p string) {
			os.WriteFile(p, []byte("hello, this is not a database at all, just words in a file that happens to sit here.........."), 0o600)
		},
		"short file": func(p string) { os.WriteFile(p, []byte("SQLite format 3\x00"), 0o600) },
		"other sqlite": func(p string) {
			db, _ := sql.Open("sqlite", p)
			db.Exec("CREATE TABLE x(a)")
			db.Close()
		},
		"newer carekiosk": func(p string) {
			db, _ := sql.Open("sqlite", p)
			db.Exec("CREATE TABLE x(a)")
			db.Exec("PRAGMA application_id = 1129007439")
			db.Exec("PRAGMA user_version = 99")
			db.Close()
		},
	}
	for name, make := range cases {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			p := filepath.Join(dir, FileName)
			make(p)
			before, _ := os.ReadFile(p)
			_, err := Open(dir, Options{})
			if model.ErrorCode(err) != model.ESTORAGE {
				t.Fatalf("opened: %v", err)
			}
			if e := err.(*model.Error); !strings.Contains(e.Message, "未作任何改动") || e.MessageEN == "" {
				t.Errorf("message: %v", e)
			}
			after, _ := os.ReadFile(p)
			if string(before) != string(after) {
				t.Error("file changed")
			}
			if _, err := os.Stat(p + "-wal"); err == nil {
				t.Error("a WAL file was created")
			}
		})
	}
}

func TestRefusesDamagedFile(t *testing.T) {
	s, dir := newTestStore(t)
	sess := openSession(t, s, model.AgeBand{Min: 7, Max: 9})
	for i := 0; i < 200; i++ {
		if _, err := s.SignIn(context.Background(), kioskSignIn(sess.ID, "孩子"+string(rune('甲'+i)), "2026-02-10", "13812345678")); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	p := filepath.Join(dir, FileName)
	b, _ := os.ReadFile(p)
	if len(b) < 8192 {
		t.Fatalf("database too small to damage: %d", len(b))
	}
	// Scribble over the b-tree page headers of every page past the first.
	for page := 4096; page+12 <= len(b); page += 4096 {
		for i := page; i < page+12; i++ {
			b[i] ^= 0x5a
		}
	}
	os.WriteFile(p, b, 0o600)
	_, err := Open(dir, Options{})
	if model.ErrorCode(err) != model.ESTORAGE || !strings.Contains(err.Error(), "损坏") || !strings.Contains(err.Error(), "用备份恢复") {
		t.Fatalf("damaged file opened, or no advice to restore a backup: %v", err)
	}
	after, _ := os.ReadFile(p)
	if string(after) != string(b) {
		t.Error("damaged file was changed")
	}
}

func TestDiskFull(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, Options{Clock: fixedClock(testNow)})
	if err != nil {
		t.Fatal(err)
	}
	seedStation(t, s)
	sess := openSession(t, s, model.AgeBand{Min: 7, Max: 9})
	var pages int
	s.r.QueryRow("PRAGMA page_count").Scan(&pages)
	s.Close()
	// Reopen with room for only a few more pages.
	s, err = Open(dir, Options{Clock: fixedClock(testNow.Add(time.Hour)), MaxPageCount: pages + 3})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	big := noisePNG(t)
	var committed []string
	var fullErr error
	for i := 0; i < 50; i++ {
		in := kioskSignIn(sess.ID, "孩子"+string(rune('甲'+i)), "2026-02-10", "13812345678")
		in.SignaturePNG = big
		r, err := s.SignIn(ctx, in)
		if err != nil {
			fullErr = err
			break
		}
		committed = append(committed, r.SignIns[0].ID)
	}
	if model.ErrorCode(fullErr) != model.EFULL {
		t.Fatalf("want a full error, got %v after %d", fullErr, len(committed))
	}
	if e := fullErr.(*model.Error); !strings.Contains(e.Message, "存储空间已满") {
		t.Errorf("message: %q", e.Message)
	}
	list, err := s.SignIns(ctx, sess.ID)
	if err != nil || len(list) != len(committed) {
		t.Fatalf("after full: %d sign-ins (want %d), %v", len(list), len(committed), err)
	}
	// A small write still works after the failure, and the file is sound.
	if _, err := s.UpdateSummary(ctx, sess.ID, model.Summary{Other: "满"}); err != nil && model.ErrorCode(err) != model.EFULL {
		t.Errorf("store unusable after full: %v", err)
	}
	probs, err := integrity(s.r, "integrity_check")
	if err != nil || len(probs) > 0 {
		t.Errorf("integrity: %v %v", probs, err)
	}
}

func TestCheckReport(t *testing.T) {
	s, dir := newTestStore(t)
	sess := openSession(t, s, model.AgeBand{Min: 7, Max: 9})
	s.SignIn(context.Background(), kioskSignIn(sess.ID, "王小明", "2026-02-10", "13812345678"))
	s.Close()
	ro, err := Open(dir, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	rep, err := ro.Check(context.Background())
	if err != nil || !rep.OK() {
		t.Fatalf("check: %+v %v", rep, err)
	}
	if rep.Stats.Sessions != 1 || rep.Stats.SignIns != 1 || rep.Stats.Families != 1 || rep.Stats.NewestSession.String() != "2026-11-22" {
		t.Errorf("stats: %+v", rep.Stats)
	}
	if _, err := ro.CreateUnit(context.Background(), "x", 1); err == nil {
		t.Error("read-only store wrote")
	}
}

func TestWriteAfterClose(t *testing.T) {
	s, _ := newTestStore(t)
	sess := openSession(t, s, model.AgeBand{Min: 7, Max: 9})
	s.Close()
	done := make(chan error, 1)
	go func() {
		_, err := s.SignIn(context.Background(), kioskSignIn(sess.ID, "王小明", "2026-02-10", "13812345678"))
		done <- err
	}()
	select {
	case err := <-done:
		if err == nil {
			t.Error("a sign-in succeeded on a closed store")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("a write on a closed store never returned")
	}
}

func TestPlannedSessionCannotClose(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	sess, err := s.CreateSession(ctx, model.NewSessionInput{Date: model.MustDate("2026-11-22"), Band: model.AgeBand{Min: 7, Max: 9}, Title: "辅食添加", Instructor: "陈医生"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpdateSummary(ctx, sess.ID, model.Summary{Other: "未举行"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CloseSession(ctx, sess.ID); model.ErrorCode(err) != model.ECONFLICT {
		t.Errorf("a planned session closed: %v", err)
	}
	got, _ := s.Session(ctx, sess.ID)
	if got.State != model.StatePlanned {
		t.Errorf("state %s", got.State)
	}
}

func TestSessionCountsKeptByTriggers(t *testing.T) {
	s, dir := newTestStore(t)
	ctx := context.Background()
	sess := openSession(t, s, model.AgeBand{Min: 7, Max: 9})
	sib := model.SignInInput{SessionID: sess.ID, Phone: "13812345678", Relation: model.RelMother, Method: model.MethodKiosk, ConsentVersion: model.ConsentVersion, SignedName: "李丽",
		Children: []model.ChildInput{{Name: "林一", BirthDate: model.MustDate("2026-02-01")}, {Name: "林二", BirthDate: model.MustDate("2026-02-01")}}}
	first, err := s.SignIn(ctx, sib)
	if err != nil {
		t.Fatal(err)
	}
	sibAgain := sib
	sibAgain.FamilyID = first.FamilyID
	for _, in := range []model.SignInInput{sibAgain, kioskSignIn(sess.ID, "王小明", "2026-02-10", "13900001111")} {
		if _, err := s.SignIn(ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	var signIns, families int
	s.r.QueryRow(`SELECT signin_count, family_count FROM sessions WHERE id = ?`, sess.ID).Scan(&signIns, &families)
	if signIns != 3 || families != 2 {
		t.Errorf("counts %d sign-ins, %d families; want 3, 2", signIns, families)
	}
	// check recounts and notices a count out of step.
	if _, err := s.w.Exec(`UPDATE sessions SET family_count = 7 WHERE id = ?`, sess.ID); err != nil {
		t.Fatal(err)
	}
	s.Close()
	ro, err := Open(dir, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	rep, err := ro.Check(ctx)
	if err != nil || rep.OK() || !strings.Contains(strings.Join(rep.Schema, ";"), "out of step") {
		t.Errorf("check missed a wrong count: %+v %v", rep, err)
	}
}
