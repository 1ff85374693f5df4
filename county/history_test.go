package county_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"carekiosk/county"
	"carekiosk/county/countytest"
	"carekiosk/countydb"
	"carekiosk/export"
	"carekiosk/model"
)

// historyCounty is a county with plan years 2024 and 2025 and one station
// of 温溪片卫生院 that held four sessions in 2025 and exported them (not
// imported yet) and opened a fifth on 2025-12-20 that it never closed
// (the power went); held is its first session, which the county-wide
// table also lists, as it lists the fifth (finished on paper that day).
type historyCounty struct {
	c      *countytest.County
	bundle string
	held   model.Session
	dir    string
}

func newHistoryCounty(t *testing.T) *historyCounty {
	t.Helper()
	c := countytest.New(t, t.TempDir(), 2025, cst(2026, 2, 15, 9))
	c.AddYears(t, 2024)
	st := c.AddStation(t, "温溪片卫生院", 2025, 4)
	h := &historyCounty{c: c, dir: filepath.Join(c.Root, "往年 统计表")}
	ss, err := st.Store.Sessions(context.Background(), model.SessionFilter{})
	if err != nil || len(ss) != 4 {
		t.Fatalf("station sessions: %d, %v", len(ss), err)
	}
	h.held = ss[0]
	open, err := st.Store.CreateSession(context.Background(), model.NewSessionInput{Date: model.Date{Year: 2025, Month: 12, Day: 20},
		StationID: h.held.StationID, Band: h.held.Band, Title: "签到中断的活动", Instructor: h.held.Instructor})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Store.AdvanceSession(context.Background(), open.ID, model.StateOpen); err != nil {
		t.Fatal(err)
	}
	h.bundle = st.Export(t, cst(2026, 1, 5, 10), filepath.Join(c.Root, "U盘"))
	if err := os.MkdirAll(h.dir, 0o700); err != nil {
		t.Fatal(err)
	}
	return h
}

// countyWideBook writes a county-wide 统计表 as a clerk kept it: a merged
// title, a 单位 column merged over two rows of one unit, a unit written
// with a space, a bad date, an unknown unit, a row repeating another, a
// second sheet (a date stored as an Excel date, the station's session
// among its rows) and a sheet of notes.
func (h *historyCounty) countyWideBook(t *testing.T) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	s1 := "2024年"
	must := func(err error) {
		if err != nil {
			t.Helper()
			t.Fatal(err)
		}
	}
	must(f.SetSheetName("Sheet1", s1))
	must(f.SetCellValue(s1, "A1", "青田县2024年3岁以下婴幼儿养育照护小组活动统计表"))
	must(f.MergeCell(s1, "A1", "H1"))
	rows := [][]any{
		{"序号", "单位", "活动日期", "活动地点", "活动内容", "活动月龄", "参与家庭（组）", "备注"},
		{1, "温溪片卫生院", "2024-03-15", "温溪镇社区卫生服务站", "辅食添加", "7-9", 8, ""},
		{2, "", "2024-04-12", "温溪镇社区卫生服务站", "亲子阅读", "10-12", 6, ""},
		{3, "鹤城 片卫生院", "2024/5/20", "鹤城街道活动室", "大运动游戏", "13-18", "5组", ""},
		{4, "瓯南片卫生院", "2024-13-40", "瓯南镇活动室", "语言启蒙", "", 4, ""},
		{5, "不存在镇卫生院", "2024-06-01", "某地", "某内容", "", 3, ""},
		{6, "温溪片卫生院", "2024-03-15", "温溪镇社区卫生服务站", "辅食 添加", "7-9", 8, "重复抄录"},
	}
	for i, r := range rows {
		must(f.SetSheetRow(s1, fmt.Sprintf("A%d", i+3), &r))
	}
	must(f.MergeCell(s1, "B4", "B5"))
	s2 := "2025年"
	_, err := f.NewSheet(s2)
	must(err)
	must(f.SetSheetRow(s2, "A1", &[]any{"单位", "活动日期", "活动地点", "活动内容", "参与家庭"}))
	must(f.SetSheetRow(s2, "A2", &[]any{"温溪片卫生院", h.held.Date.Time(county.Zone()), h.held.Station, "纸上也记了这一场", 5}))
	style, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	must(err)
	must(f.SetCellStyle(s2, "B2", "B2", style))
	must(f.SetSheetRow(s2, "A3", &[]any{"鹤城片卫生院", "2025-02-10", "鹤城街道活动室", "户外活动", ""}))
	must(f.SetSheetRow(s2, "A4", &[]any{"温溪片卫生院", "2025-12-20", h.held.Station, "停电那天在纸上办的", 3}))
	_, err = f.NewSheet("说明")
	must(err)
	must(f.SetCellValue("说明", "A1", "本表由各单位汇总"))
	p := filepath.Join(h.dir, "全县统计表.xlsx")
	must(f.SaveAs(p))
	return p
}

