package store

import (
	"context"
	"testing"

	"carekiosk/model"
)

// A child's birth date cannot be corrected to a day after today, even for
// a child with no sign-in left on any sheet (王小刚's only one was
// withdrawn), whose sessions would not refuse it.
func TestCorrectBirthInFutureRefused(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	f := newClosedWithFamilies(t, s)
	_, err := s.CorrectFamily(ctx, model.FamilyCorrectionInput{FamilyID: f.gang.FamilyID, Kind: model.FixChildBirth, TargetID: f.gang.ChildID,
		NewValue: "2027-05-01", Who: "陈医生", Reason: "核对出生证明"})
	if err == nil {
		t.Fatal("a birth date after today was accepted")
	}
	if model.ErrorCode(err) == model.ESTORAGE {
		t.Errorf("refused as a storage error: %v", err)
	}
	fam, err := s.Family(ctx, f.gang.FamilyID)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range fam.Children {
		if c.ID == f.gang.ChildID && c.BirthDate.String() != "2026-01-15" {
			t.Errorf("王小刚's birth date is now %s", c.BirthDate)
		}
	}
}
