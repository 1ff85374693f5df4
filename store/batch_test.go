package store

import (
	"context"
	"sync"
	"testing"
	"time"

	"carekiosk/model"
)

// holdCommitter queues a write that keeps the committer busy for d, so the
// writes sent meanwhile are gathered into one batch transaction.
func holdCommitter(t *testing.T, s *Store, d time.Duration) (wait func()) {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- s.write(context.Background(), func(*txn) error { time.Sleep(d); return nil }) }()
	time.Sleep(d / 5)
	return func() {
		if err := <-done; err != nil {
			t.Errorf("holding write: %v", err)
		}
	}
}

// batchResult is one sign-in's answer.
type batchResult struct {
	name string
	res  *model.SignInResult
	err  error
}

// signInAll sends the sign-ins at once and returns their answers.
func signInAll(ctx context.Context, s *Store, ins []model.SignInInput) []batchResult {
	out := make([]batchResult, len(ins))
	var wg sync.WaitGroup
	for i, in := range ins {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := s.SignIn(ctx, in)
			out[i] = batchResult{in.Children[0].Name, r, err}
		}()
	}
	wg.Wait()
	return out
}

// agree checks that every sign-in answered with success is stored and every
// one answered with an error is not.
func agree(t *testing.T, s *Store, sessionID string, results []batchResult) (ok, failed int) {
	t.Helper()
	list, err := s.SignIns(context.Background(), sessionID)
	if err != nil {
		t.Fatal(err)
	}
	stored := map[string]bool{}
	for _, si := range list {
		stored[si.ChildName] = true
	}
	for _, r := range results {
		switch {
		case r.err == nil && !stored[r.name]:
			t.Errorf("%s: reported committed but not stored", r.name)
		case r.err != nil && stored[r.name]:
			t.Errorf("%s: reported failed (%v) but stored", r.name, r.err)
		case r.err == nil:
			ok++
		default:
			failed++
		}
	}
	return ok, failed
}

// In one batch, a request that fails leaves the others committed, and its
// caller alone gets the error.
func TestBatchOneBadRequest(t *testing.T) {
	s, _ := newTestStore(t)
	sess := openSession(t, s, model.AgeBand{Min: 7, Max: 9})
	ctx := context.Background()
	var ins []model.SignInInput
	for i := 0; i < 8; i++ {
		ins = append(ins, kioskSignIn(sess.ID, "孩子"+string(rune('甲'+i)), "2026-02-10", "13812345678"))
	}
	ins[3].Relation = "表哥" // not a relation: refused inside the batch
	ins[5].SessionID = "no-such-session"
	wait := holdCommitter(t, s, 300*time.Millisecond)
	results := signInAll(ctx, s, ins)
	wait()
	ok, failed := agree(t, s, sess.ID, results)
	if ok != 6 || failed != 2 || model.ErrorCode(results[3].err) != model.EINVALID || model.ErrorCode(results[5].err) != model.EINVALID {
		t.Errorf("ok %d failed %d: %v / %v", ok, failed, results[3].err, results[5].err)
	}
	seqs := map[int]bool{}
	list, _ := s.SignIns(ctx, sess.ID)
	for _, si := range list {
		if seqs[si.Seq] || si.Seq < 1 || si.Seq > 6 {
			t.Errorf("序号 %d repeated or out of 1..6", si.Seq)
		}
		seqs[si.Seq] = true
	}
}

// A caller that gives up while its write waits in the queue gets its context
// error, and nothing of its write is stored.
func TestBatchCancelledWhileQueued(t *testing.T) {
	s, _ := newTestStore(t)
	sess := openSession(t, s, model.AgeBand{Min: 7, Max: 9})
	ctx, cancel := context.WithCancel(context.Background())
	wait := holdCommitter(t, s, 300*time.Millisecond)
	done := make(chan error, 1)
	go func() {
		_, err := s.SignIn(ctx, kioskSignIn(sess.ID, "王小明", "2026-02-10", "13812345678"))
		done <- err
	}()
	time.Sleep(50 * time.Millisecond)
	cancel()
	err := <-done
	wait()
	list, _ := s.SignIns(context.Background(), sess.ID)
	if err == nil || len(list) != 0 {
		t.Errorf("cancelled sign-in: err %v, stored %d", err, len(list))
	}
}

