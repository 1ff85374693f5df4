package store

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"
	"time"

	"carekiosk/model"
)

// crashCopy copies the database and its -wal file (not the -shm) from a store
// that is still open, as a power cut would leave them: the newest commits
// only in the WAL, never checkpointed into the main file.
func crashCopy(t *testing.T, from string) string {
	t.Helper()
	to := t.TempDir()
	for _, suffix := range []string{"", "-wal"} {
		b, err := os.ReadFile(filepath.Join(from, FileName+suffix))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(to, FileName+suffix), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return to
}

// A power cut on a new kiosk's first day, before SQLite ever checkpointed the
// WAL, leaves a main file whose header still lacks carekiosk's application
// id. The database is carekiosk's all the same: check reads it without
// changing the file, and the kiosk opens it with every sign-in.
func TestOpenAfterCrashBeforeFirstCheckpoint(t *testing.T) {
	s, dir := newTestStore(t)
	ctx := context.Background()
	sess := openSession(t, s, model.AgeBand{Min: 7, Max: 9})
	r, err := s.SignIn(ctx, kioskSignIn(sess.ID, "王小明", "2026-02-10", "13812345678"))
	if err != nil {
		t.Fatal(err)
	}
	crashed := crashCopy(t, dir)
	main := filepath.Join(crashed, FileName)
	before, _ := os.ReadFile(main)

	ro, err := Open(crashed, Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("check after a crash: %v", err)
	}
	rep, err := ro.Check(ctx)
	ro.Close()
	if err != nil || !rep.OK() || rep.Stats.SignIns != 1 {
		t.Fatalf("check after a crash: %+v %v", rep, err)
	}
	if after, _ := os.ReadFile(main); string(after) != string(before) {
		t.Error("a read-only check changed the database file")
	}

	s2, err := Open(crashed, Options{Clock: fixedClock(testNow)})
	if err != nil {
		t.Fatalf("reopen after a crash: %v", err)
	}
	defer s2.Close()
	list, err := s2.SignIns(ctx, sess.ID)
	if err != nil || len(list) != 1 || list[0].ID != r.SignIns[0].ID {
		t.Fatalf("sign-ins after a crash: %+v %v", list, err)
	}
}

// A power cut between creating the file and the first migration's commit
// leaves an empty SQLite file with no tables: it is the kiosk's own, and
// opening it again sets it up instead of refusing it as foreign.
func TestOpenAfterCrashDuringSetUp(t *testing.T) {
	dir := t.TempDir()
	db, err := sql.Open("sqlite", filepath.Join(dir, FileName))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("PRAGMA journal_mode=WAL"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	s, err := Open(dir, Options{Clock: fixedClock(testNow)})
	if err != nil {
		t.Fatalf("open after an interrupted set-up: %v", err)
	}
	defer s.Close()
	seedStation(t, s)
	rep, err := s.Check(context.Background())
	if err != nil || !rep.OK() {
		t.Fatalf("check: %+v %v", rep, err)
	}
}

// A power cut between SQLite creating the file and writing its first page,
// or a second process opening the folder in that instant, leaves or shows a
// 0-byte carekiosk.db. It holds nothing to protect: it is set up as a new
// database instead of stopping the kiosk until someone removes it.
func TestOpenEmptyFile(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, FileName), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := Open(dir, Options{Clock: fixedClock(testNow)})
	if err != nil {
		t.Fatalf("open an empty file: %v", err)
	}
	defer s.Close()
	seedStation(t, s)
	if rep, err := s.Check(context.Background()); err != nil || !rep.OK() {
		t.Fatalf("check: %+v %v", rep, err)
	}
}

// After a power cut on an established kiosk (the newest sign-ins only in the
// -wal file), carekiosk check sees them all and leaves the file unchanged.
func TestCheckAfterCrashWithWAL(t *testing.T) {
	s, dir := newTestStore(t)
	ctx := context.Background()
	sess := openSession(t, s, model.AgeBand{Min: 7, Max: 9})
	s.Close() // checkpointed: the main file is complete up to here
	s, err := Open(dir, Options{Clock: fixedClock(testNow.Add(time.Hour))})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, name := range []string{"王小明", "李小红", "张乐乐"} {
		if _, err := s.SignIn(ctx, kioskSignIn(sess.ID, name, "2026-02-10", "13812345678")); err != nil {
			t.Fatal(err)
		}
	}
	crashed := crashCopy(t, dir)
	main := filepath.Join(crashed, FileName)
	before, _ := os.ReadFile(main)
	ro, err := Open(crashed, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := ro.Check(ctx)
	ro.Close()
	if err != nil || !rep.OK() || rep.Stats.SignIns != 3 {
		t.Errorf("check after a crash: %+v %v", rep, err)
	}
	if after, _ := os.ReadFile(main); string(after) != string(before) {
		t.Error("check changed the database file")
	}
}
