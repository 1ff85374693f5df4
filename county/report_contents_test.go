package county_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"carekiosk/county"
	"carekiosk/export"
	"carekiosk/model"
)

// TestCountyReportContentsKept compares what the benchmarks' county report
// workbook holds (every sheet's cells with their types and styles, merged
// cells, row heights, column widths, sheet order) with what it held when
// first recorded beside the kept county: a change that makes the report
// faster must not change what it says. It runs only with
// CAREKIOSK_BENCH_DIR (the five-year county takes minutes to build); the
// first run records the contents, delete the file to record them anew.
func TestCountyReportContentsKept(t *testing.T) {
	if os.Getenv("CAREKIOSK_BENCH_DIR") == "" {
		t.Skip("set CAREKIOSK_BENCH_DIR to compare the benchmark county's report with its recorded contents")
	}
	db := benchCounty(t)
	r, err := county.BuildReport(context.Background(), db, model.Date{}, model.Date{}, benchNow)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := export.WriteCountyWorkbook(&buf, r); err != nil {
		t.Fatal(err)
	}
	got := workbookContents(t, buf.Bytes())
	path := filepath.Join(os.Getenv("CAREKIOSK_BENCH_DIR"), "county-10x5", "report-contents.txt")
	want, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("recorded the report's contents in %s (%d bytes)", path, len(got))
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := 0; i < max(len(gl), len(wl)); i++ {
			var g, w string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Fatalf("the report differs from %s at line %d:\n got %q\nwant %q", path, i+1, g, w)
			}
		}
	}
}

// workbookContents lists a workbook's sheets, cells (type, style, value),
// merged cells, row heights and column widths as text, one line each.
func workbookContents(t testing.TB, book []byte) string {
	f, err := excelize.OpenReader(bytes.NewReader(book))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var b strings.Builder
	for _, sheet := range f.GetSheetList() {
		fmt.Fprintf(&b, "sheet %s\n", sheet)
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		for i, row := range rows {
			h, _ := f.GetRowHeight(sheet, i+1)
			fmt.Fprintf(&b, "row %d height %g\n", i+1, h)
			for j, v := range row {
				cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
				typ, _ := f.GetCellType(sheet, cell)
				style, _ := f.GetCellStyle(sheet, cell)
				fmt.Fprintf(&b, "%s %d %d %q\n", cell, typ, style, v)
			}
		}
		for c := 1; c <= 20; c++ {
			name, _ := excelize.ColumnNumberToName(c)
			w, _ := f.GetColWidth(sheet, name)
			fmt.Fprintf(&b, "col %s %g\n", name, w)
		}
		merged, err := f.GetMergeCells(sheet, true)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range merged {
			fmt.Fprintf(&b, "merged %s:%s\n", m.GetStartAxis(), m.GetEndAxis())
		}
	}
	return b.String()
}
