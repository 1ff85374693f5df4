package tui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"carekiosk/demo"
	"carekiosk/store"
)

// stickFiles lists the files an export left on the stick, relative to it.
func stickFiles(t *testing.T, stick string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(stick, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(stick, p)
			out = append(out, rel)
		}
		return nil
	})
	return out
}

// openExport opens the export screen behind the PIN with one stick.
func openExport(t *testing.T, st *store.Store, dir, stick string, w, h int) *kiosk {
	t.Helper()
	m := New(Options{Store: st, Clock: fixedClock(screenNow), URL: fixedURL{}, DataDir: dir, Exporter: testExporter{st: st, targets: []string{stick}}})
	k := startModel(t, m, w, h)
	k.waitFor(fixtureSession, "x 导出")
	k.keys("x")
	k.waitFor("导出需要指导员 PIN")
	k.keys(demo.PIN, "enter")
	return k
}

// TestExportScreenBundleOnlyWithPlan: a station holding the county's plan
// exports the sealed bundle alone by default — the stick then holds one
// .zip.age and no form naming a child — and says so before enter.
func TestExportScreenBundleOnlyWithPlan(t *testing.T) {
	for _, sz := range [][2]int{{80, 24}, {80, 16}} {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			st, dir := copyStore(t, advancingClock(screenNow))
			withPlan(t, st)
			stick := t.TempDir()
			k := openExport(t, st, dir, stick, sz[0], sz[1])
			screen := k.waitFor("< "+stick+" >", "只交县里（只有加密数据包）", "U盘上只有加密的站点数据包")
			if strings.Contains(screen, "时间范围") {
				t.Errorf("a period is offered for the bundle alone:\n%s", screen)
			}
			checkFits(t, k.view(), sz[0], sz[1])
			golden.RequireEqual(t, []byte(trimLines(normalize(replaceAll(screen, stick, "/media/usb")))))
			k.keys("enter")
			k.waitFor("导出完成")
			files := stickFiles(t, stick)
			if len(files) != 1 || !strings.HasSuffix(files[0], ".zip.age") {
				t.Errorf("the stick holds %v, want the sealed bundle alone", files)
			}
		})
	}
}

// TestExportScreenFormsWithPlan: choosing 报表和数据包 at a station with the
// plan writes the forms and CSV in the clear beside the sealed bundle, and
// the screen warns that they name the children.
func TestExportScreenFormsWithPlan(t *testing.T) {
	st, dir := copyStore(t, advancingClock(screenNow))
	withPlan(t, st)
	stick := t.TempDir()
	k := openExport(t, st, dir, stick, 80, 24)
	k.waitFor("只交县里（只有加密数据包）")
	k.keys("tab", "right")
	k.waitFor("< 报表和数据包（报表含姓名电话，用于打印，请妥善保管U盘） >", "时间范围", "报表不加密，含儿童姓名和完整电话")
	k.keys("enter")
	k.waitFor("导出完成")
	var sealed, forms, csv int
	for _, f := range stickFiles(t, stick) {
		switch {
		case strings.HasSuffix(f, ".zip.age"):
			sealed++
		case strings.HasSuffix(f, ".xlsx"):
			forms++
		case strings.HasSuffix(f, ".csv"):
			csv++
		case strings.HasSuffix(f, ".zip"):
			t.Errorf("an unsealed bundle on the stick: %s", f)
		}
	}
	if sealed != 1 || forms == 0 || csv != 4 {
		t.Errorf("%d sealed bundles, %d workbooks, %d CSV files", sealed, forms, csv)
	}
}
