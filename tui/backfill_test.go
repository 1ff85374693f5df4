package tui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"carekiosk/demo"
	"carekiosk/model"
	"carekiosk/paperimport"
)

// BackfillSheet reads a sheet for a backfill, as the kiosk command's does.
func (e paperExporter) BackfillSheet(path string, on model.Date) ([]model.PaperSignIn, []string, error) {
	rows, problems, err := paperimport.SignInRows(path, on)
	var out []string
	for _, p := range problems {
		out = append(out, fmt.Sprintf("第 %d 行：%s", p.Row, p.Err.Message))
	}
	return rows, out, err
}

// backfillStick holds a paper 签到表 typed into a CSV: two rows, the second
// with a bad phone when bad is set.
func backfillStick(t *testing.T, bad bool) string {
	stick := filepath.Join(t.TempDir(), "U盘")
	phone := "13911113333"
	if bad {
		phone = "1.39E+10"
	}
	text := "序号,儿童姓名,儿童年龄,联系电话,养育人与儿童关系,家长签字\n1,钱小多,8月龄,13911112222,妈妈,\n2,孙小乐,2026-03-01," + phone + ",奶奶,孙奶奶\n"
	if err := os.MkdirAll(stick, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(stick, "停电签到表.csv"), []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return stick
}

// fillBackfill opens the backfill with the PIN and fills a session of
// 2026-11-20 with the stick's sheet.
func fillBackfill(k *kiosk) {
	k.waitFor(fixtureSession)
	k.keys("b")
	k.waitFor("补录需要指导员 PIN")
	k.keys(demo.PIN, "enter")
	k.waitFor("停电或机器坏时")
	k.keys("2026-11-20", "tab", "right", "right", "tab", "停电时的活动", "tab", "陈晓燕", "tab", "tab", "space",
		"tab", "tab", "辅食", "tab", "tab", "tab", "顺利", "tab", "配合好", "tab", "tab", "tab", "right")
	k.waitFor("< 停电签到表.csv >")
	k.keys("ctrl+s")
}

// A session held on paper is entered with the PIN: ctrl+s reads the sheet
// and asks, y stores it closed, marked 纸质补录, with its two sign-ins.
func TestBackfillScreen(t *testing.T) {
	st, dir := copyStore(t, advancingClock(screenNow))
	stick := backfillStick(t, false)
	m := New(Options{Store: st, Clock: fixedClock(screenNow), URL: fixedURL{}, DataDir: dir, Exporter: paperExporter{testExporter{st: st, targets: []string{stick}}}})
	k := startModel(t, m, 80, 24)
	fillBackfill(k)
	k.waitFor("补录 2026-11-20 停电时的活动，签到 2 条？按 y 保存")
	if n := sessionsOn(t, st, "2026-11-20"); n != 0 {
		t.Fatalf("stored before y: %d", n)
	}
	k.keys("y")
	k.waitFor("已补录（纸质补录）：2026-11-20 停电时的活动", "待进行的活动")
	s := sessionByTitle(t, st, "停电时的活动")
	sis, err := st.SignIns(context.Background(), s.ID)
	if s.Origin != model.OriginBackfill || s.State != model.StateClosed || s.Band != (model.AgeBand{Min: 7, Max: 9}) || err != nil || len(sis) != 2 {
		t.Fatalf("backfilled %+v with %d sign-ins (%v)", s, len(sis), err)
	}
	if sis[0].ChildName != "钱小多" || sis[0].AgeMonths != 8 || sis[1].ChildName != "孙小乐" || sis[1].AgeMonths != 8 {
		t.Errorf("sign-ins: %+v", sis)
	}
}

// A sheet with a row that cannot be read stores nothing and names the row.
func TestBackfillScreenBadSheet(t *testing.T) {
	st, dir := copyStore(t, advancingClock(screenNow))
	stick := backfillStick(t, true)
	m := New(Options{Store: st, Clock: fixedClock(screenNow), URL: fixedURL{}, DataDir: dir, Exporter: paperExporter{testExporter{st: st, targets: []string{stick}}}})
	k := startModel(t, m, 80, 24)
	fillBackfill(k)
	k.waitFor("签到表有 1 行不能读取", "第 3 行：联系电话")
	k.keys("y")
	if n := sessionsOn(t, st, "2026-11-20"); n != 0 {
		t.Fatalf("a bad sheet stored %d sessions", n)
	}
}

// TestBackfillScreens renders the empty form at 80x24 and 80x16.
func TestBackfillScreens(t *testing.T) {
	for _, sz := range [][2]int{{80, 24}, {80, 16}} {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			st, dir := copyStore(t, advancingClock(screenNow))
			k := startKiosk(t, st, dir, sz[0], sz[1], screenNow)
			k.waitFor(fixtureSession)
			k.keys("b")
			k.waitFor("需要指导员 PIN")
			k.keys(demo.PIN, "enter")
			k.waitFor("停电或机器坏时")
			screen := k.view()
			checkFits(t, screen, sz[0], sz[1])
			golden.RequireEqual(t, []byte(normalize(screen)))
		})
	}
}
