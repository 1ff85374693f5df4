package county_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"carekiosk/county"
	"carekiosk/county/countytest"
	"carekiosk/export"
	"carekiosk/model"
)

// cst is a moment in China's zone.
func cst(y int, m time.Month, d, h int) time.Time {
	return time.Date(y, m, d, h, 0, 0, 0, county.Zone())
}

// reportCounty is three units' stations over 2026, registered with the
// county on 5 January 2026 (温溪, 瓯南) and 15 June 2026 (鹤城): 温溪
// exports on 2026-12-20 and 2027-01-05, 鹤城 on 2027-01-20, 瓯南 never;
// the county imports everything, and its clock reads 2027-02-15. The
// other seven units have no station.
type reportCounty struct {
	c       *countytest.County
	exports map[string][]model.Date // unit → the days it wrote bundles
	// starts is each registered unit's registration month (first day).
	starts map[string]model.Date
	now    time.Time
}

func newReportCounty(t *testing.T) *reportCounty {
	now := cst(2027, 2, 15, 9)
	c := countytest.New(t, t.TempDir(), 2026, cst(2026, 1, 5, 9))
	rc := &reportCounty{c: c, exports: map[string][]model.Date{}, starts: map[string]model.Date{}, now: now}
	out := filepath.Join(c.Root, "U盘")
	plan := map[string][]time.Time{
		"温溪片卫生院": {cst(2026, 12, 20, 10), cst(2027, 1, 5, 16)},
		"鹤城片卫生院": {cst(2027, 1, 20, 11)},
		"瓯南片卫生院": nil,
	}
	registered := map[string]time.Time{"温溪片卫生院": cst(2026, 1, 5, 10), "鹤城片卫生院": cst(2026, 6, 15, 10), "瓯南片卫生院": cst(2026, 1, 5, 11)}
	var stations []*countytest.Station
	for _, unit := range []string{"温溪片卫生院", "鹤城片卫生院", "瓯南片卫生院"} {
		c.Clock.Set(registered[unit])
		stations = append(stations, c.AddStation(t, unit, 2026, 5))
		d := model.DateOf(registered[unit])
		rc.starts[unit] = model.Date{Year: d.Year, Month: d.Month, Day: 1}
	}
	c.Clock.Set(now)
	for i, unit := range []string{"温溪片卫生院", "鹤城片卫生院", "瓯南片卫生院"} {
		st := stations[i]
		for _, at := range plan[unit] {
			c.Import(t, st.Export(t, at, out))
			rc.exports[unit] = append(rc.exports[unit], model.DateOf(at))
		}
	}
	return rc
}

