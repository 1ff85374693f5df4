package store

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"

	"carekiosk/model"
)

// BenchmarkRawInsert is the floor: one durable INSERT of a sign-in row
// through database/sql with the store's pragmas, one transaction per row.
func BenchmarkRawInsert(b *testing.B) {
	s, dir := newTestStore(b)
	sess := openSession(b, s, model.AgeBand{Min: 7, Max: 9})
	r, err := s.SignIn(context.Background(), kioskSignIn(sess.ID, "王小明", "2026-02-10", "13812345678"))
	if err != nil {
		b.Fatal(err)
	}
	si := r.SignIns[0]
	s.Close()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, FileName)+"?_txlock=immediate&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)&_pragma=synchronous(FULL)")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	// Children to attach rows to (the (session, child) pair is unique).
	children := make([]string, b.N)
	for i := range children {
		children[i] = newID()
	}
	tx, _ := db.Begin()
	for _, id := range children {
		if _, err := tx.Exec(`INSERT INTO children (id, family_id, name, created_at) VALUES (?,?,?,?)`, id, si.FamilyID, "孩", fmtTime(testNow)); err != nil {
			b.Fatal(err)
		}
	}
	tx.Commit()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		tx, err := db.Begin()
		if err != nil {
			b.Fatal(err)
		}
		if _, err := tx.Exec(`INSERT INTO sign_ins (id, session_id, seq, child_id, family_id, caregiver_id, relation, age_months, method,
			signed_name, signed_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)`, newID(), sess.ID, i+2, children[i], si.FamilyID, si.CaregiverID, "妈妈", 8, "kiosk", "李丽", fmtTime(testNow)); err != nil {
			b.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSignIn is the store's durable sign-in with all its checks: a
// returning family picks its child (by ID, as on the kiosk and the phone's
// one-tap path), like RawInsert's row for an existing child.
func BenchmarkSignIn(b *testing.B) {
	s, _ := newTestStore(b)
	ctx := context.Background()
	earlier := openSession(b, s, model.AgeBand{Min: 7, Max: 9})
	sess := openSession(b, s, model.AgeBand{Min: 7, Max: 9})
	// The families' children, made untimed through an earlier session.
	children := make([]string, 0, b.N)
	for len(children) < b.N {
		in := kioskSignIn(earlier.ID, childName(fmt.Sprint(len(children)), 0), "2026-02-10", fmt.Sprintf("139%08d", len(children)))
		r, err := s.SignIn(ctx, in)
		if err != nil {
			b.Fatal(err)
		}
		children = append(children, r.SignIns[0].ChildID)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		in := model.SignInInput{SessionID: sess.ID, Children: []model.ChildInput{{ChildID: children[i]}}, Phone: fmt.Sprintf("139%08d", i),
			Relation: model.RelMother, Method: model.MethodKiosk, ConsentVersion: model.ConsentVersion, SignedName: "李丽"}
		if _, err := s.SignIn(ctx, in); err != nil {
			b.Fatal(err)
		}
	}
}