// The disk fills in the middle of a batch: every caller's answer matches what
// is stored, the full one is told so, and the store keeps working.
func TestBatchDiskFull(t *testing.T) {
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
	s, err = Open(dir, Options{Clock: fixedClock(testNow.Add(time.Hour)), MaxPageCount: pages + 8})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	big := noisePNG(t)
	var ins []model.SignInInput
	for i := 0; i < 8; i++ {
		in := kioskSignIn(sess.ID, "孩子"+string(rune('甲'+i)), "2026-02-10", "13812345678")
		if i == 4 {
			in.SignaturePNG = big
		}
		ins = append(ins, in)
	}
	wait := holdCommitter(t, s, 300*time.Millisecond)
	results := signInAll(ctx, s, ins)
	wait()
	ok, failed := agree(t, s, sess.ID, results)
	t.Logf("committed %d, failed %d", ok, failed)
	if model.ErrorCode(results[4].err) != model.EFULL {
		t.Errorf("the big sign-in: %v", results[4].err)
	}
	// Whoever shared the lost transaction is told why: the disk is full
	// (not an internal error).
	for _, r := range results {
		if r.err != nil && model.ErrorCode(r.err) != model.EFULL {
			t.Errorf("%s: %v, want the full-disk message", r.name, r.err)
		}
	}
	if _, err := s.SignIn(ctx, kioskSignIn(sess.ID, "后来", "2026-02-10", "13812345678")); err != nil {
		t.Errorf("small sign-in after the full batch: %v", err)
	}
	if probs, err := integrity(s.r, "integrity_check"); err != nil || len(probs) > 0 {
		t.Errorf("integrity: %v %v", probs, err)
	}
}

// A sign-in that fails after it has written (a new family, its child and
// caregiver, then no consent) in a batch of sign-ins with large drawings
// leaves nothing of its own behind, costs the others nothing, and takes no
// 序号; the writer is left with the default temporary storage, so a VACUUM
// after it does not build the copy in memory.
func TestBatchFailureAfterWritesUndone(t *testing.T) {
	s, _ := newTestStore(t)
	sess := openSession(t, s, model.AgeBand{Min: 7, Max: 9})
	ctx := context.Background()
	sig := noisePNG(t)
	var ins []model.SignInInput
	for i := 0; i < 8; i++ {
		in := kioskSignIn(sess.ID, "孩子"+string(rune('甲'+i)), "2026-02-10", "1381234567"+string(rune('0'+i)))
		in.SignaturePNG = sig
		ins = append(ins, in)
	}
	ins[3].ConsentVersion = "" // refused after the family, child and caregiver are written
	wait := holdCommitter(t, s, 300*time.Millisecond)
	results := signInAll(ctx, s, ins)
	wait()
	ok, failed := agree(t, s, sess.ID, results)
	if ok != 7 || failed != 1 || model.ErrorCode(results[3].err) != model.EINVALID {
		t.Fatalf("ok %d failed %d: %v", ok, failed, results[3].err)
	}
	var families, children, caregivers, signatures int
	if err := s.r.QueryRow(`SELECT (SELECT count(*) FROM families), (SELECT count(*) FROM children WHERE name = ?),
		(SELECT count(*) FROM caregivers WHERE phone = ?), (SELECT count(*) FROM signatures)`,
		ins[3].Children[0].Name, ins[3].Phone).Scan(&families, &children, &caregivers, &signatures); err != nil {
		t.Fatal(err)
	}
	if families != 7 || children != 0 || caregivers != 0 || signatures != 7 {
		t.Errorf("families %d, the refused child %d, its caregiver %d, signatures %d", families, children, caregivers, signatures)
	}
	list, _ := s.SignIns(ctx, sess.ID)
	for i, si := range list {
		if si.Seq != i+1 || len(si.SignaturePNG) != len(sig) {
			t.Errorf("sign-in %d: 序号 %d, drawing of %d bytes", i, si.Seq, len(si.SignaturePNG))
		}
	}
	var store int
	if err := s.w.QueryRow("PRAGMA temp_store").Scan(&store); err != nil || store != 0 {
		t.Errorf("writer's temp_store after the batch: %d %v", store, err)
	}
}
