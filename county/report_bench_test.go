package county_test

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"carekiosk/county"
	"carekiosk/county/countytest"
	"carekiosk/countydb"
	"carekiosk/export"
	"carekiosk/model"
)

// benchNow is when the benchmarks' county reads its report.
var benchNow = cst(2031, 2, 15, 9)

// benchCounty is ten units × five years (2026–2030): per unit and year a
// station holding 50 sessions, its bundle imported — 2,500 sessions. With
// $CAREKIOSK_BENCH_DIR set the county is kept there and reused.
func benchCounty(b testing.TB) *countydb.DB {
	b.Helper()
	dir := filepath.Join(b.TempDir(), "county-10x5")
	if base := os.Getenv("CAREKIOSK_BENCH_DIR"); base != "" {
		dir = filepath.Join(base, "county-10x5")
	}
	done := filepath.Join(dir, "complete")
	if _, err := os.Stat(done); err != nil {
		os.RemoveAll(dir)
		buildBenchCounty(b, dir)
		if err := os.WriteFile(done, nil, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	db, err := countydb.Open(filepath.Join(dir, "县中心"), false, countydb.Options{Clock: countytest.NewClock(benchNow).Model()})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return db
}

func buildBenchCounty(b testing.TB, dir string) {
	start := time.Now()
	c := countytest.New(b, dir, 2026, benchNow)
	c.AddYears(b, 2027, 2028, 2029, 2030)
	out := filepath.Join(dir, "U盘")
	for y := 2026; y <= 2030; y++ {
		for _, cu := range model.QingtianPlan {
			st := c.AddStation(b, cu.Name, y, 50)
			c.Import(b, st.Export(b, time.Date(y, 12, 28, 10, 0, 0, 0, county.Zone()), out))
			st.Store.Close()
		}
	}
	b.Logf("built the county's five years in %s", time.Since(start).Round(time.Second))
}

// BenchmarkCountyReport builds the county's report workbook (活动统计表
// with the unit, 任务完成情况, 上报情况, 每月活动 and its chart) for ten units
// × five years, reading the county's database: what the clerk downloads.
func BenchmarkCountyReport(b *testing.B) {
	db := benchCounty(b)
	ctx := context.Background()
	b.ReportAllocs()
	start := cpuTime()
	defer func() { reportCPU(b, cpuTime()-start) }()
	for b.Loop() {
		r, err := county.WriteReportWorkbook(ctx, db, io.Discard, model.Date{}, model.Date{}, benchNow)
		if err != nil {
			b.Fatal(err)
		}
		if n := heldIn(r); n != 2500 {
			b.Fatalf("任务完成情况 counts %d sessions, want 2,500", n)
		}
	}
}

// heldIn sums 已开展 over every year and unit of r's 任务完成情况.
func heldIn(r *export.CountyReport) int {
	n := 0
	for _, y := range r.Quota {
		for _, q := range y.Rows {
			n += q.Held
		}
	}
	return n
}

// BenchmarkCountyRawStream is the floor: excelize's StreamWriter writing
// the same 活动统计表 rows (the unit and 附件6's six columns, styled) from
// memory, nothing else.
func BenchmarkCountyRawStream(b *testing.B) {
	db := benchCounty(b)
	r, err := county.BuildReport(context.Background(), db, model.Date{}, model.Date{}, benchNow)
	if err != nil {
		b.Fatal(err)
	}
	rows := statisticsRows(b, r)
	b.ReportAllocs()
	start := cpuTime()
	defer func() { reportCPU(b, cpuTime()-start) }()
	for b.Loop() {
		f := excelize.NewFile()
		font := &excelize.Font{Family: "SimSun", Size: 11}
		border := []excelize.Border{{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1},
			{Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1}}
		cell, _ := f.NewStyle(&excelize.Style{Font: font, Border: border, Alignment: &excelize.Alignment{Horizontal: "center", WrapText: true}})
		left, _ := f.NewStyle(&excelize.Style{Font: font, Border: border, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
		sw, err := f.NewStreamWriter("Sheet1")
		if err != nil {
			b.Fatal(err)
		}
		for i, row := range rows {
			name, _ := excelize.CoordinatesToCellName(1, i+4)
			cells := make([]any, len(row))
			for j, v := range row {
				st := cell
				if j == len(row)-1 {
					st = left
				}
				cells[j] = excelize.Cell{StyleID: st, Value: v}
			}
			if err := sw.SetRow(name, cells, excelize.RowOpts{Height: 20}); err != nil {
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

// statisticsRows reads the rows of the report's 活动统计表 back, as the
// raw stream's input.
func statisticsRows(b *testing.B, r *export.CountyReport) [][]any {
	f, err := excelize.OpenReader(writeBook(b, r))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	got, err := f.GetRows("活动统计表")
	if err != nil {
		b.Fatal(err)
	}
	var out [][]any
	for _, row := range got[3:] {
		cells := make([]any, len(row))
		for i, v := range row {
			cells[i] = v
		}
		out = append(out, cells)
	}
	if len(out) != len(r.Sessions) {
		b.Fatalf("%d rows for %d sessions", len(out), len(r.Sessions))
	}
	return out
}

func writeBook(b *testing.B, r *export.CountyReport) io.Reader {
	pr, pw := io.Pipe()
	go func() { pw.CloseWithError(export.WriteCountyWorkbook(pw, r)) }()
	return pr
}
