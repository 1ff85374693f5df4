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
	"carekiosk/export"
	"carekiosk/model"
	"carekiosk/store"
)

// testExporter is the export package behind the screen, as in the kiosk
// command, with a fixed list of USB targets.
type testExporter struct {
	st      *store.Store
	targets []string
}

func (e testExporter) Targets() ([]string, error) { return e.targets, nil }

func (e testExporter) Export(ctx context.Context, outDir string, from, to model.Date, lang model.Lang, progress func(done, total int)) (string, error) {
	rep, err := export.Run(ctx, e.st, export.Options{OutDir: outDir, From: from, To: to}, progress)
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
