package county_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"carekiosk/county"
	"carekiosk/countydb"
	"carekiosk/export"
	"carekiosk/model"
)

// benchYear is ten stations' year, exported once per benchmark run.
type benchYear struct {
	seed     []byte
	identity string
	keys     []ed25519.PublicKey
	units    []string
	bundles  []string
}

// makeBenchYear builds ten stations, each holding its unit's quota of
// sessions over 2026, and exports one sealed bundle of each.
func makeBenchYear(b *testing.B) *benchYear {
	b.Helper()
	ctx := context.Background()
	db := newCounty(b)
	plan := planFile(b, db)
	root := b.TempDir()
	y := &benchYear{}
	for i, cu := range model.QingtianPlan {
		st := genStation(b, db, plan, root, i, cu.Name, cu.Quota)
		pub, err := export.PublicKey(ctx, st.s)
		if err != nil {
			b.Fatal(err)
		}
		y.keys, y.units = append(y.keys, pub), append(y.units, cu.Name)
		y.bundles = append(y.bundles, st.export(b, filepath.Join(root, "U盘")))
	}
	keys, err := db.Keys(ctx)
	if err != nil {
		b.Fatal(err)
	}
	y.seed, y.identity = keys.Sign.Seed(), keys.Identity.String()
	return y
}

// freshCounty opens an empty county with the year's keys and stations.
func (y *benchYear) freshCounty(b *testing.B) *countydb.DB {
	ctx := context.Background()
	db, err := countydb.Open(b.TempDir(), true, countydb.Options{Clock: fixedClock(testNow)})
	if err != nil {
		b.Fatal(err)
	}
	if err := db.Init(ctx, "青田县", 2026, y.seed, y.identity); err != nil {
		b.Fatal(err)
	}
	for i, k := range y.keys {
		if _, err := db.Register(ctx, k, y.units[i]); err != nil {
			b.Fatal(err)
		}
	}
	return db
}

// BenchmarkCountyImport imports ten stations' sealed year bundles into an
// empty county database: decrypt, verify, check the chain, store.
func BenchmarkCountyImport(b *testing.B) {
	y := makeBenchYear(b)
	ctx := context.Background()
	var cpu time.Duration
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		db := y.freshCounty(b)
		b.StartTimer()
		start := cpuTime()
		for _, r := range county.Import(ctx, db, y.bundles, stationNow) {
			if r.Err != nil || r.Counts.New == 0 {
				b.Fatalf("%+v", r)
			}
		}
		cpu += cpuTime() - start
		b.StopTimer()
		db.Close()
		b.StartTimer()
	}
	reportCPU(b, cpu)
}

// reportCPU adds the CPU time per op as "cpu-ms/op".
func reportCPU(b *testing.B, cpu time.Duration) {
	b.ReportMetric(float64(cpu)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
}

// BenchmarkBundleReadFloor reads the same bundles without a store:
// decrypt, verify every byte and unpack the records.
func BenchmarkBundleReadFloor(b *testing.B) {
	y := makeBenchYear(b)
	ctx := context.Background()
	db := y.freshCounty(b)
	defer db.Close()
	keys, err := db.Keys(ctx)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	start := cpuTime()
	for b.Loop() {
		for _, path := range y.bundles {
			raw, err := os.ReadFile(path)
			if err != nil {
				b.Fatal(err)
			}
			r, n, err := export.Unseal(bytes.NewReader(raw), int64(len(raw)), keys.Identity)
			if err != nil {
				b.Fatal(err)
			}
			plain := make([]byte, n)
			if _, err := r.ReadAt(plain, 0); err != nil && err != io.EOF {
				b.Fatal(err)
			}
			if _, err := export.ReadBundle(bytes.NewReader(plain), n, nil); err != nil {
				b.Fatal(err)
			}
		}
	}
	reportCPU(b, cpuTime()-start)
}
