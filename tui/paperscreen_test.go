package tui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"carekiosk/demo"
	"carekiosk/model"
	"carekiosk/paperimport"
	"carekiosk/store"
)

// paperExporter is the test exporter that also imports paper sheets from
// its USB folders, as the kiosk command's does.
type paperExporter struct{ testExporter }

func (e paperExporter) PaperFiles() ([]string, error) { return paperimport.FindSheets(e.targets), nil }

func (e paperExporter) ImportPaper(ctx context.Context, files []string, dryRun bool, lang model.Lang) (PaperReport, error) {
	var b strings.Builder
	t, err := paperimport.ImportFiles(ctx, e.st, files, dryRun, &b)
	if err != nil {
		return PaperReport{}, err
	}
	return PaperReport{Lines: strings.Split(strings.TrimRight(b.String(), "\n"), "\n"), Summary: t.Summary(lang), Changed: t.Changed()}, nil
}

// paperStick is a USB folder with a sign-in sheet of July 2024 (two rows
// read, one phone ruined by Excel) and an old .xls.
func paperStick(t *testing.T) string {
	stick := filepath.Join(t.TempDir(), "U盘")
	sheet := "活动日期：2024-07-01 活动地点：温溪站 养育指导员：陈医生\n序号,儿童姓名,儿童年龄,联系电话,养育人与儿童关系\n" +
		"1,周小雨,14月龄,13900001111,妈妈\n2,吴小山,1岁2个月,13900002222,奶奶\n3,郑小河,15月龄,1.38E+10,爸爸\n"
	for name, text := range map[string]string{"2024年7月签到表.csv": sheet, "老表.xls": "x"} {
		if err := os.MkdirAll(stick, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(stick, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return stick
}

// sessionsOn counts the sessions dated day.
func sessionsOn(t *testing.T, st *store.Store, day string) int {
	t.Helper()
	d := model.MustDate(day)
	ss, err := st.Sessions(context.Background(), model.SessionFilter{From: d, To: d})
	if err != nil {
		t.Fatal(err)
	}
	return len(ss)
}

// With the PIN, the screen lists the sheets on the stick; enter shows the
// dry run (nothing stored), y imports, and an .xls is named with what to do.
func TestPaperImportScreen(t *testing.T) {
	st, dir := copyStore(t, advancingClock(screenNow))
	stick := paperStick(t)
	m := New(Options{Store: st, Clock: fixedClock(screenNow), URL: fixedURL{}, DataDir: dir, Exporter: paperExporter{testExporter{st: st, targets: []string{stick}}}})
	k := startModel(t, m, 80, 24)
	k.waitFor(fixtureSession)
	k.keys("o")
	k.waitFor("导入纸质记录需要指导员 PIN")
	k.keys(demo.PIN, "enter")
	k.waitFor("> [ ] U盘/2024年7月签到表.csv", "[ ] U盘/老表.xls")
	k.keys("enter")
	k.waitFor("试运行（没有保存）：按 y 正式导入", "新活动 1 场（已有 0 场），新家庭 2 个，新签到 2 条（已有 0 条），未能读取 1 行", "第 5 行未导入")
	if n := sessionsOn(t, st, "2024-07-01"); n != 0 {
		t.Fatalf("the dry run stored %d sessions", n)
	}
	k.keys("y")
	k.waitFor("已导入")
	if n := sessionsOn(t, st, "2024-07-01"); n != 1 {
		t.Fatalf("%d sessions on 2024-07-01 after the import, want 1", n)
	}
	k.keys("esc")
	k.waitFor("> [ ] U盘/2024年7月签到表.csv")
	k.keys("enter")
	k.waitFor("试运行：没有新内容可导入", "新活动 0 场（已有 1 场）")
	k.keys("esc")
	k.waitFor("> [ ] U盘/2024年7月签到表.csv")
	k.keys("down", "enter")
	k.waitFor("文件 老表.xls 未导入", "另存为 .xlsx")
}

// TestPaperImportScreens renders the file list and the dry run at 80x24
// and 80x16 and compares them with the goldens.
func TestPaperImportScreens(t *testing.T) {
	for _, sz := range [][2]int{{80, 24}, {80, 16}} {
		for step, want := range []string{"U盘/老表.xls", "第 5 行未导入"} {
			t.Run(fmt.Sprintf("step%d_%dx%d", step, sz[0], sz[1]), func(t *testing.T) {
				st, dir := copyStore(t, advancingClock(screenNow))
				stick := paperStick(t)
				m := New(Options{Store: st, Clock: fixedClock(screenNow), URL: fixedURL{}, DataDir: dir, Exporter: paperExporter{testExporter{st: st, targets: []string{stick}}}})
				k := startModel(t, m, sz[0], sz[1])
				k.waitFor(fixtureSession)
				k.keys("o")
				k.waitFor("需要指导员 PIN")
				k.keys(demo.PIN, "enter")
				k.waitFor("U盘/老表.xls")
				if step == 1 {
					k.keys("enter")
				}
				k.waitFor(want)
				screen := k.view()
				checkFits(t, screen, sz[0], sz[1])
				golden.RequireEqual(t, []byte(normalize(replaceAll(screen, stick, "/media/U盘"))))
			})
		}
	}
}
