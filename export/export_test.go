package export

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"

	"carekiosk/model"
	"carekiosk/store"
)

// county is a fixture with every kind of session the export must handle.
type county struct {
	*fixture
	normal, empty, big, rare, inject, open *model.Session
}

// sharedCounty is one county fixture for the tests that only export from
// it (building it is most of their time under -race). A test that changes
// the records makes its own with newCounty.
func sharedCounty(t *testing.T) *county {
	t.Helper()
	shared.once.Do(func() {
		dir, err := os.MkdirTemp("", "carekiosk-export-test-")
		if err != nil {
			t.Fatal(err)
		}
		shared.dir = dir
		shared.c = buildCounty(t, dir)
	})
	if shared.c == nil {
		t.Fatal("the shared fixture failed to build")
	}
	return shared.c
}

var shared struct {
	once sync.Once
	c    *county
	dir  string
}

func TestMain(m *testing.M) {
	code := m.Run()
	if shared.c != nil {
		shared.c.s.Close()
		os.RemoveAll(shared.dir)
	}
	os.Exit(code)
}

func newCounty(t testing.TB) *county {
	f := newFixture(t)
	return fillCounty(t, f)
}

// buildCounty makes the county in dir (not a test's temp dir: it outlives
// the first test that asks for it).
func buildCounty(t testing.TB, dir string) *county {
	s, err := store.Open(dir, store.Options{Clock: fixedClock(testNow)})
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{t: t, s: s, dir: dir, ctx: context.Background()}
	seedCounty(f)
	c := fillCounty(t, f)
	c.fixture = &fixture{t: nil, s: s, dir: dir, ctx: context.Background()}
	return c
}

