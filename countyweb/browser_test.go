package countyweb_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"carekiosk/county"
	"carekiosk/county/countytest"
	"carekiosk/countyweb"
	"carekiosk/internal/browsertest"
	"carekiosk/model"
)

func cst(y int, m time.Month, d, h int) time.Time {
	return time.Date(y, m, d, h, 0, 0, 0, county.Zone())
}

// webCounty is a county with two stations, registered on 2026-01-05, and
// their bundles on a "USB stick": 温溪 wrote one on 2027-01-05 (December
// on time), 鹤城 on 2027-01-20 (late); nothing is imported yet. The other
// units have no station. The county's clock reads 2027-02-15.
func webCounty(t *testing.T) (*countytest.County, []string) {
	c := countytest.New(t, t.TempDir(), 2026, cst(2026, 1, 5, 9))
	defer c.Clock.Set(cst(2027, 2, 15, 9))
	stick := filepath.Join(c.Root, "U盘 (E)")
	var files []string
	for _, x := range []struct {
		unit string
		n    int
		at   time.Time
	}{{"温溪片卫生院", 5, cst(2027, 1, 5, 16)}, {"鹤城片卫生院", 4, cst(2027, 1, 20, 11)}} {
		st := c.AddStation(t, x.unit, 2026, x.n)
		files = append(files, st.Export(t, x.at, stick))
	}
	junk := filepath.Join(stick, "不是数据包.zip")
	if err := os.WriteFile(junk, []byte("这不是站点数据包"), 0o644); err != nil {
		t.Fatal(err)
	}
	return c, append(files, junk)
}

// serve starts the page on a free loopback port.
func serve(t *testing.T, c *countytest.County) string {
	s, err := countyweb.New(c.DB, countyweb.Options{Addr: "127.0.0.1:0", Clock: c.Clock.Model(), TempDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := s.Listen()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	})
	return "http://" + ln.Addr().(*net.TCPAddr).String()
}

// TestBrowserCounty drives headless Chromium as the clerk: the board
// before anything came, an import by the file picker (two bundles and a
// file that is not one), the board after, a unit's sessions, a session's
// sign-in sheet with its signatures, and the report workbook downloaded
// and read back with LibreOffice. The page asks nothing of any other
// server.
func TestBrowserCounty(t *testing.T) {
	c, files := webCounty(t)
	base := serve(t, c)
	shots := browsertest.ShotDir(t, "COUNTYWEB_SCREENSHOTS")
	downloads := t.TempDir()

	ctx := browsertest.Context(t, 120*time.Second, chromedp.WindowSize(1366, 900))

	var mu sync.Mutex
	var requested []string
	downloaded := make(chan string, 1)
	if err := chromedp.Listen(ctx, func(ev any) {
		if r, ok := ev.(*network.EventRequestWillBeSent); ok {
			mu.Lock()
			requested = append(requested, r.Request.URL)
			mu.Unlock()
		}
	}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.ListenBrowser(ctx, func(ev any) {
		if d, ok := ev.(*browser.EventDownloadProgress); ok && d.State == browser.DownloadProgressStateCompleted {
			select {
			case downloaded <- d.GUID:
			default:
			}
		}
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	yes := true
	if _, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: downloads, EventsEnabled: &yes}); err != nil {
		t.Fatal(err)
	}
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
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/"), chromedp.WaitVisible("#board")); err != nil {
		t.Fatal(err)
	}
	before := text(t, ctx, "#board")
	shot("1-board-empty.png")
	if err := chromedp.Do(ctx, chromedp.SetUploadFiles("#bundles", files), chromedp.WaitVisible("#import-report")); err != nil {
		t.Fatal(err)
	}
	report, after := text(t, ctx, "#import-report"), text(t, ctx, "#board")
	shot("2-import-report.png")
	if !strings.Contains(before, "尚未收到") || strings.Contains(before, "第1号") {
		t.Fatalf("board before import: %s", before)
	}
	if strings.Count(report, "新增") != 2 || !strings.Contains(report, "不是数据包.zip") || !strings.Contains(report, "已拒绝") {
		t.Fatalf("import report: %s", report)
	}
	if !strings.Contains(after, "第1号 · 2027-01-05") || !strings.Contains(after, "第1号 · 2027-01-20") || !strings.Contains(after, "逾期10天（12月）") {
		t.Fatalf("board after import: %s", after)
	}
	checkDrop(t, ctx, base)
	checkDrillDown(t, ctx, c, shot)
	checkDownload(t, ctx, c, base, downloads, downloaded)
	mu.Lock()
	defer mu.Unlock()
	for _, u := range requested {
		// data: URLs are the browser's own (the date picker's icon).
		if !strings.HasPrefix(u, base+"/") && !strings.HasPrefix(u, "data:") {
			t.Errorf("the page requested %s", u)
		}
	}
	t.Logf("screenshots in %s", shots)
}