// TestCountyReportFigures checks the county's report workbook, read back
// with excelize, against figures worked out here from the stations' own
// databases and the days they exported.
func TestCountyReportFigures(t *testing.T) {
	rc := newReportCounty(t)
	ctx := context.Background()
	rep, err := county.WriteReport(ctx, rc.c.DB, filepath.Join(rc.c.Root, "报表 输出"), model.Date{}, model.Date{}, rc.now)
	if err != nil {
		t.Fatal(err)
	}
	var book string
	for _, f := range rep.Files {
		if strings.HasPrefix(filepath.Base(f), "县汇总报表_") {
			book = f
		}
	}
	f, err := excelize.OpenFile(book)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()

	// Sessions per unit and month, from the stations that exported.
	held := map[string]int{}
	perMonth := map[string]int{} // "unit|2026-03"
	total := 0
	for _, st := range rc.c.Stations {
		if len(rc.exports[st.Unit]) == 0 {
			continue
		}
		ss, err := st.Store.Sessions(ctx, model.SessionFilter{States: []model.SessionState{model.StateClosed}})
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range ss {
			held[st.Unit]++
			perMonth[st.Unit+"|"+s.Date.String()[:7]]++
			total++
		}
	}
	checkStatisticsSheet(t, f, held, total)
	checkMonthlySheet(t, f, perMonth)
	checkQuotaSheet(t, f, held, rc)
	checkReportingSheet(t, f, rc)
	// Each unit's forms, one workbook per session, under its own folder.
	for unit, n := range held {
		got := 0
		for _, p := range rep.Files {
			if strings.Contains(p, string(filepath.Separator)+unit+string(filepath.Separator)) && strings.HasSuffix(p, ".xlsx") {
				got++
			}
		}
		if got != n {
			t.Fatalf("%s: %d session workbooks, want %d", unit, got, n)
		}
	}
	var csvPath string
	for _, p := range rep.Files {
		if strings.HasSuffix(p, filepath.Join("CSV", "活动记录表.csv")) {
			csvPath = p
		}
	}
	b, err := os.ReadFile(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(b), "\uFEFF"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	units := map[string]int{}
	for _, r := range recs[1:] {
		units[r[0]]++
	}
	if strings.Join(recs[0][:3], "|") != "单位|日期|活动地点" || len(recs)-1 != total || fmt.Sprint(units) != fmt.Sprint(held) {
		t.Fatalf("活动记录表.csv: %d rows for %d sessions, per unit %v, head %q", len(recs)-1, total, units, recs[0])
	}
	checkSessionBook(t, rc.c.Stations[0], rep.Files)
	if rep.Sessions != total {
		t.Fatalf("report says %d sessions, want %d", rep.Sessions, total)
	}
}

func rows(t *testing.T, f *excelize.File, sheet string) [][]string {
	t.Helper()
	r, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func checkStatisticsSheet(t *testing.T, f *excelize.File, held map[string]int, total int) {
	r := rows(t, f, "活动统计表")
	if r[0][0] != "青田县3岁以下婴幼儿养育照护小组活动统计表" || strings.Join(r[2], "|") != "单位|活动日期|活动地点|活动内容|活动月龄|参与家庭（组）|备注" {
		t.Fatalf("statistics head %q", r[:3])
	}
	got := map[string]int{}
	prev := ""
	for _, row := range r[3:] {
		got[row[0]]++
		if row[0] != prev && got[row[0]] > 1 {
			t.Fatalf("unit %s's rows are not together", row[0])
		}
		prev = row[0]
	}
	if len(r)-3 != total || fmt.Sprint(got) != fmt.Sprint(held) {
		t.Fatalf("statistics rows per unit %v, want %v (total %d)", got, held, total)
	}
}

func checkMonthlySheet(t *testing.T, f *excelize.File, perMonth map[string]int) {
	r := rows(t, f, "每月活动")
	head := r[1]
	sum := 0
	for _, row := range r[2:] {
		if len(row) == 0 || !strings.HasPrefix(row[0], "20") {
			continue
		}
		for i := 1; i < len(head)-1 && i < len(row); i++ {
			want := perMonth[head[i]+"|"+row[0]]
			if row[i] != fmt.Sprint(want) {
				t.Fatalf("每月活动 %s %s = %s, want %d", row[0], head[i], row[i], want)
			}
			sum += want
		}
	}
	if want := len(perMonth); want == 0 || sum == 0 {
		t.Fatalf("monthly sheet counted nothing")
	}
	// The chart is a part of the workbook's package.
	found := false
	for p := range filesInBook(t, f) {
		found = found || strings.HasPrefix(p, "xl/charts/chart")
	}
	if !found {
		t.Fatal("the workbook holds no chart")
	}
}

func filesInBook(t *testing.T, f *excelize.File) map[string]bool {
	out := map[string]bool{}
	f.Pkg.Range(func(k, _ any) bool {
		out[k.(string)] = true
		return true
	})
	return out
}

func checkQuotaSheet(t *testing.T, f *excelize.File, held map[string]int, rc *reportCounty) {
	r := rows(t, f, "任务完成情况")
	if r[0][0] != "青田县2026年3岁以下婴幼儿养育小组活动任务分解表及完成情况" || strings.Join(r[1], "|") != "序号|单位|任务数（场次）|已开展（场次）|完成率|最近一次上报|按时/逾期" {
		t.Fatalf("quota head %q", r[:2])
	}
	for i, cu := range model.QingtianPlan {
		row := r[2+i]
		last, status := "—", "未报，逾期36天（12月）" // December was due 2027-01-10
		if rc.starts[cu.Name].IsZero() {
			status = "未登记站点"
		}
		if d := rc.exports[cu.Name]; len(d) > 0 {
			last = fmt.Sprintf("第%d号 %s", len(d), d[len(d)-1])
			status = lateText(d[len(d)-1], model.Date{Year: 2027, Month: 1, Day: 10}) + "（12月）"
		}
		want := []string{fmt.Sprint(i + 1), cu.Name, fmt.Sprint(cu.Quota), fmt.Sprint(held[cu.Name])}
		if strings.Join(row[:4], "|") != strings.Join(want, "|") || row[5] != last || row[6] != status {
			t.Fatalf("quota row %d = %q, want %q … %s %s", i+1, row, want, last, status)
		}
	}
}

func lateText(sent, due model.Date) string {
	if !sent.After(due) {
		return "按时"
	}
	return fmt.Sprintf("逾期%d天", int(sent.Time(time.UTC).Sub(due.Time(time.UTC)).Hours()/24))
}

// checkReportingSheet works out each unit's twelve months of 2026: a
// month is owed from the month the unit's station was registered (none
// without a station), reported by the first export made after it ended,
// on time when made by the 10th of the next month; a month not owed is
// 未启用, or 启用前已报 when an export covers it, and counts nowhere.
func checkReportingSheet(t *testing.T, f *excelize.File, rc *reportCounty) {
	r := rows(t, f, "上报情况")
	if !strings.HasPrefix(r[1][2], "1月") || r[1][13] != "12月" {
		t.Fatalf("reporting head %q", r[1])
	}
	var exp, rec, on int
	for i, cu := range model.QingtianPlan {
		row := r[2+i]
		if row[1] != cu.Name {
			t.Fatalf("reporting row %d is %q", i, row)
		}
		var ue, ur, uo int
		for m := 1; m <= 12; m++ {
			next := model.Date{Year: 2026, Month: time.Month(m), Day: 1}.AddMonths(1)
			due := model.Date{Year: next.Year, Month: next.Month, Day: 10}
			month := model.Date{Year: 2026, Month: time.Month(m), Day: 1}
			start := rc.starts[cu.Name]
			owed := !start.IsZero() && !month.Before(start)
			want := "未启用"
			if owed {
				want = "未报"
				ue++
			}
			for _, d := range rc.exports[cu.Name] {
				if !d.Before(next) {
					if !owed {
						want = "启用前已报"
						break
					}
					want = lateText(d, due)
					ur++
					if want == "按时" {
						uo++
					}
					break
				}
			}
			if row[1+m] != want {
				t.Fatalf("%s month %d: %q, want %q", cu.Name, m, row[1+m], want)
			}
		}
		if strings.Join(row[14:17], "|") != fmt.Sprintf("%d|%d|%d", ue, ur, uo) {
			t.Fatalf("%s counts %q, want %d %d %d", cu.Name, row[14:], ue, ur, uo)
		}
		exp, rec, on = exp+ue, rec+ur, on+uo
	}
	tot := r[2+len(model.QingtianPlan)]
	// 温溪 and 瓯南 owe twelve months, 鹤城 June to December.
	if exp != 12+7+12 || strings.Join(tot[14:17], "|") != fmt.Sprintf("%d|%d|%d", exp, rec, on) {
		t.Fatalf("total %q, want %d %d %d", tot, exp, rec, on)
	}
}

// TestDumpReport writes the report where a person can look at it
// (CAREKIOSK_REPORT_DIR), for manual checks.
func TestDumpReport(t *testing.T) {
	dir := os.Getenv("CAREKIOSK_REPORT_DIR")
	if dir == "" {
		t.Skip("set CAREKIOSK_REPORT_DIR to keep a report")
	}
	rc := newReportCounty(t)
	if _, err := county.WriteReport(context.Background(), rc.c.DB, dir, model.Date{}, model.Date{}, rc.now); err != nil {
		t.Fatal(err)
	}
}

// checkSessionBook opens the county's workbook of the station's first
// session: the activity record carries its segments, and the sign-in
// sheet a picture for every drawn signature, as at the station.
func checkSessionBook(t *testing.T, st *countytest.Station, files []string) {
	ctx := context.Background()
	ss, err := st.Store.Sessions(ctx, model.SessionFilter{States: []model.SessionState{model.StateClosed}})
	if err != nil {
		t.Fatal(err)
	}
	x, err := st.Store.Session(ctx, ss[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	var path string
	for _, p := range files {
		if strings.Contains(p, string(filepath.Separator)+st.Unit+string(filepath.Separator)+x.Date.String()+"_") {
			path = p
		}
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	defer f.Close()
	for i, col := range []string{"B7", "C7", "D7"} {
		v, _ := f.GetCellValue("活动记录表", col)
		if seg := x.Segments[i+1]; seg.Planned == "" || !strings.Contains(v, seg.Planned) {
			t.Fatalf("活动记录表 %s = %q, the station planned %q", col, v, seg.Planned)
		}
	}
	sis, err := st.Store.SignIns(ctx, x.ID)
	if err != nil {
		t.Fatal(err)
	}
	drawn, pics := 0, 0
	for i, si := range sis {
		if len(si.SignaturePNG) > 0 {
			drawn++
		}
		p, err := f.GetPictures("签到表", fmt.Sprintf("F%d", 5+i))
		if err != nil {
			t.Fatal(err)
		}
		pics += len(p)
	}
	if drawn == 0 || pics != drawn {
		t.Fatalf("签到表 has %d signature pictures, the station %d drawn signatures", pics, drawn)
	}
}

// TestCountyReportPrints has LibreOffice print the report workbook to PDF
// and checks with poppler that each sheet prints on one A4 page with its
// title, and renders the first page to PNG ($CAREKIOSK_REPORT_DIR keeps it).
func TestCountyReportPrints(t *testing.T) {
	for _, bin := range []string{"soffice", "pdfinfo", "pdftotext", "pdftoppm"} {
		if _, err := exec.LookPath(bin); err != nil {
			t.Skipf("%s is not installed; .ci/run installs LibreOffice and poppler", bin)
		}
	}
	rc := newReportCounty(t)
	r, err := county.BuildReport(context.Background(), rc.c.DB, model.Date{}, model.Date{}, rc.now)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	book := filepath.Join(dir, export.CountyWorkbookName(r))
	fh, err := os.Create(book)
	if err != nil {
		t.Fatal(err)
	}
	if err := export.WriteCountyWorkbook(fh, r); err != nil {
		t.Fatal(err)
	}
	fh.Close()
	out := filepath.Join(dir, "pdf")
	cmd := exec.Command("soffice", "-env:UserInstallation=file://"+filepath.ToSlash(t.TempDir()), "--headless", "--convert-to", "pdf", "--outdir", out, book)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	pdf := filepath.Join(out, strings.TrimSuffix(filepath.Base(book), ".xlsx")+".pdf")
	info, err := exec.Command("pdfinfo", pdf).Output()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(info), "Pages:           4") || !strings.Contains(string(info), "595.") {
		t.Fatalf("pdfinfo:\n%s", info)
	}
	for page, title := range []string{"青田县3岁以下婴幼儿养育照护小组活动统计表", "青田县2026年3岁以下婴幼儿养育小组活动任务分解表及完成情况", "青田县2026年各单位数据上报情况", "青田县各单位每月活动场次"} {
		text, err := exec.Command("pdftotext", "-f", fmt.Sprint(page+1), "-l", fmt.Sprint(page+1), "-layout", pdf, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(strings.ReplaceAll(string(text), " ", ""), title) || !strings.Contains(string(text), fmt.Sprintf("第 %d 页，共 4 页", page+1)) {
			t.Fatalf("page %d lacks %s or its page number:\n%s", page+1, title, text)
		}
	}
	png := filepath.Join(dir, "page")
	if keep := os.Getenv("CAREKIOSK_REPORT_DIR"); keep != "" {
		png = filepath.Join(keep, "report-page")
	}
	if b, err := exec.Command("pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", pdf, png).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v %s", err, b)
	}
}
