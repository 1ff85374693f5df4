package tui

import (
	"context"
	"strings"
	"testing"

	"carekiosk/county"
	"carekiosk/countydb"
	"carekiosk/demo"
	"carekiosk/store"
)

// withPlan gives the store the county's plan (reports due by the 10th).
func withPlan(t *testing.T, st *store.Store) {
	t.Helper()
	ctx := context.Background()
	db, err := countydb.Open(t.TempDir(), true, countydb.Options{Clock: fixedClock(testNow)})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	seed, id, _ := county.NewKeys()
	if err := db.Init(ctx, "青田县", 2026, seed, id); err != nil {
		t.Fatal(err)
	}
	p, err := db.IssuePlan(ctx)
	if err != nil {
		t.Fatal(err)
	}
	keys, _ := db.Keys(ctx)
	b, err := county.SignPlan(p, keys.Sign)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.ApplyPlan(ctx, p, b, 2026); err != nil {
		t.Fatal(err)
	}
}

// TestPlanReportStatusAndUnitChoice: with the county's plan, home says the
// monthly report is overdue (no bundle yet this month, past the 10th) and
// settings offers only the plan's units.
func TestPlanReportStatusAndUnitChoice(t *testing.T) {
	st, dir := copyStore(t, advancingClock(screenNow))
	withPlan(t, st)
	k := startKiosk(t, st, dir, 80, 24, screenNow)
	k.waitFor(fixtureSession, "本月应上报，逾期 12 天")
	k.keys("s")
	k.waitFor("设置需要指导员 PIN")
	k.keys(demo.PIN, "enter")
	v := k.waitFor("温溪片卫生院")
	if strings.Contains(v, "例如：温溪片卫生院") {
		t.Fatal("the unit is typed, not picked from the plan")
	}
	k.keys("right")
	k.waitFor("鹤城片卫生院")
}
