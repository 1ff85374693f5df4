package tui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"carekiosk/county"
	"carekiosk/county/countytest"
	"carekiosk/countydb"
	"carekiosk/demo"
	"carekiosk/model"
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

// TestPlanReportStatusAndUnitChoice: with the county's plan, imported in
// October, home says the monthly report is overdue (October's: no bundle
// yet this month, past the 10th) and settings offers only the plan's
// units.
func TestPlanReportStatusAndUnitChoice(t *testing.T) {
	clock := countytest.NewClock(time.Date(2026, 10, 15, 2, 0, 0, 0, time.UTC))
	st, dir := copyStore(t, clock.Model())
	withPlan(t, st)
	clock.Set(screenNow)
	k := startKiosk(t, st, dir, 80, 24, screenNow)
	k.waitFor(fixtureSession, "本月应上报，逾期 12 天")
	k.keys("s")
	k.waitFor("设置需要指导员 PIN")
	k.keys(demo.PIN, "enter")
	k.waitFor("< 温溪片卫生院 >")
	k.keys("right")
	k.waitFor("< 鹤城片卫生院 >")
}

// planExporter is the test exporter that also takes the county's plan
// from its stick, as the kiosk command's does.
type planExporter struct{ testExporter }

func (e planExporter) ImportPlan(ctx context.Context, lang model.Lang) (string, error) {
	return county.ImportPlanFrom(ctx, e.st, e.targets, lang)
}

// TestPlanImportFromSettings: ctrl+o in settings reads the plan from the
// stick; the unit becomes a choice of the plan's units and home shows the
// report status.
func TestPlanImportFromSettings(t *testing.T) {
	st, dir := copyStore(t, advancingClock(screenNow))
	stick := t.TempDir()
	ctx := context.Background()
	db, err := countydb.Open(t.TempDir(), true, countydb.Options{Clock: fixedClock(testNow)})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	seed, id, _ := county.NewKeys()
	db.Init(ctx, "青田县", 2026, seed, id)
	p, _ := db.IssuePlan(ctx)
	keys, _ := db.Keys(ctx)
	b, _ := county.SignPlan(p, keys.Sign)
	os.WriteFile(filepath.Join(stick, "计划.json"), b, 0o644)

	m := New(Options{Store: st, Clock: fixedClock(screenNow), URL: fixedURL{}, DataDir: dir, Exporter: planExporter{testExporter{st: st, targets: []string{stick}}}})
	k := startModel(t, m, 80, 24)
	k.waitFor(fixtureSession)
	if strings.Contains(k.view(), "本月应上报") {
		t.Fatal("a report status shown without a plan")
	}
	k.keys("s")
	k.waitFor("设置需要指导员 PIN")
	k.keys(demo.PIN, "enter")
	k.waitFor("温溪片卫生院_") // typed
	k.tm.Send(tea.KeyPressMsg{Code: 'o', Mod: tea.ModCtrl})
	k.waitFor("已导入青田县的计划（第 1 版）", "< 温溪片卫生院 >") // picked
	k.keys("esc")
	// Imported today: October's report was never owed.
	k.waitFor("本月无需上报（首次上报：12月10日前）")
	if strings.Contains(k.view(), "逾期") {
		t.Fatal("a report shown overdue the day the plan came")
	}
}
