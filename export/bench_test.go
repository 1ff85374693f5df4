package export

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"carekiosk/model"
	"carekiosk/store"
)

// benchDB opens a station database holding sessions closed sessions with
// perSession sign-ins each (families of five siblings signing in together,
// a drawn signature for every sigEvery-th family, 0 for none), built
// through the store's API with concurrent callers so group commit makes it
// quick. With $CAREKIOSK_BENCH_DIR set the database is kept there and
// reused by later runs.
func benchDB(b *testing.B, name string, sessions, perSession, sigEvery int) *store.Store {
	b.Helper()
	dir := filepath.Join(b.TempDir(), name)
	if base := os.Getenv("CAREKIOSK_BENCH_DIR"); base != "" {
		dir = filepath.Join(base, name)
	}
	done := filepath.Join(dir, "complete")
	if _, err := os.Stat(done); err == nil {
		s, err := store.Open(dir, store.Options{Clock: fixedClock(testNow)})
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { s.Close() })
		return s
	}
	os.RemoveAll(dir)
	start := time.Now()
	s, err := store.Open(dir, store.Options{Clock: fixedClock(testNow)})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	f := &fixture{t: b, s: s, dir: dir, ctx: context.Background()}
	seedCounty(f)
	families := perSession / kidsPerFamily
	pool := max(families*5, 500)
	sig := signaturePNG(3)
	first := model.MustDate("2019-01-01")
	jobs := make(chan int)
	var wg sync.WaitGroup
	var failed error
	var mu sync.Mutex
	fail := func(err error) {
		mu.Lock()
		if failed == nil {
			failed = err
		}
		mu.Unlock()
	}
	for w := 0; w < 48; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				if err := benchSession(f, i, first.AddDays(i*2555/sessions), families, kidsPerFamily, pool, sigEvery, sig); err != nil {
					fail(err)
				}
			}
		}()
	}
	for i := 0; i < sessions; i++ {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	if failed != nil {
		b.Fatal(failed)
	}
	if err := os.WriteFile(done, nil, 0o644); err != nil {
		b.Fatal(err)
	}
	st, _ := s.Stats(f.ctx)
	b.Logf("built %s: %d sessions, %d sign-ins in %v", name, st.Sessions, st.SignIns, time.Since(start).Round(time.Second))
	return s
}

// seedCounty adds the county's units with quotas, a station and settings.
func seedCounty(f *fixture) {
	ctx := f.ctx
	var unitID string
	for i, cu := range model.QingtianPlan {
		u, err := f.s.CreateUnit(ctx, cu.Name, i+1)
		if err != nil {
			f.t.Fatal(err)
		}
		if err := f.s.SetQuota(ctx, model.Quota{UnitID: u.ID, Year: 2019, Sessions: cu.Quota}); err != nil {
			f.t.Fatal(err)
		}
		if err := f.s.SetQuota(ctx, model.Quota{UnitID: u.ID, Year: 2026, Sessions: cu.Quota}); err != nil {
			f.t.Fatal(err)
		}
		if cu.Name == "温溪片卫生院" {
			unitID = u.ID
		}
	}
	st, err := f.s.CreateStation(ctx, "温溪镇社区卫生服务站", unitID)
	if err != nil {
		f.t.Fatal(err)
	}
	set := model.DefaultSettings()
	set.UnitID, set.StationID = unitID, st.ID
	if err := f.s.SaveSettings(ctx, set); err != nil {
		f.t.Fatal(err)
	}
}

