package county_test

import (
	"context"
	"path/filepath"
	"testing"

	"carekiosk/county/countytest"
	"carekiosk/model"
)

// TestErasureSurvivesOlderBundleAfterIt: a family erased at the station
// after one of its sign-ins was removed; the bundle with the erasure
// reaches the county first, the older one (made before both) after it.
// The older bundle's lines of the removed sign-in must not bring the
// erased names and numbers back into the county's database.
func TestErasureSurvivesOlderBundleAfterIt(t *testing.T) {
	ctx := context.Background()
	c := countytest.New(t, t.TempDir(), 2026, cst(2027, 2, 15, 9))
	st := c.AddStation(t, "温溪片卫生院", 2026, 4)
	out := filepath.Join(c.Root, "U盘")
	older := st.Export(t, cst(2026, 12, 20, 10), out)

	fam, secrets := uniqueFamily(t, st.Store)
	att, err := st.Store.Attendance(ctx, mustChild(t, st.Store, fam))
	if err != nil || len(att) == 0 {
		t.Fatalf("attendance %v %v", att, err)
	}
	si := att[0].SignIn
	if _, err := st.Store.CorrectSignIn(ctx, model.SignInCorrectionInput{SessionID: si.SessionID, SignInID: si.ID, Kind: model.ChangeRemove,
		Who: "陈晓燕", Reason: "重复签到"}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Store.EraseFamily(ctx, model.EraseInput{FamilyID: fam, Who: "陈晓燕", WithdrawConsent: true}); err != nil {
		t.Fatal(err)
	}
	newer := st.Export(t, cst(2027, 1, 5, 16), out)
	c.Import(t, newer)
	if found := dbHas(t, c.DB.Path(), secrets); len(found) > 0 {
		t.Fatalf("the county holds %v after the bundle with the erasure", found)
	}
	c.Import(t, older)
	if found := dbHas(t, c.DB.Path(), secrets); len(found) > 0 {
		t.Errorf("the older bundle brought back %v", found)
	}
}