// unitCSV writes one unit's 统计表 as CSV, without a 单位 column, one row
// without its place.
func (h *historyCounty) unitCSV(t *testing.T) string {
	t.Helper()
	p := filepath.Join(h.dir, "瓯南2024.csv")
	body := "活动日期,活动地点,活动内容,活动月龄,参与家庭（组）,备注\r\n" +
		"2024-07-01,瓯南镇活动室,睡眠习惯,4-6,7,\r\n" +
		"2024-08-05,,情绪安抚,4-6,5,\r\n" +
		"2024-09-09,瓯南镇活动室,如厕训练,19-24,9,\r\n"
	if err := os.WriteFile(p, []byte("\ufeff"+body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func (h *historyCounty) importHistory(t *testing.T, unit string, dry bool, files ...string) string {
	t.Helper()
	in := make([]county.HistoryInput, len(files))
	for i, f := range files {
		in[i] = county.HistoryInput{Name: filepath.Base(f), Path: f}
	}
	rep, err := county.ImportHistory(context.Background(), h.c.DB, in, unit, dry)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	rep.Write(&b)
	return b.String()
}

// wideReport is the report of the county-wide book: covered says whether
// the station's bundle is in, state how the rows stand (新的往年活动 or
// 已导入过，未改动).
func (h *historyCounty) wideReport(state string, covered bool, tail ...string) string {
	held := fmt.Sprintf("    第 2 行 %s 温溪片卫生院 · %s · 纸上也记了这一场：%s", h.held.Date, h.held.Station, state)
	if covered {
		held += "；站点数据包中已有该单位同日同地点的活动，按站点记录计数，这一行不另计"
	}
	lines := []string{
		"文件 全县统计表.xlsx",
		"  工作表「2024年」（统计表）",
		"    第 4 行 2024-03-15 温溪片卫生院 · 温溪镇社区卫生服务站 · 辅食添加：" + state,
		"    第 5 行 2024-04-12 温溪片卫生院 · 温溪镇社区卫生服务站 · 亲子阅读：" + state,
		"    第 6 行 2024-05-20 鹤城片卫生院 · 鹤城街道活动室 · 大运动游戏：" + state,
		"    第 9 行 2024-03-15 温溪片卫生院 · 温溪镇社区卫生服务站 · 辅食 添加：与「2024年」第 4 行是同一场活动，只导入一次",
		"    第 7 行未导入：看不懂活动日期“2024-13-40”",
		"    第 8 行未导入：单位“不存在镇卫生院”不是本县计划中的单位，请改为计划中的名称",
		"  工作表「2025年」（统计表）",
		held,
		"    第 3 行 2025-02-10 鹤城片卫生院 · 鹤城街道活动室 · 户外活动：" + state,
		fmt.Sprintf("    第 4 行 2025-12-20 温溪片卫生院 · %s · 停电那天在纸上办的：%s", h.held.Station, state),
		"  工作表「说明」：不是统计表（找不到活动日期、活动地点、活动内容等表头），跳过",
	}
	return strings.Join(append(lines, tail...), "\n") + "\n"
}

func assertText(t *testing.T, what, got, want string) {
	t.Helper()
	if got != want {
		t.Fatalf("%s:\n%s\nwant:\n%s", what, got, want)
	}
}

const historyFixHint = "未导入的行请在表中改正后再导入一次；已导入的不会重复 (fix the rows left out and import again; nothing is stored twice)"

// TestCountyHistoryImport imports a county-wide 统计表 and one unit's CSV:
// the dry run and the import report each row, re-importing changes
// nothing, and a session a station's bundle also holds counts once, from
// the station, whichever arrives first.
func TestCountyHistoryImport(t *testing.T) {
	h := newHistoryCounty(t)
	ctx := context.Background()
	book := h.countyWideBook(t)
	dry := h.importHistory(t, "", true, book)
	assertText(t, "dry run", dry, "试运行：以下是将要导入的往年活动，没有保存任何内容 (dry run: nothing stored)\n"+h.wideReport("新的往年活动", false,
		"合计：新的往年活动 6 场，已导入过 0 场，重复的行 1 行，其中站点已有记录不另计 0 场，未导入 2 行（或整张表、整个文件）",
		"Total: 6 new past sessions, 0 already imported, 1 repeated rows, 0 held by a station's record too (not counted again), 2 rows (or whole sheets, files) left out",
		"正式导入请去掉 --dry-run (run again without --dry-run to import)", historyFixHint))
	if hs := h.history(t); len(hs) != 0 {
		t.Fatalf("a dry run stored %d sessions", len(hs))
	}
	got := h.importHistory(t, "", false, book)
	assertText(t, "import", got, h.wideReport("新的往年活动", false,
		"合计：新的往年活动 6 场，已导入过 0 场，重复的行 1 行，其中站点已有记录不另计 0 场，未导入 2 行（或整张表、整个文件）",
		"Total: 6 new past sessions, 0 already imported, 1 repeated rows, 0 held by a station's record too (not counted again), 2 rows (or whole sheets, files) left out",
		"已导入，并记下了每场活动来自哪个文件、哪张表、哪一行 (imported, each session with its file, sheet and row)", historyFixHint))
	stored := h.history(t)
	if len(stored) != 6 || stored[0].Source != (model.PaperSource{File: "全县统计表.xlsx", Sheet: "2024年", Row: 4}) || stored[0].Families != 8 {
		t.Fatalf("stored: %+v", stored)
	}
	// Before the station's bundle arrives, its session counts from paper.
	h.assertHeld(t, 2025, map[string][2]int{"温溪片卫生院": {2, 2}, "鹤城片卫生院": {1, 1}})
	h.c.Import(t, h.bundle)
	// The station's closed session counts instead of its row of paper; its
	// open one, never closed, does not, so the paper row of that day does.
	h.assertHeld(t, 2025, map[string][2]int{"温溪片卫生院": {5, 1}, "鹤城片卫生院": {1, 1}})
	again := h.importHistory(t, "", false, book)
	assertText(t, "import again", again, h.wideReport("已导入过，未改动", true,
		"合计：新的往年活动 0 场，已导入过 6 场，重复的行 1 行，其中站点已有记录不另计 1 场，未导入 2 行（或整张表、整个文件）",
		"Total: 0 new past sessions, 6 already imported, 1 repeated rows, 1 held by a station's record too (not counted again), 2 rows (or whole sheets, files) left out",
		"没有新内容：能读取的行都已导入过，数据库没有任何改变 (nothing new: every readable row is already stored; nothing changed)", historyFixHint))
	after := h.history(t)
	if !after[3].Covered {
		t.Fatalf("the station's session is not marked covered: %+v", after[3])
	}
	after[3].Covered = false
	if !reflect.DeepEqual(after, stored) {
		t.Fatalf("re-import changed the history:\n%+v\n%+v", after, stored)
	}

	csvFile := h.unitCSV(t)
	noUnit := h.importHistory(t, "", false, csvFile)
	if !strings.Contains(noUnit, "  工作表「瓯南2024」（统计表）\n    整张表未导入：这张表没有“单位”列") || len(h.history(t)) != 6 {
		t.Fatalf("a sheet without 单位 and no unit given:\n%s", noUnit)
	}
	if _, err := county.ImportHistory(ctx, h.c.DB, []county.HistoryInput{{Name: "瓯南2024.csv", Path: csvFile}}, "瓯南镇", false); err == nil ||
		!strings.HasPrefix(model.ErrorMessage(err, model.LangZH), "单位“瓯南镇”不是本县计划中的单位，没有导入任何内容。计划中的单位：青田县妇计中心、温溪片卫生院") {
		t.Fatalf("unknown --unit: %v", err)
	}
	withUnit := h.importHistory(t, "　瓯南片卫生院 ", false, csvFile)
	assertText(t, "csv with --unit", withUnit, strings.Join([]string{
		"文件 瓯南2024.csv",
		"  工作表「瓯南2024」（统计表）",
		"    第 2 行 2024-07-01 瓯南片卫生院 · 瓯南镇活动室 · 睡眠习惯：新的往年活动",
		"    第 4 行 2024-09-09 瓯南片卫生院 · 瓯南镇活动室 · 如厕训练：新的往年活动",
		"    第 3 行未导入：活动地点为空",
		"合计：新的往年活动 2 场，已导入过 0 场，重复的行 0 行，其中站点已有记录不另计 0 场，未导入 1 行（或整张表、整个文件）",
		"Total: 2 new past sessions, 0 already imported, 0 repeated rows, 0 held by a station's record too (not counted again), 1 rows (or whole sheets, files) left out",
		"已导入，并记下了每场活动来自哪个文件、哪张表、哪一行 (imported, each session with its file, sheet and row)", historyFixHint}, "\n")+"\n")
	h.assertHeld(t, 2024, map[string][2]int{"温溪片卫生院": {2, 2}, "鹤城片卫生院": {1, 1}, "瓯南片卫生院": {2, 2}})
}

func (h *historyCounty) history(t *testing.T) []county.HistorySession {
	t.Helper()
	hs, err := h.c.DB.HistorySessions(context.Background(), county.SessionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return hs
}

// assertHeld checks the board's figures for year: per unit {held, of
// them from paper}; units not named have none.
func (h *historyCounty) assertHeld(t *testing.T, year int, want map[string][2]int) {
	t.Helper()
	q, err := h.c.DB.QuotaProgress(context.Background(), year)
	if err != nil {
		t.Fatal(err)
	}
	if len(q) != len(model.QingtianPlan) {
		t.Fatalf("%d units on the board", len(q))
	}
	for _, p := range q {
		if w := want[p.Unit.Name]; p.Held != w[0] || p.Paper != w[1] {
			t.Errorf("%d %s: held %d (paper %d), want %d (paper %d)", year, p.Unit.Name, p.Held, p.Paper, w[0], w[1])
		}
	}
}

// TestCountyHistoryReport checks the report with the history in: per
// unit and year the sessions held, per month the sessions of 每月活动 and
// the rows of 活动统计表 marked as from paper — against figures worked out
// here from the rows written and the station's own database — while
// 上报情况 stays as the bundles alone make it. LibreOffice reads the
// statistics sheet back.
func TestCountyHistoryReport(t *testing.T) {
	h := newHistoryCounty(t)
	ctx := context.Background()
	h.c.Import(t, h.bundle)
	from, to := model.Date{Year: 2024, Month: 1, Day: 1}, model.Date{Year: 2025, Month: 12, Day: 31}
	before, err := county.BuildReport(ctx, h.c.DB, from, to, h.c.Clock.Model().Time())
	if err != nil {
		t.Fatal(err)
	}
	h.importHistory(t, "", false, h.countyWideBook(t))
	h.importHistory(t, "瓯南片卫生院", false, h.unitCSV(t))
	r, err := county.BuildReport(ctx, h.c.DB, from, to, h.c.Clock.Model().Time())
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(r.Reporting, before.Reporting) {
		t.Fatalf("the history changed 上报情况:\n%+v\n%+v", r.Reporting, before.Reporting)
	}
	// The rows of paper that count: not the one the station's bundle holds.
	paper := map[string][]string{
		"温溪片卫生院": {"2024-03", "2024-04", "2025-12"},
		"鹤城片卫生院": {"2024-05", "2025-02"},
		"瓯南片卫生院": {"2024-07", "2024-09"},
	}
	want := map[string]map[string]int{} // unit → month → sessions
	add := func(unit, month string) {
		if want[unit] == nil {
			want[unit] = map[string]int{}
		}
		want[unit][month]++
	}
	for unit, months := range paper {
		for _, m := range months {
			add(unit, m)
		}
	}
	ss, err := h.c.Stations[0].Store.Sessions(ctx, model.SessionFilter{States: []model.SessionState{model.StateClosed}})
	if err != nil || len(ss) != 4 {
		t.Fatal(len(ss), err)
	}
	for _, s := range ss {
		add("温溪片卫生院", fmt.Sprintf("%d-%02d", s.Date.Year, s.Date.Month))
	}
	months, counts := exportMonthly(r)
	for ui, u := range r.Units {
		for mi, m := range months {
			if counts[ui][mi] != want[u.Name][m] {
				t.Errorf("每月活动 %s %s: %d, want %d", u.Name, m, counts[ui][mi], want[u.Name][m])
			}
		}
	}
	for _, y := range r.Quota {
		for _, row := range y.Rows {
			n := 0
			for m, c := range want[row.Unit] {
				if strings.HasPrefix(m, fmt.Sprint(y.Year)) {
					n += c
				}
			}
			if row.Held != n {
				t.Errorf("任务完成情况 %d %s: 已开展 %d, want %d", y.Year, row.Unit, row.Held, n)
			}
		}
	}
	h.checkReportFiles(t, r)
}

// exportMonthly is 每月活动's months as YYYY-MM and counts.
func exportMonthly(r *export.CountyReport) ([]string, [][]int) {
	ms, counts := export.MonthlyCounts(r)
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = fmt.Sprintf("%d-%02d", m.Year, m.Month)
	}
	return out, counts
}

// paperRows are rows of paper the statistics table lists, in its order
// (温溪's of 2025-12-20 goes after the first two): unit, date, place,
// families, 备注.
var paperRows = [][]string{
	{"温溪片卫生院", "2024-03-15", "温溪镇社区卫生服务站", "8", "纸质统计表导入（全县统计表.xlsx「2024年」第4行）"},
	{"温溪片卫生院", "2024-04-12", "温溪镇社区卫生服务站", "6", "纸质统计表导入（全县统计表.xlsx「2024年」第5行）"},
	{"鹤城片卫生院", "2024-05-20", "鹤城街道活动室", "5", "纸质统计表导入（全县统计表.xlsx「2024年」第6行）"},
	{"鹤城片卫生院", "2025-02-10", "鹤城街道活动室", "0", "纸质统计表导入（全县统计表.xlsx「2025年」第3行）；原表未填参与家庭"},
	{"瓯南片卫生院", "2024-07-01", "瓯南镇活动室", "7", "纸质统计表导入（瓯南2024.csv「瓯南2024」第2行）"},
	{"瓯南片卫生院", "2024-09-09", "瓯南镇活动室", "9", "纸质统计表导入（瓯南2024.csv「瓯南2024」第4行）"},
}

// checkReportFiles writes the report folder and reads its 活动统计表 back
// with excelize and, when installed, LibreOffice: the rows of paper, and
// forms only for the station's sessions.
func (h *historyCounty) checkReportFiles(t *testing.T, r *export.CountyReport) {
	t.Helper()
	rep, err := export.WriteCountyReport(context.Background(), filepath.Join(h.c.Root, "报表"), r, county.Forms(h.c.DB))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Sessions != 5 {
		t.Fatalf("forms written for %d sessions, want the station's 5", rep.Sessions)
	}
	want := append(append(append([][]string{}, paperRows[:2]...),
		[]string{"温溪片卫生院", "2025-12-20", h.held.Station, "3", "纸质统计表导入（全县统计表.xlsx「2025年」第4行）"}), paperRows[2:]...)
	// The summary counts the rows of paper beside the forms written.
	if sum := rep.Summary(model.LangZH); !strings.Contains(sum, fmt.Sprintf("另有往年纸质统计表中的活动 %d 场", len(want))) || strings.Contains(sum, "所选日期范围内没有活动") {
		t.Errorf("summary:\n%s", sum)
	}
	book := filepath.Join(rep.Dir, export.CountyWorkbookName(r))
	f, err := excelize.OpenFile(book)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows("活动统计表")
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	var got [][]string
	for _, row := range rows[3:] {
		if len(row) == 7 && strings.HasPrefix(row[6], "纸质统计表导入") {
			got = append(got, []string{row[0], row[1], row[2], row[5], row[6]})
		}
	}
	if len(rows) != 3+5+len(want) || !reflect.DeepEqual(got, want) {
		t.Fatalf("活动统计表 (%d rows) paper rows:\n%q\nwant:\n%q", len(rows), got, want)
	}
	if _, err := exec.LookPath("soffice"); err != nil {
		t.Log("LibreOffice not installed: not read back with it")
		return
	}
	out := filepath.Join(t.TempDir(), "csv")
	cmd := exec.Command("soffice", "-env:UserInstallation=file://"+filepath.ToSlash(t.TempDir()), "--headless", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", out, book)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	b, err := os.ReadFile(filepath.Join(out, strings.TrimSuffix(filepath.Base(book), ".xlsx")+".csv"))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range want {
		if !strings.Contains(string(b), strings.Join(p[:3], ",")) || !strings.Contains(string(b), p[4]) {
			t.Fatalf("LibreOffice's 活动统计表 lacks %q:\n%s", p, b)
		}
	}
}

// TestCountyHistoryAllOrNothing fills the disk in the middle of a large
// history import: the import fails, says why, and stores nothing.
func TestCountyHistoryAllOrNothing(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "县中心")
	clock := countytest.NewClock(cst(2026, 2, 15, 9)).Model()
	db, err := countydb.Open(dir, true, countydb.Options{Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	seed, id, err := county.NewKeys()
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Init(ctx, "青田县", 2024, seed, id); err != nil {
		t.Fatal(err)
	}
	units, err := db.Units(ctx)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	fi, err := os.Stat(filepath.Join(dir, countydb.FileName))
	if err != nil {
		t.Fatal(err)
	}
	full, err := countydb.Open(dir, false, countydb.Options{Clock: clock, MaxPageCount: int(fi.Size()/4096) + 4})
	if err != nil {
		t.Fatal(err)
	}
	var list []county.HistorySession
	for i := range 3000 {
		d := model.Date{Year: 2024, Month: 1, Day: 1}.AddDays(i % 360)
		list = append(list, county.HistorySession{UnitID: units[i%len(units)].ID, Unit: units[i%len(units)].Name, Date: d,
			Place: fmt.Sprintf("第%d活动室", i), Title: strings.Repeat("养育照护", 10), Families: 5,
			Source: model.PaperSource{File: "大表.xlsx", Sheet: "2024年", Row: i + 2}})
	}
	if _, err := full.ImportHistory(ctx, list, false); model.ErrorCode(err) != model.EFULL {
		t.Fatalf("a full disk: %v", err)
	}
	full.Close()
	db, err = countydb.Open(dir, false, countydb.Options{Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if hs, err := db.HistorySessions(ctx, county.SessionFilter{}); err != nil || len(hs) != 0 {
		t.Fatalf("after the failed import: %d stored, %v", len(hs), err)
	}
	if out, err := db.ImportHistory(ctx, list[:3], false); err != nil || !out[0].New {
		t.Fatalf("the import once there is room: %v %v", out, err)
	}
}
