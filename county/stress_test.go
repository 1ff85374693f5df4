package county_test

import (
	"context"
	"path/filepath"
	"sync"
	"testing"

	"carekiosk/county"
	"carekiosk/countydb"
	"carekiosk/model"
)

// TestImportDiskFull: a disk that fills during an import gives a clear
// message and stores nothing of that bundle; with room it imports.
func TestImportDiskFull(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "县中心")
	db, err := countydb.Open(dir, true, countydb.Options{Clock: fixedClock(testNow)})
	if err != nil {
		t.Fatal(err)
	}
	seed, id, _ := county.NewKeys()
	if err := db.Init(ctx, "青田县", 2026, seed, id); err != nil {
		t.Fatal(err)
	}
	st := genStation(t, db, planFile(t, db), t.TempDir(), 0, "温溪片卫生院", 3)
	b := st.export(t, t.TempDir())
	db.Close()

	small, err := countydb.Open(dir, false, countydb.Options{Clock: fixedClock(testNow), MaxPageCount: 40})
	if err != nil {
		t.Fatal(err)
	}
	r := county.ImportFile(ctx, small, b, stationNow)
	if model.ErrorCode(r.Err) != model.EFULL {
		t.Fatalf("a full disk: %v", r.Err)
	}
	if n, m := receiptsAndSessions(t, small); n != 0 || m != 0 {
		t.Fatalf("a failed import stored %d receipts, %d sessions", n, m)
	}
	small.Close()
	db, err = countydb.Open(dir, false, countydb.Options{Clock: fixedClock(testNow)})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if r := county.ImportFile(ctx, db, b, stationNow); r.Err != nil || r.Counts.New == 0 {
		t.Fatalf("after freeing space: %+v", r)
	}
}

// TestImportAtTheSameMoment: the same bundle imported twice at once is
// stored once; the other import says it was already there.
func TestImportAtTheSameMoment(t *testing.T) {
	ctx := context.Background()
	db := newCounty(t)
	st := genStation(t, db, planFile(t, db), t.TempDir(), 0, "温溪片卫生院", 2)
	b := st.export(t, t.TempDir())
	var wg sync.WaitGroup
	res := make([]county.Result, 4)
	for i := range res {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res[i] = county.ImportFile(ctx, db, b, stationNow)
		}()
	}
	wg.Wait()
	stored := 0
	for _, r := range res {
		if r.Err != nil {
			t.Fatal(r.Err)
		}
		if !r.Duplicate {
			stored++
		}
	}
	if n, _ := receiptsAndSessions(t, db); stored != 1 || n != 1 {
		t.Fatalf("%d imports stored it, %d receipts", stored, n)
	}
}