// checkDrillDown opens 温溪's unit page, then its first session, and
// checks every sign-in of the station's own database is on the sheet, each
// drawn signature loaded as an image.
func checkDrillDown(t *testing.T, ctx context.Context, c *countytest.County, shot func(string)) {
	click := `Array.from(document.querySelectorAll('#board a')).find(a => a.textContent === '温溪片卫生院').click()`
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](click), chromedp.WaitVisible("#sessions")); err != nil {
		t.Fatal(err)
	}
	unitText := text(t, ctx, "#sessions")
	shot("3-unit.png")
	if err := chromedp.Do(ctx, chromedp.Click("#sessions tbody tr:last-child a"), chromedp.WaitVisible("#signins"),
		chromedp.Poll[chromedp.Void](`Array.from(document.querySelectorAll('#signins img')).every(i => i.complete)`)); err != nil {
		t.Fatal(err)
	}
	sheet := text(t, ctx, "#signins")
	loaded, err := chromedp.Run(ctx, chromedp.Evaluate[int](`Array.from(document.querySelectorAll('#signins img')).filter(i => i.naturalWidth > 0).length`))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#signins tbody tr').length`))
	if err != nil {
		t.Fatal(err)
	}
	shot("4-sign-in-sheet.png")
	st := c.Stations[0]
	ss, err := st.Store.Sessions(context.Background(), model.SessionFilter{States: []model.SessionState{model.StateClosed}})
	if err != nil {
		t.Fatal(err)
	}
	first := ss[0]
	for _, x := range ss {
		if x.Date.Before(first.Date) {
			first = x
		}
		if !strings.Contains(unitText, x.Title) {
			t.Fatalf("unit page lacks %s: %s", x.Title, unitText)
		}
	}
	sis, err := st.Store.SignIns(context.Background(), first.ID)
	if err != nil {
		t.Fatal(err)
	}
	drawn := 0
	for _, si := range sis {
		if !strings.Contains(sheet, si.ChildName) {
			t.Fatalf("sign-in sheet lacks %s", si.ChildName)
		}
		if len(si.SignaturePNG) > 0 {
			drawn++
		}
	}
	if rows != len(sis) || loaded != drawn || drawn == 0 {
		t.Fatalf("sheet has %d rows and %d signatures loaded; the station has %d sign-ins, %d drawn", rows, loaded, len(sis), drawn)
	}
}

// checkDownload downloads the report workbook from the board and reads
// it with excelize and LibreOffice: each unit's sessions held equal the
// station's own count.
func checkDownload(t *testing.T, ctx context.Context, c *countytest.County, base, dir string, done <-chan string) {
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/"), chromedp.Click("#download")); err != nil {
		t.Fatal(err)
	}
	select {
	case <-done:
	case <-time.After(60 * time.Second):
		t.Fatal("the download did not finish")
	}
	matches, _ := filepath.Glob(filepath.Join(dir, "县汇总报表_*.xlsx"))
	if len(matches) != 1 {
		entries, _ := os.ReadDir(dir)
		t.Fatalf("downloaded %v", entries)
	}
	held := map[string]int{}
	for _, st := range c.Stations {
		ss, err := st.Store.Sessions(context.Background(), model.SessionFilter{States: []model.SessionState{model.StateClosed}})
		if err != nil {
			t.Fatal(err)
		}
		held[st.Unit] = len(ss)
	}
	f, err := excelize.OpenFile(matches[0])
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("任务完成情况")
	if err != nil {
		t.Fatal(err)
	}
	checkHeld(t, "excelize", rows, held)
	if _, err := exec.LookPath("soffice"); err != nil {
		t.Log("LibreOffice not installed: not read back with it")
		return
	}
	out := t.TempDir()
	cmd := exec.Command("soffice", "-env:UserInstallation=file://"+filepath.ToSlash(t.TempDir()), "--headless", "--convert-to",
		"csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1", "--outdir", out, matches[0])
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	name := strings.TrimSuffix(filepath.Base(matches[0]), ".xlsx") + "-任务完成情况.csv"
	fh, err := os.Open(filepath.Join(out, name))
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	r := csv.NewReader(fh)
	r.FieldsPerRecord = -1
	lrows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	checkHeld(t, "LibreOffice", lrows, held)
}

func checkHeld(t *testing.T, reader string, rows [][]string, held map[string]int) {
	t.Helper()
	found := 0
	for _, r := range rows {
		if len(r) > 3 {
			if n, ok := held[r[1]]; ok {
				found++
				if r[3] != fmt.Sprint(n) {
					t.Fatalf("%s reads %s held %s, the station has %d", reader, r[1], r[3], n)
				}
			}
		}
	}
	if found != len(held) {
		t.Fatalf("%s found %d of %d units in 任务完成情况: %q", reader, found, len(held), rows)
	}
}

func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(sel))
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(s)
}

// checkDrop drops a file on the import box as a clerk drags one from the
// file manager: the page sends it, and the report says it was refused.
func checkDrop(t *testing.T, ctx context.Context, base string) {
	drop := `(function () {
		var dt = new DataTransfer();
		dt.items.add(new File(['这也不是数据包'], '拖进来的.zip.age', {type: 'application/octet-stream'}));
		var box = document.getElementById('drop');
		box.dispatchEvent(new DragEvent('dragover', {dataTransfer: dt, bubbles: true, cancelable: true}));
		box.dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));
	})()`
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/"), chromedp.WaitVisible("#drop"), chromedp.Evaluate[chromedp.Void](drop),
		chromedp.WaitVisible("#import-report")); err != nil {
		t.Fatal(err)
	}
	if got := text(t, ctx, "#import-report"); !strings.Contains(got, "拖进来的.zip.age") || !strings.Contains(got, "已拒绝") {
		t.Fatalf("import report after a drop: %s", got)
	}
}