func fillCounty(t testing.TB, f *fixture) *county {
	c := &county{fixture: f}
	band := model.AgeBand{Min: 7, Max: 9}
	c.normal = f.session("2026-03-15", "辅食添加", band, kids(5), false)
	c.empty = f.session("2026-04-02", "无人来的活动", band, nil, false)
	c.big = f.session("2026-05-20", "大型亲子活动", model.AgeBand{Min: 13, Max: 18}, kids(200), false)
	// Two drawings that turn out unreadable (damaged on disk, or from an
	// older kiosk that checked less): stored good, then overwritten below.
	bad := signaturePNG(2)
	c.rare = f.session("2026-06-01", "生僻字测试", band, []child{
		{name: "𠮷祥", phone: "13900000001", age: 8, sig: signaturePNG(1)},
		{name: "龚䶮", phone: "13900000002", age: 9, typed: "龚丽"},
		{name: "张坏图", phone: "13900000003", age: 7, sig: bad},
		{name: "李坏图", phone: "13900000004", age: 7, sig: bad, typed: "李强"},
	}, false)
	damageSignatures(t, f, "张坏图", "李坏图")
	c.inject = f.session("2026-07-01", "=HYPERLINK(\"http://x\",\"点我\")", band, kids(2), false)
	c.open = f.session("2026-08-01", "@SUM(A1:A9)", band, kids(1), true)
	// A planned session is not exported.
	if _, err := f.s.CreateSession(f.ctx, model.NewSessionInput{Date: model.MustDate("2026-09-01"), Band: band, Title: "计划中", Instructor: "陈晓燕"}); err != nil {
		t.Fatal(err)
	}
	for _, in := range []model.CorrectionInput{
		{SessionID: c.normal.ID, Who: "陈晓燕", Field: model.FieldTitle, NewValue: "辅食添加与喂养", Reason: "标题写错"},
		{SessionID: c.normal.ID, Who: "陈晓燕", Field: model.FieldSegmentNotes + "2", NewValue: "-家长分享了喂养经验", Reason: "补记"},
	} {
		if _, err := f.s.Correct(f.ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	return c
}

func openXLSX(t *testing.T, path string) *excelize.File {
	t.Helper()
	x, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { x.Close() })
	return x
}

func cell(t *testing.T, x *excelize.File, sheet, ref string) string {
	t.Helper()
	v, err := x.GetCellValue(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func findFile(t *testing.T, files []string, part string) string {
	t.Helper()
	for _, f := range files {
		if strings.Contains(filepath.Base(f), part) {
			return f
		}
	}
	t.Fatalf("no file with %q in %v", part, files)
	return ""
}

// merged reports whether a sheet has the merged range ref (e.g. "A1:F1").
func merged(t *testing.T, x *excelize.File, sheet, ref string) bool {
	t.Helper()
	mc, err := x.GetMergeCells(sheet)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range mc {
		if m.GetStartAxis()+":"+m.GetEndAxis() == ref {
			return true
		}
	}
	return false
}

// checkPrint asserts A4, fit to one page wide, the six margins, page
// numbers and, when want is not empty, the repeated header rows.
func checkPrint(t *testing.T, x *excelize.File, sheet, want string) {
	t.Helper()
	pl, err := x.GetPageLayout(sheet)
	if err != nil {
		t.Fatal(err)
	}
	if pl.Size == nil || *pl.Size != 9 || pl.FitToWidth == nil || *pl.FitToWidth != 1 || pl.FitToHeight == nil || *pl.FitToHeight != 0 {
		t.Errorf("%s: page layout %+v", sheet, pl)
	}
	props, err := x.GetSheetProps(sheet)
	if err != nil || props.FitToPage == nil || !*props.FitToPage {
		t.Errorf("%s: fit to page not set: %+v %v", sheet, props, err)
	}
	m, err := x.GetPageMargins(sheet)
	if err != nil {
		t.Fatal(err)
	}
	for name, p := range map[string]*float64{"top": m.Top, "bottom": m.Bottom, "left": m.Left, "right": m.Right, "header": m.Header, "footer": m.Footer} {
		if p == nil || *p <= 0 {
			t.Errorf("%s: margin %s not set", sheet, name)
		}
	}
	hf, err := x.GetHeaderFooter(sheet)
	if err != nil || !strings.Contains(hf.OddFooter, "&P") {
		t.Errorf("%s: footer %+v %v", sheet, hf, err)
	}
	if want == "" {
		return
	}
	found := false
	for _, dn := range x.GetDefinedName() {
		if dn.Name == "_xlnm.Print_Titles" && dn.Scope == sheet && strings.HasSuffix(dn.RefersTo, want) {
			found = true
		}
	}
	if !found {
		t.Errorf("%s: print titles %s not defined: %+v", sheet, want, x.GetDefinedName())
	}
}

func TestExportWorkbooks(t *testing.T) {
	c := sharedCounty(t)
	var calls, lastDone, lastTotal int
	rep, err := Run(c.ctx, c.s, Options{OutDir: t.TempDir(), Formats: []string{FormatXLSX}}, func(done, total int) {
		calls++
		if done < lastDone || done > total {
			t.Errorf("progress went %d/%d after %d/%d", done, total, lastDone, lastTotal)
		}
		lastDone, lastTotal = done, total
	})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Sessions != 6 || rep.SignIns != 5+200+4+2+1 || len(rep.Files) != 7 {
		t.Fatalf("report %+v", rep)
	}
	if calls < 7 || lastDone != lastTotal {
		t.Errorf("progress: %d calls, last %d/%d", calls, lastDone, lastTotal)
	}

	// 活动统计表 and 任务完成情况.
	x := openXLSX(t, findFile(t, rep.Files, "活动统计表"))
	if got := x.GetSheetList(); len(got) != 2 || got[0] != sheetStatistics || got[1] != sheetQuota {
		t.Fatalf("sheets %v", got)
	}
	if v := cell(t, x, sheetStatistics, "A1"); v != "青田县3岁以下婴幼儿养育照护小组活动统计表" {
		t.Errorf("title %q", v)
	}
	for i, h := range statisticsHeader {
		ref, _ := excelize.CoordinatesToCellName(i+1, 3)
		if v := cell(t, x, sheetStatistics, ref); v != h {
			t.Errorf("header %s = %q, want %q", ref, v, h)
		}
	}
	rows, _ := x.GetRows(sheetStatistics)
	if len(rows) != 3+6 {
		t.Fatalf("statistics rows %d: %v", len(rows), rows)
	}
	first := rows[3]
	if first[0] != "2026-03-15" || first[1] != "温溪镇社区卫生服务站" || !strings.HasPrefix(first[2], "辅食添加与喂养") || first[3] != "7-9月龄" || first[4] != "1" {
		t.Errorf("first row %q", first)
	}
	if !strings.Contains(first[5], "第2版更正：活动标题由“辅食添加”改为“辅食添加与喂养”") || !strings.Contains(first[5], "原因：标题写错") || !strings.Contains(first[5], "第3版更正") {
		t.Errorf("corrections not in 备注: %q", first[5])
	}
	if rows[4][4] != "0" || !strings.Contains(rows[4][5], "无人签到") {
		t.Errorf("empty session row %q", rows[4])
	}
	if rows[8][2] != "@SUM(A1:A9)（营养、回应性照护）" || !strings.Contains(rows[8][5], "活动未结束") {
		t.Errorf("open session row %q", rows[8])
	}
	if !merged(t, x, sheetStatistics, "A1:F1") {
		t.Error("statistics title not merged")
	}
	checkPrint(t, x, sheetStatistics, "$1:$3")
	checkPrint(t, x, sheetQuota, "")
	// Only the station's own unit: it knows nothing of the others'
	// sessions. Its 序号 is 附件3's.
	if n, v := cell(t, x, sheetQuota, "A3"), cell(t, x, sheetQuota, "B3"); n != "2" || v != "温溪片卫生院" {
		t.Errorf("quota unit %q %q, want 2 温溪片卫生院", n, v)
	}
	if c3, d3 := cell(t, x, sheetQuota, "C3"), cell(t, x, sheetQuota, "D3"); c3 != "7" || d3 != "5" {
		t.Errorf("quota/held %q %q (5 closed sessions of 温溪 in 2026)", c3, d3)
	}
	if v := cell(t, x, sheetQuota, "E3"); v != "71.4%" {
		t.Errorf("percent %q", v)
	}
	if v := cell(t, x, sheetQuota, "A4"); v != "合计" {
		t.Errorf("the row after the station's own unit is %q, want 合计", v)
	}

	// The session with 200 sign-ins: 签到表 and 活动记录表.
	x = openXLSX(t, findFile(t, rep.Files, "大型亲子活动"))
	if got := x.GetSheetList(); len(got) != 2 || got[0] != sheetRecord || got[1] != sheetSignIn {
		t.Fatalf("sheets %v", got)
	}
	if cell(t, x, sheetSignIn, "A1") != "青田县3岁以下婴幼儿养育照护小组" || cell(t, x, sheetSignIn, "A2") != "活动签到表" {
		t.Error("sign-in sheet title")
	}
	for i, h := range signInHeader {
		ref, _ := excelize.CoordinatesToCellName(i+1, 4)
		if v := cell(t, x, sheetSignIn, ref); v != h {
			t.Errorf("header %s = %q", ref, v)
		}
	}
	cells, err := x.GetPictureCells(sheetSignIn)
	if err != nil {
		t.Fatal(err)
	}
	picCells := map[string]bool{}
	for _, c := range cells {
		picCells[c] = true
	}
	for i, k := range kids(200) {
		row := signInFirstRow + i
		ref := func(col string) string { r, _ := excelize.JoinCellName(col, row); return r }
		if v := cell(t, x, sheetSignIn, ref("B")); v != k.name {
			t.Fatalf("row %d name %q want %q", row, v, k.name)
		}
		if v := cell(t, x, sheetSignIn, ref("C")); !strings.HasSuffix(v, "月龄") {
			t.Fatalf("age %q", v)
		}
		if v := cell(t, x, sheetSignIn, ref("D")); v != k.phone {
			t.Fatalf("phone %q want %q", v, k.phone)
		}
		if typ, _ := x.GetCellType(sheetSignIn, ref("D")); typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString {
			t.Fatalf("phone cell type %v: not text", typ)
		}
		if k.sig != nil {
			if !picCells[ref("F")] {
				t.Fatalf("row %d: no signature picture", row)
			}
			if i%25 == 0 { // the image itself, for some rows (reading it is slow)
				pics, err := x.GetPictures(sheetSignIn, ref("F"))
				if err != nil || len(pics) != 1 || !bytes.Equal(pics[0].File, k.sig) {
					t.Fatalf("row %d: %d pictures %v", row, len(pics), err)
				}
			}
		} else if picCells[ref("F")] || cell(t, x, sheetSignIn, ref("F")) != k.typed {
			t.Fatalf("row %d: typed signature %q", row, cell(t, x, sheetSignIn, ref("F")))
		}
	}
	if len(picCells) != 100 {
		t.Errorf("%d signature pictures, want 100", len(picCells))
	}
	if v := cell(t, x, sheetSignIn, "A3"); v != "活动日期：2026年5月20日　　活动地点：温溪镇社区卫生服务站　　养育指导员：陈晓燕" {
		t.Errorf("sign-in sheet head %q", v)
	}
	for _, r := range []string{"A1:F1", "A2:F2", "A3:F3"} {
		if !merged(t, x, sheetSignIn, r) {
			t.Errorf("sign-in sheet %s not merged", r)
		}
	}
	checkPrint(t, x, sheetSignIn, "$1:$4")
	checkPrint(t, x, sheetRecord, "")
	if v := cell(t, x, sheetRecord, "A4"); v != "参与家庭：40 组" {
		t.Errorf("families %q", v)
	}
	sis, err := c.s.SignIns(c.ctx, c.big.ID)
	if err != nil {
		t.Fatal(err)
	}
	ages := make([]int, len(sis))
	for i, si := range sis {
		ages[i] = si.AgeMonths
	}
	wantDist := "月龄分布：" + model.FormatDistribution(model.Distribution(ages), "zh")
	if v := cell(t, x, sheetRecord, "C4"); v != wantDist || !strings.Contains(v, "7月龄") {
		t.Errorf("distribution %q, want %q", v, wantDist)
	}
	for _, r := range []string{"A1:D1", "A2:D2", "A3:B3", "C3:D3", "A8:D8"} {
		if !merged(t, x, sheetRecord, r) {
			t.Errorf("activity record %s not merged", r)
		}
	}
	if v := cell(t, x, sheetRecord, "A5"); v != "活动内容（活动月龄 13-18月龄）" {
		t.Errorf("A5 %q", v)
	}
	if v := cell(t, x, sheetRecord, "A8"); !strings.HasPrefix(v, summaryLabel) || !strings.Contains(v, "衔接情况：与上次活动衔接良好") {
		t.Errorf("summary %q", v)
	}

	// Rare characters, an unreadable drawing, and corrections.
	x = openXLSX(t, findFile(t, rep.Files, "生僻字测试"))
	want := [][2]string{{"𠮷祥", ""}, {"龚䶮", "龚丽"}, {"张坏图", "（签名图片无法读取，签到人：王丽）"}, {"李坏图", "李强"}}
	for i, w := range want {
		row := signInFirstRow + i
		if v := cell(t, x, sheetSignIn, "B"+itoa(row)); v != w[0] {
			t.Errorf("name %q want %q", v, w[0])
		}
		if v := cell(t, x, sheetSignIn, "F"+itoa(row)); v != w[1] {
			t.Errorf("signature cell %q want %q", v, w[1])
		}
	}
	x = openXLSX(t, findFile(t, rep.Files, "无人来的活动"))
	if v := cell(t, x, sheetSignIn, "A5"); v != "（本次活动无人签到）" || !merged(t, x, sheetSignIn, "A5:F5") {
		t.Errorf("empty sheet %q", v)
	}
	x = openXLSX(t, findFile(t, rep.Files, "辅食添加与喂养"))
	if v := cell(t, x, sheetRecord, "A9"); !strings.Contains(v, "本表为第 3 版") || !strings.Contains(v, "育儿分享记录") {
		t.Errorf("corrections on the record %q", v)
	}
	if v := cell(t, x, sheetRecord, "C7"); v != "分享孩子吃饭的小故事\n记录：-家长分享了喂养经验" {
		t.Errorf("corrected segment %q", v)
	}
	// Nothing but the export folder is left in OutDir.
	entries, _ := os.ReadDir(filepath.Dir(rep.Dir))
	if len(entries) != 1 {
		t.Errorf("out dir holds %v", entries)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestOneSnapshot signs a family in while the export runs: the export
// shows the state at its start, every file agreeing.
func TestOneSnapshot(t *testing.T) {
	c := newCounty(t)
	signed := false
	rep, err := Run(c.ctx, c.s, Options{OutDir: t.TempDir(), Formats: []string{FormatCSV, FormatBundle}}, func(done, total int) {
		if signed {
			return
		}
		signed = true
		in := model.SignInInput{SessionID: c.open.ID, Children: []model.ChildInput{{Name: "晚到者", AgeMonths: 8}}, Phone: "13700000009",
			Relation: model.RelFather, Method: model.MethodKiosk, ConsentVersion: model.ConsentVersion, SignedName: "张伟"}
		if _, err := c.s.SignIn(c.ctx, in); err != nil {
			t.Errorf("sign-in during the export: %v", err)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if !signed {
		t.Fatal("progress never called")
	}
	st, _ := c.s.Stats(c.ctx)
	if st.SignIns != 213 || rep.SignIns != 212 {
		t.Fatalf("store holds %d sign-ins, export reports %d", st.SignIns, rep.SignIns)
	}
	rows := readCSVFile(t, findFile(t, rep.Files, "签到表.csv"))
	info, err := VerifyFile(rep.Bundle, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows)-1 != 212 || info.Manifest.Counts.SignIns != 212 {
		t.Errorf("CSV has %d sign-ins, bundle %d; want the 212 of the snapshot", len(rows)-1, info.Manifest.Counts.SignIns)
	}
}

// damageSignatures overwrites the stored drawings of the named children
// with bytes that are not an image, as a damaged file would hold them.
func damageSignatures(t testing.TB, f *fixture, names ...string) {
	t.Helper()
	db, err := sql.Open("sqlite", filepath.Join(f.dir, store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, n := range names {
		res, err := db.Exec(`UPDATE signatures SET png = ? WHERE id IN (SELECT si.signature_id FROM sign_ins si JOIN children c ON c.id = si.child_id WHERE c.name = ?)`,
			[]byte("\x89PNG\r\n\x1a\nnot really a png"), n)
		if err != nil {
			t.Fatal(err)
		}
		if k, _ := res.RowsAffected(); k != 1 {
			t.Fatalf("%s: %d signatures damaged", n, k)
		}
	}
}
