package paperimport_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"carekiosk/model"
	"carekiosk/paperimport"
	"carekiosk/store"
)

// testNow is 09:30 in Asia/Shanghai; the sheets are from 2024.
var testNow = time.Date(2026, 11, 22, 1, 30, 0, 0, time.UTC)

func fixedClock(t time.Time) model.Clock {
	return model.Clock{Now: func() time.Time { t = t.Add(time.Millisecond); return t }}
}

// newStore opens a store with a unit, a station and settings.
func newStore(t *testing.T) *store.Store {
	t.Helper()
	s, err := store.Open(t.TempDir(), store.Options{Clock: fixedClock(testNow)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	ctx := context.Background()
	u, err := s.CreateUnit(ctx, "温溪片卫生院", 2)
	if err != nil {
		t.Fatal(err)
	}
	st, err := s.CreateStation(ctx, "温溪镇社区卫生服务站", u.ID)
	if err != nil {
		t.Fatal(err)
	}
	set := model.DefaultSettings()
	set.UnitID, set.StationID = u.ID, st.ID
	if err := s.SaveSettings(ctx, set); err != nil {
		t.Fatal(err)
	}
	return s
}

// sheetWriter fills cells of one sheet and fails the test on any error.
type sheetWriter struct {
	t     *testing.T
	f     *excelize.File
	sheet string
}

func (w sheetWriter) set(cell string, v any) {
	w.t.Helper()
	if err := w.f.SetCellValue(w.sheet, cell, v); err != nil {
		w.t.Fatal(err)
	}
}

func (w sheetWriter) merge(from, to string) {
	w.t.Helper()
	if err := w.f.MergeCell(w.sheet, from, to); err != nil {
		w.t.Fatal(err)
	}
}

func (w sheetWriter) style(cell string, numFmt int) {
	w.t.Helper()
	id, err := w.f.NewStyle(&excelize.Style{NumFmt: numFmt})
	if err == nil {
		err = w.f.SetCellStyle(w.sheet, cell, cell, id)
	}
	if err != nil {
		w.t.Fatal(err)
	}
}

func (w sheetWriter) row(r int, vals ...any) {
	w.t.Helper()
	for i, v := range vals {
		if v == nil {
			continue
		}
		col, _ := excelize.ColumnNumberToName(i + 1)
		w.set(col+itoa(r), v)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func saveBook(t *testing.T, f *excelize.File, path string) {
	t.Helper()
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

// signInBook makes a workbook of 签到表 as units kept them: a title and
// the head merged across, headers merged over two rows, phones as text
// and as numbers, ages three ways, a blank line, a pre-numbered empty row,
// Excel's 1.38E+10 twice (as text, and as a number shown in scientific
// format), and a second month on a second sheet laid out differently.
func signInBook(t *testing.T, path string) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", "2024年3月"); err != nil {
		t.Fatal(err)
	}
	w := sheetWriter{t, f, "2024年3月"}
	w.set("A1", "青田县3岁以下婴幼儿养育照护小组活动签到表")
	w.merge("A1", "F1")
	w.set("A2", "活动日期：2024年3月15日　　活动地点：温溪站　　养育指导员：李芳")
	w.merge("A2", "F2")
	for i, h := range []string{"序号", "儿童\n姓名", "儿童年龄", "联系电话", "养育人与\n儿童关系", "家长签字"} {
		col, _ := excelize.ColumnNumberToName(i + 1)
		w.set(col+"4", h)
		w.merge(col+"4", col+"5")
	}
	w.row(6, 1, "王小明", "14月龄", "13812345678", "妈妈", "王芳")
	w.row(7, 2, "李小红", "1岁2个月", 13912345678, "外婆")
	// row 8 blank
	w.row(9, 3, "张三", nil, 13712345678, "父亲")
	w.set("C9", time.Date(2023, 1, 10, 0, 0, 0, 0, time.UTC))
	w.style("C9", 14)
	w.row(10, 4, "赵四", "10月龄", "1.38E+10", "妈妈")
	w.row(11, 5, "钱五", "九个月", "12345", "妈妈")
	w.row(12, 6)

	if _, err := f.NewSheet("2024年4月"); err != nil {
		t.Fatal(err)
	}
	w = sheetWriter{t, f, "2024年4月"}
	w.row(1, "活动日期", nil, "活动地点", "温溪站", "养育指导员", "李芳")
	w.set("B1", time.Date(2024, 4, 12, 0, 0, 0, 0, time.UTC))
	w.style("B1", 14)
	w.row(2, "序号", "儿童姓名", "儿童年龄", "联系电话", "养育人与儿童关系", "家长签字")
	w.row(3, 1, "王小明", "15月龄", 13812345678, "母亲")
	w.row(4, 2, "孙六", "8月龄", 13612345678, "奶奶")
	w.set("D4", 13612345678)
	w.style("D4", 11) // 0.00E+00: Excel shows 1.36E+10, the digits are still in the cell
	w.row(5, 3, "周七", "7月龄", 13500000000, "妈妈")

	if _, err := f.NewSheet("说明"); err != nil {
		t.Fatal(err)
	}
	sheetWriter{t, f, "说明"}.set("A1", "每月一张签到表")
	saveBook(t, f, path)
}

// statisticsBook makes a 统计表: one row on the date and place of the March
// sign-in sheet, one session kept only here, and a row with a bad date.
func statisticsBook(t *testing.T, path string) {
	f := excelize.NewFile()
	defer f.Close()
	w := sheetWriter{t, f, "Sheet1"}
	w.set("A1", "青田县3岁以下婴幼儿养育照护小组活动统计表")
	w.merge("A1", "F1")
	w.row(3, "活动日期", "活动地点", "活动内容", "活动月龄", "参与家庭（组）", "备注")
	w.row(4, "2024-03-15", "温溪站", "辅食添加", "13-18", 3, "")
	w.row(5, "2024/5/10", "温溪站", "亲子阅读", "7–9月龄", "8组", "")
	w.row(6, "5月某日", "温溪站", "户外游戏", "10-12", 5, "")
	saveBook(t, f, path)
}

// missingColumnBook has a 签到表 without 联系电话.
func missingColumnBook(t *testing.T, path string) {
	f := excelize.NewFile()
	defer f.Close()
	w := sheetWriter{t, f, "Sheet1"}
	w.row(1, "活动日期：2024-06-01 活动地点：温溪站")
	w.row(2, "序号", "儿童姓名", "儿童年龄", "养育人与儿童关系")
	w.row(3, 1, "王小明", "17月龄", "妈妈")
	saveBook(t, f, path)
}

func readAll(t *testing.T, paths ...string) []*paperimport.Workbook {
	t.Helper()
	var out []*paperimport.Workbook
	for _, p := range paths {
		wb, err := paperimport.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, wb)
	}
	return out
}

func runImport(t *testing.T, s *store.Store, dry bool, paths ...string) string {
	t.Helper()
	wbs := readAll(t, paths...)
	list, merged := paperimport.Sessions(wbs)
	outcomes, err := s.ImportPaper(context.Background(), list, dry)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	paperimport.WriteReport(&b, wbs, list, merged, outcomes, dry)
	return b.String()
}

func assertLines(t *testing.T, got string, want []string) {
	t.Helper()
	lines := strings.Split(strings.TrimRight(got, "\n"), "\n")
	for i := range max(len(lines), len(want)) {
		var g, w string
		if i < len(lines) {
			g = lines[i]
		}
		if i < len(want) {
			w = want[i]
		}
		if g != w {
			t.Errorf("line %d:\n got %q\nwant %q", i+1, g, w)
		}
	}
}

func TestImportSheetsAsKept(t *testing.T) {
	dir := t.TempDir()
	signIns, stats, missing := filepath.Join(dir, "签到表2024.xlsx"), filepath.Join(dir, "统计表2024.xlsx"), filepath.Join(dir, "6月.xlsx")
	signInBook(t, signIns)
	statisticsBook(t, stats)
	missingColumnBook(t, missing)
	s := newStore(t)
	body := []string{
		"文件 签到表2024.xlsx",
		"  工作表「2024年3月」（签到表）",
		"    2024-03-15 温溪站：新活动（统计表报参与家庭 3 组）；家庭 3 个（新 3）；签到 3 条（新 3，已有 0）",
		"    第 10 行未导入：联系电话“1.38E+10”：显示为科学计数法，Excel 可能已改掉号码的后几位，不能确认；请把这一格设为文本、填写完整号码后再导入",
		"    第 11 行未导入：看不懂儿童年龄“九个月”（应写作 14月龄、1岁2个月或出生日期）；联系电话“12345”：手机号码应为 11 位数字，以 1 开头",
		"  工作表「2024年4月」（签到表）",
		"    2024-04-12 温溪站：新活动；家庭 2 个（新 1）；签到 2 条（新 2，已有 0）",
		"    第 4 行未导入：联系电话“1.36E+10”：显示为科学计数法，Excel 可能已改掉号码的后几位，不能确认；请把这一格设为文本、填写完整号码后再导入",
		"  工作表「说明」：不是签到表或统计表，跳过",
		"文件 统计表2024.xlsx",
		"  工作表「Sheet1」（统计表）",
		"    第 5 行 2024-05-10 温溪站：新活动（统计表报参与家庭 8 组）",
		"    第 4 行与同日同地点的签到表是同一场活动，合并为一场",
		"    第 6 行未导入：看不懂活动日期“5月某日”",
		"文件 6月.xlsx",
		"  工作表「Sheet1」（签到表）",
		"    整张表未导入：缺少“联系电话”列",
	}
	dry := append([]string{"试运行：以下是将要导入的内容，没有保存任何内容 (dry run: nothing stored)"}, body...)
	dry = append(dry,
		"合计：新活动 3 场（已有 0 场），新家庭 4 个，新签到 5 条（已有 0 条），未能读取 5 行",
		"Total: 3 new sessions (0 already there), 4 new families, 5 new sign-ins (0 already there), 5 rows not read",
		"正式导入请去掉 --dry-run (run again without --dry-run to import)",
		"未导入的行请在表中改正后再导入一次；已导入的不会重复 (fix the rows not read and import again; nothing is stored twice)")
	assertLines(t, runImport(t, s, true, signIns, stats, missing), dry)
	ctx := context.Background()
	if list, err := s.Sessions(ctx, model.SessionFilter{}); err != nil || len(list) != 0 {
		t.Fatalf("a dry run stored %d sessions (%v)", len(list), err)
	}

	real := append(append([]string{}, body...),
		"合计：新活动 3 场（已有 0 场），新家庭 4 个，新签到 5 条（已有 0 条），未能读取 5 行",
		"Total: 3 new sessions (0 already there), 4 new families, 5 new sign-ins (0 already there), 5 rows not read",
		"已导入，并记下了每条记录来自哪个文件、哪张表、哪一行 (imported, each record with its file, sheet and row)",
		"未导入的行请在表中改正后再导入一次；已导入的不会重复 (fix the rows not read and import again; nothing is stored twice)")
	assertLines(t, runImport(t, s, false, signIns, stats, missing), real)
	checkStored(t, s)

	// The same files again change nothing and say so.
	again := strings.NewReplacer("新活动（", "活动已有（", "新活动；", "活动已有；", "（新 3）", "（新 0）", "（新 1）", "（新 0）",
		"（新 3，已有 0）", "（新 0，已有 3）", "（新 2，已有 0）", "（新 0，已有 2）").Replace(strings.Join(body, "\n"))
	assertLines(t, runImport(t, s, false, signIns, stats, missing), append(strings.Split(again, "\n"),
		"合计：新活动 0 场（已有 3 场），新家庭 0 个，新签到 0 条（已有 5 条），未能读取 5 行",
		"Total: 0 new sessions (3 already there), 0 new families, 0 new sign-ins (5 already there), 5 rows not read",
		"没有新内容：能读取的记录都已在库中，数据库没有任何改变 (nothing new: every readable record is already stored; nothing changed)",
		"未导入的行请在表中改正后再导入一次；已导入的不会重复 (fix the rows not read and import again; nothing is stored twice)"))
	checkStored(t, s)
}

// checkStored checks what the import stored: dated as held, closed, the
// March session with its 统计表 content and band, the returning family
// found by phone and child, ages as written.
func checkStored(t *testing.T, s *store.Store) {
	t.Helper()
	ctx := context.Background()
	list, err := s.Sessions(ctx, model.SessionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, x := range list {
		got = append(got, x.Date.String()+" "+x.Station+" "+x.Title+" "+x.Band.String()+" "+string(x.State)+" "+x.Instructor)
	}
	want := []string{"2024-03-15 温溪站 辅食添加 13-18月龄 closed 李芳", "2024-04-12 温溪站 纸质签到表 7-9月龄 closed 李芳", "2024-05-10 温溪站 亲子阅读 7-9月龄 closed "}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("sessions:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	march, err := s.SignIns(ctx, list[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	april, err := s.SignIns(ctx, list[1].ID)
	if err != nil {
		t.Fatal(err)
	}
	var rows []string
	for _, si := range append(march, april...) {
		rows = append(rows, strings.Join([]string{si.ChildName, itoa(si.AgeMonths), si.Phone, string(si.Relation), string(si.Method), si.SignedName,
			si.SignedAt.In(shanghai(t)).Format("2006-01-02 15:04")}, " "))
	}
	wantRows := []string{
		"王小明 14 13812345678 妈妈 paper 王芳 2024-03-15 00:00",
		"李小红 14 13912345678 外婆 paper 纸质签字 2024-03-15 00:00",
		"张三 14 13712345678 爸爸 paper 纸质签字 2024-03-15 00:00",
		"王小明 15 13812345678 妈妈 paper 纸质签字 2024-04-12 00:00",
		"周七 7 13500000000 妈妈 paper 纸质签字 2024-04-12 00:00",
	}
	if strings.Join(rows, "\n") != strings.Join(wantRows, "\n") {
		t.Fatalf("sign-ins:\n%s\nwant\n%s", strings.Join(rows, "\n"), strings.Join(wantRows, "\n"))
	}
	if march[0].FamilyID != april[0].FamilyID || march[0].ChildID != april[0].ChildID {
		t.Error("the returning family was not matched by phone and child")
	}
}

func shanghai(t *testing.T) *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// TestSheetWithNoReadableRow stores no session for a 签到表 whose every row
// was refused, and says so.
func TestSheetWithNoReadableRow(t *testing.T) {
	path := filepath.Join(t.TempDir(), "坏表.csv")
	text := "活动日期：2024-07-01 活动地点：温溪站\n序号,儿童姓名,儿童年龄,联系电话\n1,王小明,14月龄,1.38E+10\n"
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	s := newStore(t)
	assertLines(t, runImport(t, s, false, path), []string{
		"文件 坏表.csv",
		"  工作表「坏表」（签到表）",
		"    注意：没有“养育人与儿童关系”列，关系记为“其他” (no relation column: recorded as 其他)",
		"    注意：没有一行能读取，这场活动没有导入 (no row could be read: the session was not imported)",
		"    第 3 行未导入：联系电话“1.38E+10”：显示为科学计数法，Excel 可能已改掉号码的后几位，不能确认；请把这一格设为文本、填写完整号码后再导入",
		"合计：新活动 0 场（已有 0 场），新家庭 0 个，新签到 0 条（已有 0 条），未能读取 1 行",
		"Total: 0 new sessions (0 already there), 0 new families, 0 new sign-ins (0 already there), 1 rows not read",
		"没有新内容：能读取的记录都已在库中，数据库没有任何改变 (nothing new: every readable record is already stored; nothing changed)",
		"未导入的行请在表中改正后再导入一次；已导入的不会重复 (fix the rows not read and import again; nothing is stored twice)",
	})
}
