package county_test

import (
	"bytes"
	"context"
	"reflect"
	"testing"

	"carekiosk/county"
	"carekiosk/county/countytest"
	"carekiosk/export"
	"carekiosk/model"
)

// TestReportWorkbookStreamed checks that the workbook written while its
// sessions are read (WriteReportWorkbook) holds what BuildReport's report
// writes, cell for cell on every sheet, with the history in and for a
// range inside the years, and returns the same report but its sessions.
func TestReportWorkbookStreamed(t *testing.T) {
	h := newHistoryCounty(t)
	ctx := context.Background()
	h.c.Import(t, h.bundle)
	h.importHistory(t, "", false, h.countyWideBook(t))
	h.importHistory(t, "瓯南片卫生院", false, h.unitCSV(t))
	now := h.c.Clock.Model().Time()
	for _, rg := range [][2]model.Date{{}, {model.MustDate("2024-01-01"), model.MustDate("2025-12-31")}, {model.MustDate("2024-04-15"), model.MustDate("2025-11-30")}} {
		want, err := county.BuildReport(ctx, h.c.DB, rg[0], rg[1], now)
		if err != nil {
			t.Fatal(err)
		}
		var wb, gb bytes.Buffer
		if err := export.WriteCountyWorkbook(&wb, want); err != nil {
			t.Fatal(err)
		}
		got, err := county.WriteReportWorkbook(ctx, h.c.DB, &gb, rg[0], rg[1], now)
		if err != nil {
			t.Fatal(err)
		}
		// The streamed report does not keep its sessions: they went by in
		// batches.
		bare := *want
		bare.Sessions = nil
		if len(want.Sessions) == 0 || !reflect.DeepEqual(got, &bare) {
			t.Fatalf("%v: the streamed report differs:\n%+v\n%+v", rg, got, &bare)
		}
		if g, w := countytest.BookCells(t, &gb), countytest.BookCells(t, &wb); !reflect.DeepEqual(g, w) {
			t.Fatalf("%v: the streamed workbook differs:\n%q\n%q", rg, g, w)
		}
	}
}
