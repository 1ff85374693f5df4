package export

import (
	"archive/zip"
	"context"
	"io"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"carekiosk/model"
	"carekiosk/store"
)

// The statistics table's heading counts the sessions of the range and
// names every unit among them in the order of its first session; planned
// sessions are neither counted nor listed.
func TestStatisticsHeadingAndUnits(t *testing.T) {
	f := newFixture(t)
	band := model.AgeBand{Min: 7, Max: 9}
	f.session("2026-03-01", "温溪的活动", band, kids(2), false)

	// The database now also holds another unit's session (merged data),
	// dated earlier, and a planned one.
	units, err := f.s.Units(f.ctx)
	if err != nil {
		t.Fatal(err)
	}
	var other model.Unit
	for _, u := range units {
		if u.Name != "温溪片卫生院" {
			other = u
			break
		}
	}
	st, err := f.s.CreateStation(f.ctx, "另一个服务站", other.ID)
	if err != nil {
		t.Fatal(err)
	}
	set, err := f.s.Settings(f.ctx)
	if err != nil {
		t.Fatal(err)
	}
	set.UnitID, set.StationID = other.ID, st.ID
	if err := f.s.SaveSettings(f.ctx, set); err != nil {
		t.Fatal(err)
	}
	f.session("2026-02-01", "另一个单位的活动", band, kids(1), false)
	if _, err := f.s.CreateSession(f.ctx, model.NewSessionInput{Date: model.MustDate("2026-01-10"), Band: band, Title: "计划中的活动", Instructor: "陈晓燕"}); err != nil {
		t.Fatal(err)
	}

	rep, err := Run(f.ctx, f.s, Options{OutDir: t.TempDir(), Formats: []string{FormatXLSX}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Sessions != 2 {
		t.Fatalf("%d sessions exported, want 2 (the planned one left out)", rep.Sessions)
	}
	x := openXLSX(t, findFile(t, rep.Files, "活动统计表"))
	want := "单位：2 个单位（" + other.Name + "、温溪片卫生院）　　统计期间：全部日期　　共 2 场活动"
	if v := cell(t, x, sheetStatistics, "A2"); v != want {
		t.Errorf("heading %q\nwant    %q", v, want)
	}
	rows, _ := x.GetRows(sheetStatistics)
	if len(rows) != 5 || rows[3][0] != "2026-02-01" || rows[4][0] != "2026-03-01" || rows[3][1] != "另一个服务站" || rows[4][1] != "温溪镇社区卫生服务站" {
		t.Errorf("rows %q", rows)
	}

	// A range holding no session names the station's unit and says so.
	rep, err = Run(f.ctx, f.s, Options{OutDir: t.TempDir(), Formats: []string{FormatXLSX}, From: model.MustDate("2025-01-01"), To: model.MustDate("2025-12-31")}, nil)
	if err != nil {
		t.Fatal(err)
	}
	x = openXLSX(t, findFile(t, rep.Files, "活动统计表"))
	if v := cell(t, x, sheetStatistics, "A2"); !strings.HasPrefix(v, "单位："+other.Name+"　　统计期间：2025年1月1日至2025年12月31日") || !strings.HasSuffix(v, "共 0 场活动") {
		t.Errorf("empty-range heading %q", v)
	}
}

// The reader goroutine hands the span, then every row in date order, then
// the quota progress; told to stop half-way it stops, and nothing is left
// running (the race detector would see a reader still using the snapshot).
func TestStatisticsReader(t *testing.T) {
	c := sharedCounty(t)

	err := c.s.View(c.ctx, func(v *store.Snapshot) error {
		ds, err := loadHead(v, testNow)
		if err != nil {
			return err
		}
		r := readStatistics(v, Options{}, ds, 1)
		r.useStyles(&styles{})
		span := <-r.span
		var dates []string
		for b := range r.batches {
			for _, l := range b.lines {
				dates = append(dates, l.date)
			}
		}
		quota, ok := <-r.quota
		if err := r.stop(); err != nil || !ok {
			t.Fatalf("stop: %v, quota sent: %v", err, ok)
		}
		if span.Count != 6 || len(dates) != 6 || dates[0] != "2026-03-15" {
			t.Fatalf("span %+v, dates %v", span, dates)
		}
		for i := 1; i < len(dates); i++ {
			if dates[i] < dates[i-1] {
				t.Fatalf("out of order: %v", dates)
			}
		}
		if len(quota) != 1 || quota[0].year != 2026 || len(quota[0].rows) != 1 || quota[0].rows[0].Unit.Name != "温溪片卫生院" {
			t.Fatalf("quota %+v", quota)
		}

		// Stopped after the first row: no quota comes, no error.
		r = readStatistics(v, Options{}, ds, 1)
		r.useStyles(&styles{})
		<-r.span
		<-r.batches
		if err := r.stop(); err != nil {
			t.Fatalf("stop half-way: %v", err)
		}
		if _, ok := <-r.quota; ok {
			t.Fatal("a stopped reader sent the quota")
		}

		// Stopped before it had the styles (the workbook could not be
		// made): it sends no row and stops.
		r = readStatistics(v, Options{}, ds, 1)
		<-r.span
		if err := r.stop(); err != nil {
			t.Fatalf("stop before the styles: %v", err)
		}
		if _, ok := <-r.batches; ok {
			t.Fatal("a reader without styles sent rows")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// When the snapshot fails under the reader (here its context is cancelled),
// the workbook is not written and the reader's error comes back.
func TestStatisticsReaderFails(t *testing.T) {
	c := sharedCounty(t)
	ctx, cancel := context.WithCancel(c.ctx)
	var out countingWriter
	err := c.s.View(ctx, func(v *store.Snapshot) error {
		ds, err := loadHead(v, testNow)
		if err != nil {
			return err
		}
		cancel()
		return writeStatisticsWorkbook(&out, v, ds, Options{})
	})
	if err == nil || out != 0 {
		t.Fatalf("err %v, %d bytes written", err, out)
	}
}

// A sign-in withdrawn during the session is not on the 签到表; a note under
// the table says which 序号 it was, by whom and why.
func TestSignInSheetNotesWithdrawn(t *testing.T) {
	f := newFixture(t)
	s := f.session("2026-03-01", "撤销测试", model.AgeBand{Min: 7, Max: 9}, []child{
		{name: "王一", phone: "13900000001", age: 8, typed: "王丽"},
		{name: "王二", phone: "13900000002", age: 8, typed: "王丽"},
		{name: "王三", phone: "13900000003", age: 8, typed: "王丽"},
	}, true)
	sis, err := f.s.SignIns(f.ctx, s.ID)
	if err != nil || len(sis) != 3 {
		t.Fatal(err, len(sis))
	}
	if err := f.s.WithdrawSignIn(f.ctx, model.WithdrawInput{SessionID: s.ID, SignInID: sis[1].ID, Who: "陈晓燕", Reason: "选错了孩子"}); err != nil {
		t.Fatal(err)
	}
	rep, err := Run(f.ctx, f.s, Options{OutDir: t.TempDir(), Formats: []string{FormatXLSX}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	x := openXLSX(t, findFile(t, rep.Files, "撤销测试"))
	rows, _ := x.GetRows(sheetSignIn)
	var seqs []string
	note := ""
	for _, r := range rows[signInFirstRow-1:] {
		if len(r) > 0 && strings.HasPrefix(r[0], "注：") {
			note = r[0]
			continue
		}
		if len(r) > 1 {
			seqs = append(seqs, r[0]+r[1])
		}
	}
	if strings.Join(seqs, ",") != "1王一,3王三" {
		t.Errorf("sign-in rows %v", seqs)
	}
	if !strings.HasPrefix(note, "注：序号 2（王二）的签到已撤销：选错了孩子（陈晓燕，2026-11-22 ") {
		t.Errorf("note %q", note)
	}
}

// The used range a sheet declares (<dimension ref>) is what readers that
// trust it (openpyxl in read-only mode) read: it must reach the last row
// and column written, on the streamed 活动统计表 as on every other sheet.
func TestSheetDimensions(t *testing.T) {
	f := newFixture(t)
	band := model.AgeBand{Min: 7, Max: 9}
	for _, d := range []string{"2026-03-01", "2026-03-08", "2026-03-15"} {
		f.session(d, "辅食添加", band, kids(2), false)
	}
	for _, opt := range []Options{{}, {From: model.MustDate("2025-01-01"), To: model.MustDate("2025-12-31")}} {
		opt.OutDir, opt.Formats = t.TempDir(), []string{FormatXLSX}
		rep, err := Run(f.ctx, f.s, opt, nil)
		if err != nil {
			t.Fatal(err)
		}
		checked := 0
		for _, path := range rep.Files {
			if !strings.HasSuffix(path, ".xlsx") {
				continue
			}
			zr, err := zip.OpenReader(path)
			if err != nil {
				t.Fatal(err)
			}
			for _, zf := range zr.File {
				if !strings.HasPrefix(zf.Name, "xl/worksheets/sheet") {
					continue
				}
				rc, _ := zf.Open()
				b, _ := io.ReadAll(rc)
				rc.Close()
				declared, used := sheetExtent(string(b))
				if declared != used {
					t.Errorf("%s %s: declares %q, cells reach %q", filepath.Base(path), zf.Name, declared, used)
				}
				checked++
			}
			zr.Close()
		}
		if checked < 2 {
			t.Fatalf("checked %d sheets", checked)
		}
	}
}

var (
	dimensionRe = regexp.MustCompile(`<dimension ref="([^"]*)"`)
	cellRefRe   = regexp.MustCompile(`<c r="([A-Z]+)([0-9]+)"`)
)

// sheetExtent reads a worksheet's XML: the range its dimension declares,
// and the range from A1 to the last row and column holding a cell.
func sheetExtent(xml string) (declared, used string) {
	if m := dimensionRe.FindStringSubmatch(xml); m != nil {
		declared = m[1]
	}
	maxCol, maxRow := 1, 1
	for _, m := range cellRefRe.FindAllStringSubmatch(xml, -1) {
		col, _ := excelize.ColumnNameToNumber(m[1])
		row, _ := strconv.Atoi(m[2])
		maxCol, maxRow = max(maxCol, col), max(maxRow, row)
	}
	end, _ := excelize.CoordinatesToCellName(maxCol, maxRow)
	if end == "A1" {
		return declared, "A1"
	}
	return declared, "A1:" + end
}

// 任务完成情况 counts, for a year the range holds whole, the closed sessions
// the statistics rows pass over; for a year it cuts, it asks the store.
// Either way each unit's held and quota are what QuotaProgress says: two
// units, an open, a voided and a planned session, sessions in two years.
func TestStatisticsQuotaFromRows(t *testing.T) {
	f := newFixture(t)
	band := model.AgeBand{Min: 7, Max: 9}
	for _, d := range []string{"2025-01-01", "2025-06-30", "2025-12-31", "2026-03-01", "2026-03-08"} {
		f.session(d, "辅食添加", band, kids(1), false)
	}
	f.session("2026-04-01", "还没结束", band, kids(1), true)
	voided := f.session("2026-05-01", "误开的活动", band, kids(1), false)
	if _, err := f.s.VoidSession(f.ctx, model.VoidInput{SessionID: voided.ID, Who: "陈晓燕", Reason: "测试时误开"}); err != nil {
		t.Fatal(err)
	}
	switchUnit(t, f, "另一个服务站")
	f.session("2025-07-01", "另一个单位的活动", band, kids(1), false)
	f.session("2026-02-01", "另一个单位的活动", band, kids(1), false)
	if _, err := f.s.CreateSession(f.ctx, model.NewSessionInput{Date: model.MustDate("2026-06-10"), Band: band, Title: "计划中的活动", Instructor: "陈晓燕"}); err != nil {
		t.Fatal(err)
	}
	d := model.MustDate
	ranges := []Options{{}, {From: d("2025-01-01"), To: d("2026-12-31")}, {From: d("2025-01-02"), To: d("2026-12-30")},
		{From: d("2025-06-30")}, {To: d("2025-12-31")}, {From: d("2026-01-01"), To: d("2026-03-01")}, {From: d("2024-01-01"), To: d("2024-12-31")}, {From: d("2024-06-01"), To: d("2026-06-30")}}
	err := f.s.View(f.ctx, func(v *store.Snapshot) error {
		ds, err := loadHead(v, testNow)
		if err != nil {
			return err
		}
		for _, opt := range ranges {
			r := readStatistics(v, opt, ds, 2)
			r.useStyles(&styles{})
			<-r.span
			for range r.batches {
			}
			quota := <-r.quota
			if err := r.stop(); err != nil {
				return err
			}
			span, err := v.Span(opt.From, opt.To)
			if err != nil {
				return err
			}
			held := 0
			for _, yq := range quota {
				all, err := v.QuotaProgress(yq.year)
				if err != nil {
					return err
				}
				// The station's own unit's row and those of the units of
				// the range's sessions: no row says 0 of a unit the
				// station knows nothing of.
				var want []model.QuotaProgress
				for _, q := range all {
					if q.Unit.ID == ds.set.UnitID || slices.Contains(span.Units, q.Unit.Name) {
						want = append(want, q)
					}
				}
				if !reflect.DeepEqual(yq.rows, want) {
					t.Errorf("%v–%v, %d: %+v\nwant %+v", opt.From, opt.To, yq.year, yq.rows, want)
				}
				for _, q := range yq.rows {
					held += q.Held
				}
			}
			if opt.From.IsZero() && opt.To.IsZero() && (len(quota) != 2 || held != 7) {
				t.Errorf("whole range: %d years, %d held, want 2 and 7", len(quota), held)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// switchUnit makes the fixture's station a new one of another unit, so the
// sessions made next belong to that unit.
func switchUnit(t *testing.T, f *fixture, station string) {
	t.Helper()
	units, err := f.s.Units(f.ctx)
	if err != nil {
		t.Fatal(err)
	}
	set, err := f.s.Settings(f.ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range units {
		if u.ID == set.UnitID {
			continue
		}
		st, err := f.s.CreateStation(f.ctx, station, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		set.UnitID, set.StationID = u.ID, st.ID
		if err := f.s.SaveSettings(f.ctx, set); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Fatal("no other unit")
}
