package store

import (
	"context"
	"sync"
	"testing"

	"carekiosk/model"
)

// The same correction asked twice at once (two screens, a double key
// press) is stored once: one succeeds, the other is refused, and the
// counts and trail show one change. Two families merged into each other
// at once end as one merge.
func TestSameCorrectionTwiceAtOnce(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	f := newClosedWithFamilies(t, s)
	beforeSI, beforeFam := liveCounts(t, s, f.sess.ID)
	run := func(calls ...func() error) int {
		var wg sync.WaitGroup
		errs := make([]error, len(calls))
		for i, c := range calls {
			wg.Add(1)
			go func() { defer wg.Done(); errs[i] = c() }()
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			if err == nil {
				ok++
			}
		}
		return ok
	}
	remove := func() error {
		_, err := s.CorrectSignIn(ctx, model.SignInCorrectionInput{SessionID: f.sess.ID, SignInID: f.hong.ID, Kind: model.ChangeRemove,
			Who: "陈医生", Reason: "重复"})
		return err
	}
	if n := run(remove, remove); n != 1 {
		t.Errorf("%d of two identical removals succeeded", n)
	}
	si, fam := liveCounts(t, s, f.sess.ID)
	if si != beforeSI-1 || fam != beforeFam-1 {
		t.Errorf("counts %d/%d after one removal, were %d/%d", si, fam, beforeSI, beforeFam)
	}
	changes, err := s.SignInChanges(ctx, f.sess.ID)
	if err != nil {
		t.Fatal(err)
	}
	removals := 0
	for _, c := range changes {
		if c.Kind == model.ChangeRemove {
			removals++
		}
	}
	if removals != 1 {
		t.Errorf("%d removals recorded", removals)
	}
	merge := func(from, into string) func() error {
		return func() error {
			_, err := s.MergeFamilies(ctx, model.MergeInput{From: from, Into: into, Who: "陈医生", Reason: "同一家"})
			return err
		}
	}
	if n := run(merge(f.ming.FamilyID, f.hong.FamilyID), merge(f.hong.FamilyID, f.ming.FamilyID)); n != 1 {
		t.Errorf("%d of two crossed merges succeeded", n)
	}
	var live int
	if err := s.r.QueryRow(`SELECT count(*) FROM families WHERE merged_into = '' AND id IN (?, ?)`, f.ming.FamilyID, f.hong.FamilyID).Scan(&live); err != nil {
		t.Fatal(err)
	}
	if live != 1 {
		t.Errorf("%d of the two families are left unmerged", live)
	}
}
