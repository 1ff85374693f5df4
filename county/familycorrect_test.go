package county_test

import (
	"context"
	"path/filepath"
	"testing"

	"carekiosk/county/countytest"
	"carekiosk/model"
	"carekiosk/store"
)

// TestCountyAppliesFamilyCorrections: a child's name and birth date
// corrected and two families merged at the station after the county had
// their records reach the county with the next bundle: the county's
// sign-ins show the corrected name and 月龄, every session counts the
// families and sign-ins the station counts, the corrections are kept with
// their trail for the forms, importing the bundle again changes nothing,
// and a later erasure of the family removes the names the trail kept.
func TestCountyAppliesFamilyCorrections(t *testing.T) {
	ctx := context.Background()
	c := countytest.New(t, t.TempDir(), 2026, cst(2027, 2, 15, 9))
	st := c.AddStation(t, "温溪片卫生院", 2026, 4)
	out := filepath.Join(c.Root, "U盘")
	c.Import(t, st.Export(t, cst(2026, 12, 20, 10), out))

	famID, secrets := uniqueFamily(t, st.Store)
	fam, err := st.Store.Family(ctx, famID)
	if err != nil {
		t.Fatal(err)
	}
	kid := fam.Children[0]
	att, err := st.Store.Attendance(ctx, kid.ID)
	if err != nil || len(att) == 0 {
		t.Fatalf("attendance %v %v", att, err)
	}
	birth := kid.BirthDate
	if birth.IsZero() {
		birth = kid.BirthMonth
	}
	birth = birth.AddMonths(-1).AddDays(-1) // a month and a day older: every age one more
	fix := func(kind model.FamilyCorrectionKind, v string) {
		t.Helper()
		if _, err := st.Store.CorrectFamily(ctx, model.FamilyCorrectionInput{FamilyID: famID, Kind: kind, TargetID: kid.ID, NewValue: v, Who: "陈晓燕", Reason: "家长核对"}); err != nil {
			t.Fatal(err)
		}
	}
	fix(model.FixChildBirth, birth.String())
	fix(model.FixChildName, "欧阳更正")
	other := otherFamily(t, st.Store, famID)
	if _, err := st.Store.MergeFamilies(ctx, model.MergeInput{From: other, Into: famID, Who: "陈晓燕", Reason: "同一个家庭"}); err != nil {
		t.Fatal(err)
	}
	second := st.Export(t, cst(2027, 1, 5, 16), out)
	c.Import(t, second)

	sid := att[0].SignIn.SessionID
	sis, err := c.DB.SignIns(ctx, sid)
	if err != nil {
		t.Fatal(err)
	}
	seen := false
	for _, si := range sis {
		if si.ChildID == kid.ID {
			seen = true
			if si.ChildName != "欧阳更正" || si.AgeMonths != att[0].SignIn.AgeMonths+1 {
				t.Errorf("county sign-in %s %d月龄, want 欧阳更正 %d月龄", si.ChildName, si.AgeMonths, att[0].SignIn.AgeMonths+1)
			}
		}
	}
	if !seen {
		t.Fatal("the child's sign-in is not at the county")
	}
	sameCounts(t, c, st.Store)
	list, err := c.DB.FamilyCorrections(ctx, sid)
	if err != nil || len(list) < 2 || list[0].Kind != model.FixChildBirth || list[1].Kind != model.FixChildName || list[1].NewValue != "欧阳更正" {
		t.Fatalf("county corrections %+v %v", list, err)
	}
	if res := c.Import(t, second); !res[0].Duplicate {
		t.Error("the same bundle imported again is not a no-op")
	}
	sameCounts(t, c, st.Store)

	if _, err := st.Store.EraseFamily(ctx, model.EraseInput{FamilyID: famID, Who: "陈晓燕", WithdrawConsent: true}); err != nil {
		t.Fatal(err)
	}
	c.Import(t, st.Export(t, cst(2027, 1, 20, 16), out))
	if found := dbHas(t, c.DB.Path(), append(secrets, "欧阳更正")); len(found) > 0 {
		t.Errorf("the county still holds %v", found)
	}
	after, err := c.DB.FamilyCorrections(ctx, sid)
	if err != nil || len(after) != len(list) || after[1].OldValue != model.Anonymised || after[1].Reason != "家长核对" {
		t.Errorf("the trail after the erasure %+v %v", after, err)
	}
}

// otherFamily returns a family other than id that signed in, from a
// session id's family did not attend when there is one.
func otherFamily(t *testing.T, s *store.Store, id string) string {
	t.Helper()
	var other string
	err := s.View(context.Background(), func(v *store.Snapshot) error {
		return v.EachFamily(model.Date{}, model.Date{}, func(f model.Family) error {
			if other == "" && f.ID != id {
				other = f.ID
			}
			return nil
		})
	})
	if err != nil || other == "" {
		t.Fatalf("no other family (%v)", err)
	}
	return other
}

// sameCounts checks that every session at the county counts the sign-ins
// and families the station counts.
func sameCounts(t *testing.T, c *countytest.County, s *store.Store) {
	t.Helper()
	var rows []store.SessionRow
	if err := s.View(context.Background(), func(v *store.Snapshot) (err error) {
		rows, err = v.Sessions(model.Date{}, model.Date{}, false, false)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		cs, err := c.DB.Session(context.Background(), r.ID)
		if err != nil {
			t.Fatal(err)
		}
		if cs.SignIns != r.SignIns || cs.Families != r.Families {
			t.Errorf("session %s: county %d sign-ins %d families, station %d %d", r.Date, cs.SignIns, cs.Families, r.SignIns, r.Families)
		}
	}
}
