package store

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"carekiosk/model"
)

// cpuTime is the process's user+system CPU time so far: a figure that,
// unlike ns/op, hardly moves when other programs load the machine.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU adds the CPU time per op since start as "cpu-µs/op", as the
// check-in benchmarks do.
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(cpuTime()-start)/float64(time.Microsecond)/float64(b.N), "cpu-µs/op")
}

// BenchmarkRawInsert is the floor: one durable INSERT of a sign-in row
// through database/sql with the store's pragmas, one transaction per row.
func BenchmarkRawInsert(b *testing.B) {
	rb := newRawBench(b, b.N)
	defer rb.db.Close()
	b.ResetTimer()
	cpu := cpuTime()
	for i := 0; i < b.N; i++ {
		tx, err := rb.db.Begin()
		if err != nil {
			b.Fatal(err)
		}
		rb.insert(tx, i)
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, cpu)
}

// BenchmarkRawBatch60 is the floor of a burst: 60 bare sign-in INSERTs in
// one durable transaction, as group commit at best makes of 60 phones.
func BenchmarkRawBatch60(b *testing.B) {
	rb := newRawBench(b, 60*b.N)
	defer rb.db.Close()
	b.ResetTimer()
	cpu := cpuTime()
	for i := 0; i < b.N; i++ {
		tx, err := rb.db.Begin()
		if err != nil {
			b.Fatal(err)
		}
		for k := range 60 {
			rb.insert(tx, 60*i+k)
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, cpu)
}

// rawBench is a store's database opened bare through database/sql, with n
// children of one signed-in family to attach sign-in rows to (the
// (session, child) pair is unique).
type rawBench struct {
	b        testing.TB
	db       *sql.DB
	sess     string
	si       model.SignIn
	children []string
}

func newRawBench(b testing.TB, n int) *rawBench {
	s, dir := newTestStore(b)
	sess := openSession(b, s, model.AgeBand{Min: 7, Max: 9})
	r, err := s.SignIn(context.Background(), kioskSignIn(sess.ID, "王小明", "2026-02-10", "13812345678"))
	if err != nil {
		b.Fatal(err)
	}
	s.Close()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, FileName)+"?_txlock=immediate&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)&_pragma=synchronous(FULL)")
	if err != nil {
		b.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	rb := &rawBench{b: b, db: db, sess: sess.ID, si: r.SignIns[0], children: make([]string, n)}
	for i := range rb.children {
		rb.children[i] = newID()
	}
	tx, _ := db.Begin()
	for _, id := range rb.children {
		if _, err := tx.Exec(`INSERT INTO children (id, family_id, name, created_at) VALUES (?,?,?,?)`, id, rb.si.FamilyID, "孩", fmtTime(testNow)); err != nil {
			b.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	return rb
}

// insert adds the sign-in row of child i.
func (rb *rawBench) insert(tx *sql.Tx, i int) {
	if _, err := tx.Exec(`INSERT INTO sign_ins (id, session_id, seq, child_id, family_id, caregiver_id, relation, age_months, method,
		signed_name, signed_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)`, newID(), rb.sess, i+2, rb.children[i], rb.si.FamilyID, rb.si.CaregiverID, "妈妈", 8, "kiosk", "李丽", fmtTime(testNow)); err != nil {
		rb.b.Fatal(err)
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
	cpu := cpuTime()
	for i := 0; i < b.N; i++ {
		in := model.SignInInput{SessionID: sess.ID, Children: []model.ChildInput{{ChildID: children[i]}}, Phone: fmt.Sprintf("139%08d", i),
			Relation: model.RelMother, Method: model.MethodKiosk, ConsentVersion: model.ConsentVersion, SignedName: "李丽"}
		if _, err := s.SignIn(ctx, in); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, cpu)
}
