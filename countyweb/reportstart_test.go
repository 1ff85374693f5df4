package countyweb_test

import (
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"carekiosk/county/countytest"
	"carekiosk/countyweb"
	"carekiosk/internal/browsertest"
)

// reportingCell reads the board's last column, unit by unit: its text and
// whether it is marked late.
var reportingCell = regexp.MustCompile(`<td><a href="/unit/[^"]+">([^<]+)</a>(?s:.*?)<td class="(late)?">([^<]*)</td>\s*</tr>`)

func boardReporting(t *testing.T, h http.Handler, path string, cookies ...*http.Cookie) (map[string]string, map[string]bool, string) {
	t.Helper()
	w := get(t, h, path, cookies...)
	if w.Code != 200 {
		t.Fatalf("board: %d %s", w.Code, w.Body)
	}
	body := w.Body.String()
	text, late := map[string]string{}, map[string]bool{}
	for _, m := range reportingCell.FindAllStringSubmatch(body, -1) {
		text[m[1]], late[m[1]] = m[3], m[2] == "late"
	}
	if len(text) != 10 {
		t.Fatalf("board rows %d: %s", len(text), body)
	}
	return text, late, body
}

// TestBoardReportingStart: a county that starts on 30 November 2026 sees
// no unit late that day — the registered one owes reports from November,
// the others have no station — and on 11 December the registered unit
// that sent no bundle is late for November, and so says its page.
func TestBoardReportingStart(t *testing.T) {
	clock := cst(2026, 11, 30, 9)
	c := countytest.New(t, t.TempDir(), 2026, clock)
	c.Clock.Set(cst(2026, 11, 30, 10))
	c.AddStation(t, "温溪片卫生院", 2026, 2)
	c.Clock.Set(cst(2026, 11, 30, 16))
	s, err := countyweb.New(c.DB, countyweb.Options{Clock: c.Clock.Model(), TempDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	h := s.Handler()
	text, late, body := boardReporting(t, h, "/")
	for unit, x := range text {
		want := "未登记站点"
		if unit == "温溪片卫生院" {
			want = "2026年11月起应报"
		}
		if x != want || late[unit] {
			t.Errorf("30 November: %s %q (late %v), want %q", unit, x, late[unit], want)
		}
	}
	table := body[strings.Index(body, `id="board"`):strings.Index(body, "</table>")]
	if strings.Contains(table, "逾期") || strings.Contains(table, "未报") || strings.Contains(table, `class="late"`) || !strings.Contains(body, "登记第一个站点的当月起") {
		t.Fatalf("30 November board: %s", body)
	}
	en, _, _ := boardReporting(t, h, "/", &http.Cookie{Name: "ck_county_lang", Value: "en"})
	if en["温溪片卫生院"] != "reports owed from Nov 2026" || en["鹤城片卫生院"] != "no station registered" {
		t.Fatalf("English board: %q", en)
	}

	// 鹤城 is registered on 1 December at 03:00 in China (30 November in
	// UTC): it owes from December, so nothing on 11 December.
	c.Clock.Set(time.Date(2026, 11, 30, 19, 0, 0, 0, time.UTC))
	c.AddStation(t, "鹤城片卫生院", 2026, 2)
	c.Clock.Set(cst(2026, 12, 11, 10))
	text, late, _ = boardReporting(t, h, "/")
	for unit, x := range text {
		want := map[string]string{"温溪片卫生院": "未报，逾期1天（11月）", "鹤城片卫生院": "2026年12月起应报"}[unit]
		if want == "" {
			want = "未登记站点"
		}
		if x != want || late[unit] != (unit == "温溪片卫生院") {
			t.Errorf("11 December: %s %q (late %v), want %q", unit, x, late[unit], want)
		}
	}
	id := regexp.MustCompile(`href="(/unit/[^"]+)">温溪片卫生院<`).FindStringSubmatch(body)
	if id == nil {
		t.Fatal("no link to 温溪")
	}
	if page := get(t, h, id[1]).Body.String(); !strings.Contains(page, `上报：<span class="late">未报，逾期1天（11月）</span>`) {
		t.Fatalf("温溪's page: %s", page)
	}
}

// TestBrowserReportingStart shows the board in headless Chromium on the
// day a county starts (30 November 2026, one station registered) and on
// 11 December: the first has no cell marked late, the second marks the
// unit that sent nothing for November. Screenshots go to
// $COUNTYWEB_SCREENSHOTS when set.
func TestBrowserReportingStart(t *testing.T) {
	c := countytest.New(t, t.TempDir(), 2026, cst(2026, 11, 30, 9))
	c.Clock.Set(cst(2026, 11, 30, 10))
	c.AddStation(t, "温溪片卫生院", 2026, 2)
	c.Clock.Set(cst(2026, 11, 30, 16))
	base := serve(t, c)
	shots := browsertest.ShotDir(t, "COUNTYWEB_SCREENSHOTS")
	ctx := browsertest.Context(t, 90*time.Second, chromedp.WindowSize(1366, 900))
	look := func(name string) (board string, late int) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Navigate(base+"/"), chromedp.WaitVisible("#board")); err != nil {
			t.Fatal(err)
		}
		b, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(shots, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#board td.late').length`))
		if err != nil {
			t.Fatal(err)
		}
		return text(t, ctx, "#board"), n
	}
	board, late := look("start-1-30nov.png")
	if late != 0 || strings.Contains(board, "逾期") || strings.Count(board, "未登记站点") != 9 || !strings.Contains(board, "2026年11月起应报") {
		t.Fatalf("30 November: %d late cells\n%s", late, board)
	}
	if legend := text(t, ctx, "#reporting-legend"); !strings.Contains(legend, "登记第一个站点的当月起") {
		t.Fatalf("legend %q", legend)
	}
	c.Clock.Set(cst(2026, 12, 11, 10))
	board, late = look("start-2-11dec.png")
	if late != 1 || !strings.Contains(board, "未报，逾期1天（11月）") {
		t.Fatalf("11 December: %d late cells\n%s", late, board)
	}
	t.Logf("screenshots in %s", shots)
}