func benchSession(f *fixture, i int, date model.Date, families, perFamily, pool, sigEvery int, sig []byte) error {
	ctx := f.ctx
	band := model.DefaultAgeBands[i%len(model.DefaultAgeBands)]
	sess, err := f.s.CreateSession(ctx, model.NewSessionInput{Date: date, Band: band, Title: fmt.Sprintf("第%d期 辅食添加与回应性照护", i+1),
		Instructor: "陈晓燕", Areas: []model.ContentArea{model.AreaNutrition},
		Planned: [4]string{"轮流介绍", "辅食添加的时间与顺序", "分享喂养经验", "亲子手指游戏"}})
	if err != nil {
		return err
	}
	if _, err := f.s.AdvanceSession(ctx, sess.ID, model.StateOpen); err != nil {
		return err
	}
	for k := 0; k < families; k++ {
		fam := (i*families + k) % pool
		in := model.SignInInput{SessionID: sess.ID, Phone: fmt.Sprintf("139%08d", fam), Relation: model.Relations[fam%len(model.Relations)],
			Method: model.MethodKiosk, ConsentVersion: model.ConsentVersion, Caregiver: "王丽"}
		for c := 0; c < perFamily; c++ {
			in.Children = append(in.Children, model.ChildInput{Name: cnDigits(fam) + string([]rune("甲乙丙丁戊己庚")[c]), AgeMonths: 10})
		}
		if sigEvery > 0 && fam%sigEvery == 0 {
			in.SignaturePNG = sig
		} else {
			in.SignedName = "王丽"
		}
		all := in.Children
		for len(all) > 0 { // siblings beyond one sign-in's limit sign in next
			n := min(len(all), model.MaxChildrenPerSignIn)
			in.Children, all = all[:n], all[n:]
			res, err := f.s.SignIn(ctx, in)
			if err != nil {
				return fmt.Errorf("session %d family %d: %w", i, fam, err)
			}
			in.FamilyID = res.FamilyID
		}
	}
	if _, err := f.s.UpdateSummary(ctx, sess.ID, model.Summary{Handover: "衔接良好", Cooperation: "配合"}); err != nil {
		return err
	}
	if _, err := f.s.CloseSession(ctx, sess.ID); err != nil {
		return err
	}
	if i%50 == 0 {
		_, err = f.s.Correct(ctx, model.CorrectionInput{SessionID: sess.ID, Who: "陈晓燕", Field: model.FieldTitle, NewValue: "更正后的标题", Reason: "标题写错"})
	}
	return err
}

