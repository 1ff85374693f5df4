package county_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"carekiosk/county"
	"carekiosk/county/countytest"
	"carekiosk/countydb"
	"carekiosk/demo"
	"carekiosk/model"
)

// peakNow is when the peak-memory county imports its bundles.
var peakNow = cst(2031, 1, 20, 9)

// peakYears are the five years each station holds, peakSessions
// sessions a year (as the report benchmark's county: 2,500 in all).
var peakYears = []int{2026, 2027, 2028, 2029, 2030}

const peakSessions = 50

// BenchmarkCountyImportPeakMemory imports five years of ten stations —
// each station fifty sessions a year, with their families,
// sign-ins and drawn signatures, and a bundle written at the end of each
// year over all its dates, so the fifth holds all five years: fifty
// bundles — into an empty county database, in a child process that does
// nothing else, and reports that process's peak resident memory
// (peak-RSS-MB, the kernel's maxrss) and the peak Go heap it saw
// (peak-heap-MB). Building the stations takes minutes, so it runs only
// with CAREKIOSK_BENCH_BIG=1; keep them with CAREKIOSK_BENCH_DIR:
//
//	CAREKIOSK_BENCH_BIG=1 CAREKIOSK_BENCH_DIR=/tmp/ckbench go test ./county -run '^$' -bench CountyImportPeakMemory -benchtime 1x
func BenchmarkCountyImportPeakMemory(b *testing.B) {
	if os.Getenv("CAREKIOSK_BENCH_BIG") == "" {
		b.Skip("set CAREKIOSK_BENCH_BIG=1 to build ten stations' five years (minutes)")
	}
	dir := peakStations(b)
	for b.Loop() {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCountyImportPeakChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), "CAREKIOSK_PEAK_CHILD="+dir, "CAREKIOSK_PEAK_WORK="+b.TempDir())
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Run(); err != nil {
			b.Fatalf("%v\n%s", err, out.String())
		}
		ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
		if !ok {
			b.Skip("no resource usage on this system")
		}
		var heap, secs float64
		var sessions, bundles int
		for _, line := range strings.Split(out.String(), "\n") {
			if v, ok := strings.CutPrefix(line, "peak-import "); ok {
				fmt.Sscanf(v, "%d %d %g %g", &bundles, &sessions, &heap, &secs)
			}
		}
		if bundles != 10*len(peakYears) || sessions == 0 {
			b.Fatalf("the child imported %d bundles, %d sessions:\n%s", bundles, sessions, out.String())
		}
		b.ReportMetric(float64(ru.Maxrss)/1024, "peak-RSS-MB") // Linux: kilobytes
		b.ReportMetric(heap, "peak-heap-MB")
		b.ReportMetric(secs, "import-s")
		b.Logf("%d bundles, %d sessions imported in %.1f s", bundles, sessions, secs)
	}
}

// TestCountyImportPeakChild is the child process of
// BenchmarkCountyImportPeakMemory: it copies the empty county kept in
// $CAREKIOSK_PEAK_CHILD into $CAREKIOSK_PEAK_WORK, imports every bundle
// listed there and prints what it did.
func TestCountyImportPeakChild(t *testing.T) {
	dir := os.Getenv("CAREKIOSK_PEAK_CHILD")
	if dir == "" {
		t.Skip("the child of BenchmarkCountyImportPeakMemory")
	}
	work := filepath.Join(os.Getenv("CAREKIOSK_PEAK_WORK"), "县中心")
	if err := os.CopyFS(work, os.DirFS(filepath.Join(dir, "县中心"))); err != nil {
		t.Fatal(err)
	}
	list, err := os.ReadFile(filepath.Join(dir, "bundles.txt"))
	if err != nil {
		t.Fatal(err)
	}
	files := strings.Fields(string(list))
	ctx := context.Background()
	db, err := countydb.Open(work, false, countydb.Options{Clock: countytest.NewClock(peakNow).Model()})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	stop, peak := sampleHeap()
	start := time.Now()
	for _, r := range county.Import(ctx, db, files, peakNow) {
		if r.Err != nil {
			t.Fatalf("%s: %v", r.File, r.Err)
		}
	}
	secs := time.Since(start).Seconds()
	close(stop)
	ss, err := db.Sessions(ctx, county.SessionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	fmt.Printf("peak-import %d %d %.1f %.2f\n", len(files), len(ss), float64(<-peak)/(1<<20), secs)
}

// sampleHeap samples the Go heap in use every 10 ms until stop is closed,
// then sends the highest figure seen.
func sampleHeap() (chan struct{}, chan uint64) {
	stop, peak := make(chan struct{}), make(chan uint64)
	go func() {
		var m runtime.MemStats
		var high uint64
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stop:
				peak <- high
				return
			case <-t.C:
				runtime.ReadMemStats(&m)
				high = max(high, m.HeapInuse)
			}
		}
	}()
	return stop, peak
}

// peakStations builds, once, ten stations of ten units each holding five
// years and exporting a bundle at the end of each year, and an empty
// county (its plan, keys and the stations registered) to import them into.
func peakStations(b *testing.B) string {
	dir := filepath.Join(b.TempDir(), "county-10st-5y-50")
	if base := os.Getenv("CAREKIOSK_BENCH_DIR"); base != "" {
		dir = filepath.Join(base, "county-10st-5y-50")
	}
	done := filepath.Join(dir, "complete")
	if _, err := os.Stat(done); err == nil {
		return dir
	}
	os.RemoveAll(dir)
	start := time.Now()
	ctx := context.Background()
	c := countytest.New(b, dir, peakYears[0], peakNow)
	c.AddYears(b, peakYears[1:]...)
	out := filepath.Join(dir, "U盘")
	var bundles []string
	var stations []*countytest.Station
	for _, cu := range model.QingtianPlan {
		stations = append(stations, c.AddStation(b, cu.Name, peakYears[0], peakSessions))
	}
	for yi, y := range peakYears {
		for i, cu := range model.QingtianPlan {
			st := stations[i]
			if yi > 0 {
				_, err := demo.FillStation(ctx, st.Store, demo.StationOptions{Unit: cu.Name, Year: y, Sessions: peakSessions,
					Families: 20 + 3*peakSessions, Seed: int64(500 + 10*yi + i), Clock: st.Clock.Model()})
				if err != nil {
					b.Fatal(err)
				}
			}
			bundles = append(bundles, st.Export(b, time.Date(y, 12, 28, 10, 0, 0, 0, county.Zone()), out))
		}
	}
	for _, st := range stations {
		st.Store.Close()
	}
	if err := c.DB.Close(); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "bundles.txt"), []byte(strings.Join(bundles, "\n")+"\n"), 0o644); err != nil {
		b.Fatal(err)
	}
	var size int64
	for _, p := range bundles {
		if fi, err := os.Stat(p); err == nil {
			size += fi.Size()
		}
	}
	if err := os.WriteFile(done, []byte(strconv.FormatInt(size, 10)+"\n"), 0o644); err != nil {
		b.Fatal(err)
	}
	b.Logf("built ten stations' five years (%d bundles, %d MB) in %s", len(bundles), size>>20, time.Since(start).Round(time.Second))
	return dir
}
