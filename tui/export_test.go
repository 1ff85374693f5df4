package tui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"carekiosk/demo"
	"carekiosk/export"
	"carekiosk/model"
	"carekiosk/store"
)

// testExporter is the export package behind the screen, as in the kiosk
// command, with a fixed list of USB targets.
type testExporter struct {
	st      *store.Store
	targets []string
	// readOnly are the sticks mounted read-only.
	readOnly []string
}

func (e testExporter) Targets() ([]string, error) { return e.targets, nil }

func (e testExporter) Eject(dir string) error { return nil }

func (e testExporter) Export(ctx context.Context, outDir string, from, to model.Date, formats []string, lang model.Lang, progress func(done, total int)) (string, error) {
	rep, err := export.Run(ctx, e.st, export.Options{OutDir: outDir, From: from, To: to, Formats: formats}, progress)
	if err != nil {
		return "", err
	}
	return rep.Summary(lang), nil
}

// TestExportScreen exports this year's sessions to a USB folder from the
// screen behind the PIN, and finds the files there.
func TestExportScreen(t *testing.T) {
	for _, sz := range sizes {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			st, dir := copyStore(t, advancingClock(screenNow))
			usb := t.TempDir()
			m := New(Options{Store: st, Clock: fixedClock(screenNow), URL: fixedURL{}, DataDir: dir, Exporter: testExporter{st: st, targets: []string{usb}}})
			k := startModel(t, m, sz[0], sz[1])
			k.waitFor(fixtureSession, "x 导出")
			k.keys("x")
			k.waitFor("导出需要指导员 PIN")
			k.keys(demo.PIN, "enter")
			k.waitFor("导出到", usb)
			screen := k.view()
			checkFits(t, screen, sz[0], sz[1])
			golden.RequireEqual(t, []byte(trimLines(normalize(replaceAll(screen, usb, "/media/usb")))))
			k.keys("enter")
			done := k.waitFor("导出完成")
			checkFits(t, k.view(), sz[0], sz[1])
			if testing.Verbose() {
				t.Log("\n" + done)
			}
			ents, err := os.ReadDir(usb)
			if err != nil || len(ents) != 1 {
				t.Fatalf("export folder: %v %d entries", err, len(ents))
			}
			var files int
			filepath.WalkDir(filepath.Join(usb, ents[0].Name()), func(p string, d os.DirEntry, err error) error {
				if err == nil && !d.IsDir() {
					files++
				}
				return nil
			})
			if files < 3 {
				t.Errorf("only %d files exported", files)
			}
		})
	}
}

// trimLines drops trailing spaces (the temporary folder's name varies in
// length).
func trimLines(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n")
}

// stickExporter is a box whose USB sticks come and go: Targets lists the
// sticks plugged in, Eject pulls one.
type stickExporter struct {
	testExporter
	mu      sync.Mutex
	sticks  []string
	ejected []string
}

func (e *stickExporter) Targets() ([]string, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]string(nil), e.sticks...), nil
}

func (e *stickExporter) Eject(dir string) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.ejected = append(e.ejected, dir)
	e.sticks = nil
	return nil
}

func (e *stickExporter) plug(dir string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.sticks = append(e.sticks, dir)
}

// TestExportScreenSticksComeAndGo: a stick plugged in while the export
// screen is open appears on it, is chosen, and u ejects it; the screen then
// offers the data folder again. The data folder cannot be ejected.
func TestExportScreenSticksComeAndGo(t *testing.T) {
	st, dir := copyStore(t, advancingClock(screenNow))
	ex := &stickExporter{testExporter: testExporter{st: st}}
	m := New(Options{Store: st, Clock: fixedClock(screenNow), URL: fixedURL{}, DataDir: dir, Exporter: ex})
	k := startModel(t, m, 120, 40)
	k.waitFor(fixtureSession, "x 导出")
	k.keys("x")
	k.waitFor("导出需要指导员 PIN")
	k.keys(demo.PIN, "enter")
	k.waitFor("没有找到U盘")
	k.keys("u")
	if strings.Contains(k.view(), "安全移除") {
		t.Error("the data folder is offered for ejecting")
	}
	ex.plug("/media/carekiosk/STICK")
	k.waitFor("< /media/carekiosk/STICK >", "u 安全移除U盘")
	k.waitGone("没有找到U盘")
	k.keys("u")
	k.waitFor("可以拔出U盘了：/media/carekiosk/STICK")
	k.waitFor("没有找到U盘")
	ex.mu.Lock()
	defer ex.mu.Unlock()
	if len(ex.ejected) != 1 || ex.ejected[0] != "/media/carekiosk/STICK" {
		t.Errorf("ejected %v", ex.ejected)
	}
}
