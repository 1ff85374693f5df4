package countyweb_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"carekiosk/county"
	"carekiosk/county/countytest"
	"carekiosk/internal/browsertest"
	"carekiosk/model"
)

// historyBook writes a county-wide 统计表 of 2026: a merged title, a
// 单位 column, two good rows, a bad date and an unknown unit.
func historyBook(t *testing.T, dir string) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sh := "Sheet1"
	rows := [][]any{
		{"青田县2026年纸质活动统计表"},
		{"单位", "活动日期", "活动地点", "活动内容", "活动月龄", "参与家庭（组）"},
		{"温溪片卫生院", "2026-02-03", "温溪村文化礼堂", "停电时的纸质活动", "13-18", 6},
		{"鹤城片卫生院", "2026-03-04", "鹤城社区", "亲子阅读", "7-9", 4},
		{"鹤城片卫生院", "2026-02-30", "鹤城社区", "日期写错", "7-9", 4},
		{"青田镇卫生院", "2026-04-01", "某地", "单位写错", "", 3},
	}
	for i, r := range rows {
		if err := f.SetSheetRow(sh, fmt.Sprintf("A%d", i+1), &r); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.MergeCell(sh, "A1", "F1"); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "全县2026纸质.xlsx")
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestBrowserHistoryImport drives Chromium as the clerk importing old
// statistics tables: a county-wide workbook from the board (preview, then
// confirm), the board counting the rows of paper, and one unit's CSV from
// its page.
func TestBrowserHistoryImport(t *testing.T) {
	c, files := webCounty(t)
	c.Import(t, files[:2]...)
	base := serve(t, c)
	shots := browsertest.ShotDir(t, "COUNTYWEB_SCREENSHOTS")
	ctx := browsertest.Context(t, 120*time.Second, chromedp.WindowSize(1366, 900))
	shot := func(name string) {
		t.Helper()
		b, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(shots, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	book := historyBook(t, c.Root)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/"), chromedp.WaitVisible("#history"),
		chromedp.SetUploadFiles("#history-files", []string{book}), chromedp.Click("#history-preview"), chromedp.WaitVisible("#history-confirm")); err != nil {
		t.Fatal(err)
	}
	preview := text(t, ctx, "#history-report")
	shot("h1-history-preview.png")
	for _, want := range []string{"停电时的纸质活动", "新的往年活动", "第 5 行未导入：看不懂活动日期“2026-02-30”",
		"第 6 行未导入：单位“青田镇卫生院”不是本县计划中的单位", "合计：新的往年活动 2 场"} {
		if !strings.Contains(preview, want) {
			t.Fatalf("preview lacks %q:\n%s", want, preview)
		}
	}
	if n := historyCount(t, c); n != 0 {
		t.Fatalf("the preview stored %d sessions", n)
	}
	if err := chromedp.Do(ctx, chromedp.Click("#history-do"), chromedp.WaitVisible("#history-done")); err != nil {
		t.Fatal(err)
	}
	if done := text(t, ctx, "#history-title"); done != "往年统计表导入结果" || historyCount(t, c) != 2 {
		t.Fatalf("after confirming: %q, %d stored", done, historyCount(t, c))
	}
	shot("h2-history-imported.png")
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/"), chromedp.WaitVisible("#board")); err != nil {
		t.Fatal(err)
	}
	board := text(t, ctx, "#board")
	shot("h3-board.png")
	want := boardHeld(t, c)
	for unit, w := range want {
		if !strings.Contains(board, fmt.Sprintf("%s\n", unit)) && !strings.Contains(board, unit) {
			t.Fatalf("board lacks %s", unit)
		}
		if !strings.Contains(board, w) {
			t.Fatalf("board lacks %s's %q:\n%s", unit, w, board)
		}
	}
	checkUnitHistory(t, ctx, c, base, shot)
	// In English, the preview says the same in English.
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/lang/en"), chromedp.WaitVisible("#history"),
		chromedp.SetUploadFiles("#history-files", []string{book}), chromedp.Click("#history-preview"), chromedp.WaitVisible("#history-confirm")); err != nil {
		t.Fatal(err)
	}
	en := text(t, ctx, "#history-report")
	shot("h5-history-preview-en.png")
	if !strings.Contains(en, "already imported, unchanged") || !strings.Contains(en, "row 6 not imported: The unit \"青田镇卫生院\" is not a unit of the county's plan") {
		t.Fatalf("English preview:\n%s", en)
	}
}

// boardHeld works out, from the stations' own databases and the rows of
// paper the book holds, each unit's cell on the board.
func boardHeld(t *testing.T, c *countytest.County) map[string]string {
	t.Helper()
	out := map[string]string{}
	paper := map[string]int{"温溪片卫生院": 1, "鹤城片卫生院": 1}
	for _, st := range c.Stations {
		ss, err := st.Store.Sessions(context.Background(), model.SessionFilter{States: []model.SessionState{model.StateClosed}})
		if err != nil {
			t.Fatal(err)
		}
		quota := 0
		for _, u := range model.QingtianPlan {
			if u.Name == st.Unit {
				quota = u.Quota
			}
		}
		out[st.Unit] = fmt.Sprintf("%d / %d\n其中纸质 %d", len(ss)+paper[st.Unit], quota, paper[st.Unit])
	}
	return out
}

func historyCount(t *testing.T, c *countytest.County) int {
	t.Helper()
	hs, err := c.DB.HistorySessions(context.Background(), county.SessionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return len(hs)
}

// checkUnitHistory imports a CSV without a 单位 column from 瓯南's page
// and sees it listed there.
func checkUnitHistory(t *testing.T, ctx context.Context, c *countytest.County, base string, shot func(string)) {
	t.Helper()
	csv := filepath.Join(c.Root, "瓯南 2026.csv")
	body := "活动日期,活动地点,活动内容,参与家庭（组）\n2026-05-06,瓯南镇活动室,辅食添加,6\n2026-06-07,,亲子阅读,4\n"
	if err := os.WriteFile(csv, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	click := `Array.from(document.querySelectorAll('#board a')).find(a => a.textContent === '瓯南片卫生院').click()`
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](click), chromedp.WaitVisible("#paper"),
		chromedp.SetUploadFiles("#history-files", []string{csv}), chromedp.Click("#history-preview"), chromedp.WaitVisible("#history-confirm")); err != nil {
		t.Fatal(err)
	}
	preview := text(t, ctx, "#history-report")
	if !strings.Contains(preview, "瓯南片卫生院") || !strings.Contains(preview, "第 3 行未导入：活动地点为空") {
		t.Fatalf("unit preview:\n%s", preview)
	}
	units, err := c.DB.Units(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	u, _ := county.FindUnit(units, "瓯南片卫生院")
	if err := chromedp.Do(ctx, chromedp.Click("#history-do"), chromedp.WaitVisible("#history-done"),
		chromedp.Navigate(base+"/unit/"+u.ID), chromedp.WaitVisible("#paper")); err != nil {
		t.Fatal(err)
	}
	paper := text(t, ctx, "#paper")
	shot("h4-unit-paper.png")
	if !strings.Contains(paper, "2026-05-06") || !strings.Contains(paper, "瓯南 2026.csv「瓯南 2026」第2行") || !strings.Contains(paper, "计入已开展") {
		t.Fatalf("unit page's paper sessions:\n%s", paper)
	}
}
