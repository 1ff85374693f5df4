package countydb_test

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"runtime"
	"testing"
	"time"

	"carekiosk/county"
	"carekiosk/county/countytest"
	"carekiosk/countydb"
	"carekiosk/export"
	"carekiosk/model"
)

func cst(y int, m time.Month, d, h int) time.Time {
	return time.Date(y, m, d, h, 0, 0, 0, county.Zone())
}

// streamCounty is three units' stations of 2026 and 2027, 12 sessions
// each a year, their bundles imported; the stream hands over 5 sessions
// at a time.
func streamCounty(t *testing.T) *countytest.County {
	t.Helper()
	c := countytest.New(t, t.TempDir(), 2026, cst(2028, 2, 15, 9))
	c.AddYears(t, 2027)
	out := filepath.Join(c.Root, "U盘")
	for y := 2026; y <= 2027; y++ {
		for _, u := range []string{"温溪片卫生院", "鹤城片卫生院", "瓯南片卫生院"} {
			st := c.AddStation(t, u, y, 12)
			c.Import(t, st.Export(t, cst(y, 12, 28, 10), out))
		}
	}
	old := countydb.SetStreamBatch(5)
	t.Cleanup(func() { countydb.SetStreamBatch(old) })
	return c
}

// drain reads the stream to its end.
func drain(t *testing.T, s county.SessionStream) ([]export.CountySession, error) {
	t.Helper()
	var got []export.CountySession
	for {
		ss, err := s.Next()
		if err != nil || len(ss) == 0 {
			return got, err
		}
		got = append(got, ss...)
	}
}

// TestReportStreamSameAsRecords checks that the stream delivers, over
// many batches, the sessions ReportRecords reads in the same order, with
// the same counts and Held, for the whole years and for a range inside
// them.
func TestReportStreamSameAsRecords(t *testing.T) {
	c := streamCounty(t)
	ctx := context.Background()
	for _, rg := range [][2]model.Date{{model.MustDate("2026-01-01"), model.MustDate("2027-12-31")}, {model.MustDate("2026-05-10"), model.MustDate("2027-03-31")}} {
		want, err := c.DB.ReportRecords(ctx, rg[0], rg[1])
		if err != nil {
			t.Fatal(err)
		}
		rec, err := c.DB.ReportStream(ctx, rg[0], rg[1])
		if err != nil {
			t.Fatal(err)
		}
		got, err := drain(t, rec.Stream)
		rec.Stream.Close()
		if err != nil {
			t.Fatal(err)
		}
		if len(got) < 10 || !reflect.DeepEqual(got, want.Sessions) {
			t.Fatalf("%v: the stream's %d sessions differ from ReportRecords' %d", rg, len(got), len(want.Sessions))
		}
		if n, u := rec.Stream.Counts(); n != len(got) || u != 3 {
			t.Errorf("%v: counts %d sessions of %d units, want %d of 3", rg, n, u, len(got))
		}
		if !reflect.DeepEqual(rec.Held, want.Held) || !reflect.DeepEqual(rec.Units, want.Units) || !reflect.DeepEqual(rec.Receipts, want.Receipts) {
			t.Errorf("%v: Held, units or receipts differ:\n%v\n%v", rg, rec.Held, want.Held)
		}
	}
}

// TestReportStreamStops checks that a cancelled context ends the reading
// with its error, and Close ends it unread, leaving no goroutine behind.
func TestReportStreamStops(t *testing.T) {
	c := streamCounty(t)
	from, to := model.MustDate("2026-01-01"), model.MustDate("2027-12-31")
	before := runtime.NumGoroutine()
	ctx, cancel := context.WithCancel(context.Background())
	rec, err := c.DB.ReportStream(ctx, from, to)
	if err != nil {
		t.Fatal(err)
	}
	if ss, err := rec.Stream.Next(); err != nil || len(ss) != 5 {
		t.Fatalf("first batch: %d sessions, %v", len(ss), err)
	}
	cancel()
	if _, err := drain(t, rec.Stream); !errors.Is(err, context.Canceled) {
		t.Fatalf("after cancelling: %v, want context.Canceled", err)
	}
	rec.Stream.Close()
	rec, err = c.DB.ReportStream(context.Background(), from, to)
	if err != nil {
		t.Fatal(err)
	}
	rec.Stream.Close()
	rec.Stream.Close()
	for i := 0; runtime.NumGoroutine() > before; i++ {
		if i == 200 {
			t.Fatalf("%d goroutines, %d before", runtime.NumGoroutine(), before)
		}
		time.Sleep(10 * time.Millisecond)
	}
	// The read transactions ended: the database still reads.
	if _, err := c.DB.ReportRecords(context.Background(), from, to); err != nil {
		t.Fatal(err)
	}
}

// TestReportWorkbookSmallBatches checks that a workbook streamed five
// sessions at a time, each batch filled again once it is written, holds
// the cells of the workbook written from the sessions read first.
func TestReportWorkbookSmallBatches(t *testing.T) {
	c := streamCounty(t)
	ctx := context.Background()
	now := cst(2028, 2, 15, 9)
	want, err := county.BuildReport(ctx, c.DB, model.Date{}, model.Date{}, now)
	if err != nil {
		t.Fatal(err)
	}
	var wb, gb bytes.Buffer
	if err := export.WriteCountyWorkbook(&wb, want); err != nil {
		t.Fatal(err)
	}
	if _, err := county.WriteReportWorkbook(ctx, c.DB, &gb, model.Date{}, model.Date{}, now); err != nil {
		t.Fatal(err)
	}
	g, w := countytest.BookCells(t, &gb), countytest.BookCells(t, &wb)
	if len(w["活动统计表"]) < 70 || !reflect.DeepEqual(g, w) {
		t.Fatalf("the streamed workbook differs (%d rows of 活动统计表):\n%q\n%q", len(w["活动统计表"]), g, w)
	}
}

// TestReportTiesInOneOrder checks that sessions of one unit on one day
// made at the same instant come in the same order, by id, from the
// stream and from ReportRecords.
func TestReportTiesInOneOrder(t *testing.T) {
	c := streamCounty(t)
	ctx := context.Background()
	// Every session of the first unit on one day, made at one instant.
	if err := c.DB.ExecForTest(`UPDATE sessions SET date = '2026-06-01', created_at = '2026-06-01T01:00:00Z'
		WHERE unit_id = (SELECT unit_id FROM sessions ORDER BY id LIMIT 1)`); err != nil {
		t.Fatal(err)
	}
	from, to := model.MustDate("2026-01-01"), model.MustDate("2027-12-31")
	want, err := c.DB.ReportRecords(ctx, from, to)
	if err != nil {
		t.Fatal(err)
	}
	rec, err := c.DB.ReportStream(ctx, from, to)
	if err != nil {
		t.Fatal(err)
	}
	got, err := drain(t, rec.Stream)
	rec.Stream.Close()
	if err != nil {
		t.Fatal(err)
	}
	same := 0
	for i := 1; i < len(want.Sessions); i++ {
		a, b := want.Sessions[i-1].Session, want.Sessions[i].Session
		if a.UnitID == b.UnitID && a.Date == b.Date {
			same++
			if a.ID > b.ID {
				t.Errorf("ReportRecords: %s before %s on the same day", a.ID, b.ID)
			}
		}
	}
	if same < 10 || !reflect.DeepEqual(got, want.Sessions) {
		t.Fatalf("%d ties; the stream's order differs from ReportRecords'", same)
	}
}