// BenchmarkExportStatistics writes 活动统计表 (and the small 任务完成情况)
// for a long county history — about 2,500 sessions and 50,000 sign-ins —
// reading the store's snapshot as an export does (the head, then the rows
// streamed while they are written), to compare with BenchmarkRawStream.
func BenchmarkExportStatistics(b *testing.B) {
	s := benchDB(b, "history-2500x20", 2500, 20, 0)
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cpuTime()
	defer func() { reportCPU(b, cpu) }()
	for i := 0; i < b.N; i++ {
		err := s.View(ctx, func(v *store.Snapshot) error {
			ds, err := loadHead(v, testNow)
			if err != nil {
				return err
			}
			var out countingWriter
			if err := writeStatisticsWorkbook(&out, v, ds, Options{}); err != nil {
				return err
			}
			if out < 50_000 { // an empty table is about 10 KB
				return fmt.Errorf("a workbook of %d bytes for 2,500 sessions", out)
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRawStream is the floor: excelize's StreamWriter writing the same
// 2,500 rows (same cells, same styles) from memory.
func BenchmarkRawStream(b *testing.B) {
	s := benchDB(b, "history-2500x20", 2500, 20, 0)
	var rows [][]string
	var heights []float64
	err := s.View(context.Background(), func(v *store.Snapshot) error {
		ds, err := load(v, Options{}, testNow, false)
		for _, x := range ds.sessions {
			rows = append(rows, statisticsRow(x))
			heights = append(heights, rowHeight(max(1, textLines(remarks(x), statisticsWidths[5])), 20))
		}
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cpuTime()
	defer func() { reportCPU(b, cpu) }()
	for i := 0; i < b.N; i++ {
		f := excelize.NewFile()
		st, _ := newStyles(f)
		sw, err := f.NewStreamWriter("Sheet1")
		if err != nil {
			b.Fatal(err)
		}
		for r, row := range rows {
			fam, _ := strconv.Atoi(row[4])
			cell, _ := excelize.CoordinatesToCellName(1, r+4)
			if err := sw.SetRow(cell, []any{
				excelize.Cell{StyleID: st.text, Value: row[0]}, excelize.Cell{StyleID: st.cell, Value: row[1]},
				excelize.Cell{StyleID: st.cell, Value: row[2]}, excelize.Cell{StyleID: st.cell, Value: row[3]},
				excelize.Cell{StyleID: st.number, Value: fam}, excelize.Cell{StyleID: st.cellLeft, Value: row[5]},
			}, excelize.RowOpts{Height: heights[r]}); err != nil {
				b.Fatal(err)
			}
		}
		if err := sw.Flush(); err != nil {
			b.Fatal(err)
		}
		if err := f.Write(io.Discard); err != nil {
			b.Fatal(err)
		}
		f.Close()
	}
}

// BenchmarkExportPeakMemory exports every format for 500,000 sign-ins
// (2,500 sessions of 200, a drawn signature for every fourth family) and
// reports the process's peak resident memory during the export
// (peak-RSS-MB, Linux VmHWM reset just before) and the peak Go heap
// (peak-heap-MB). Building the database takes minutes, so it runs only
// with CAREKIOSK_BENCH_BIG=1; keep it with CAREKIOSK_BENCH_DIR:
//
//	CAREKIOSK_BENCH_BIG=1 CAREKIOSK_BENCH_DIR=/tmp/ckbench go test ./export -run '^$' -bench ExportPeakMemory -benchtime 1x
func BenchmarkExportPeakMemory(b *testing.B) {
	if os.Getenv("CAREKIOSK_BENCH_BIG") == "" {
		b.Skip("set CAREKIOSK_BENCH_BIG=1 to build the 500,000 sign-in database (minutes)")
	}
	s := benchDB(b, "big-2500x200", 2500, 200, 4)
	ctx := context.Background()
	for i := 0; i < b.N; i++ {
		out := b.TempDir()
		runtime.GC()
		debug.FreeOSMemory()
		resetPeakRSS()
		stop := make(chan struct{})
		peakHeap := make(chan uint64)
		go func() {
			var m runtime.MemStats
			var peak uint64
			t := time.NewTicker(10 * time.Millisecond)
			defer t.Stop()
			for {
				select {
				case <-stop:
					peakHeap <- peak
					return
				case <-t.C:
					runtime.ReadMemStats(&m)
					peak = max(peak, m.HeapInuse)
				}
			}
		}()
		start := time.Now()
		rep, err := Run(ctx, s, Options{OutDir: out}, nil)
		elapsed := time.Since(start)
		close(stop)
		heap := <-peakHeap
		if err != nil {
			b.Fatal(err)
		}
		if rep.SignIns != 500_000 {
			b.Fatalf("exported %d sign-ins", rep.SignIns)
		}
		b.ReportMetric(float64(peakRSS())/(1<<20), "peak-RSS-MB")
		b.ReportMetric(float64(heap)/(1<<20), "peak-heap-MB")
		b.ReportMetric(elapsed.Seconds(), "export-s")
		b.Logf("%d files in %v", len(rep.Files), elapsed.Round(time.Second))
	}
}

// resetPeakRSS resets the kernel's peak resident set (VmHWM) of this
// process (Linux; nothing elsewhere).
func resetPeakRSS() { _ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0o200) }

// peakRSS reads VmHWM in bytes, 0 when unknown.
func peakRSS() int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// cpuTime is the CPU time (user + system) this process has used: on a busy
// machine it varies less than the wall time the benchmark reports.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU reports the CPU milliseconds per operation since start.
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(cpuTime()-start)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
}

// countingWriter counts what is written to it.
type countingWriter int64

func (c *countingWriter) Write(p []byte) (int, error) {
	*c += countingWriter(len(p))
	return len(p), nil
}
