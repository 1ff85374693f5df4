package county_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"carekiosk/county/countytest"
	"carekiosk/model"
	"carekiosk/store"
)

// TestCountyAppliesErasure: a family erased at the station after its data
// reached the county is erased at the county by the next bundle: its
// children's names and its phone number are no longer in the county's
// database file nor its WAL, and the county's counts are unchanged.
func TestCountyAppliesErasure(t *testing.T) {
	ctx := context.Background()
	c := countytest.New(t, t.TempDir(), 2026, cst(2027, 2, 15, 9))
	st := c.AddStation(t, "温溪片卫生院", 2026, 4)
	out := filepath.Join(c.Root, "U盘")
	c.Import(t, st.Export(t, cst(2026, 12, 20, 10), out))
	before := countyCounts(t, c.DB)

	fam, secrets := uniqueFamily(t, st.Store)
	if _, err := st.Store.EraseFamily(ctx, model.EraseInput{FamilyID: fam, Who: "陈晓燕", WithdrawConsent: true}); err != nil {
		t.Fatal(err)
	}
	if found := dbHas(t, c.DB.Path(), secrets); len(found) == 0 {
		t.Fatal("the county does not hold the family's data even before the erasure")
	}
	res := c.Import(t, st.Export(t, cst(2027, 1, 5, 16), out))
	if res[0].Err != nil {
		t.Fatal(res[0].Err)
	}
	if found := dbHas(t, c.DB.Path(), secrets); len(found) > 0 {
		t.Errorf("the county still holds %v", found)
	}
	if after := countyCounts(t, c.DB); !reflect.DeepEqual(after, before) {
		t.Errorf("counts changed: %v, were %v", after, before)
	}
}

// uniqueFamily picks a family that signed in whose children's names no
// other child has, and returns its id with its names and phone numbers.
func uniqueFamily(t *testing.T, s *store.Store) (string, []string) {
	t.Helper()
	byName := map[string]int{}
	kids := map[string][]string{}
	var order []string
	err := s.View(context.Background(), func(v *store.Snapshot) error {
		return v.EachChild(model.Date{}, model.Date{}, func(c model.Child) error {
			byName[c.Name]++
			if _, ok := kids[c.FamilyID]; !ok {
				order = append(order, c.FamilyID)
			}
			kids[c.FamilyID] = append(kids[c.FamilyID], c.Name)
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range order {
		ok := true
		for _, n := range kids[id] {
			ok = ok && byName[n] == 1
		}
		if !ok {
			continue
		}
		f, err := s.Family(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		secrets := append([]string(nil), kids[id]...)
		for _, cg := range f.Caregivers {
			secrets = append(secrets, cg.Phone)
		}
		return id, secrets
	}
	t.Fatal("no family with names of its own")
	return "", nil
}

// dbHas reports which needles occur in the bytes of a database file and
// its WAL.
func dbHas(t *testing.T, path string, needles []string) []string {
	t.Helper()
	var found []string
	for _, p := range []string{path, path + "-wal"} {
		b, err := os.ReadFile(p)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		for _, n := range needles {
			if bytes.Contains(b, []byte(n)) {
				found = append(found, filepath.Base(p)+": "+n)
			}
		}
	}
	return found
}
