package tui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"

	"carekiosk/demo"
	"carekiosk/export"
	"carekiosk/store"
)

// fixedKeyStore gives the station a fixed signing key, so the screens that
// show its fingerprint are the same at every run.
type fixedKeyStore struct{ *store.Store }

func (s fixedKeyStore) Secret(ctx context.Context, name string) ([]byte, error) {
	if name == "station-signing-key" {
		seed := make([]byte, 32)
		for i := range seed {
			seed[i] = byte(i + 1)
		}
		return seed, nil
	}
	return s.Store.Secret(ctx, name)
}

// StationKey and WriteStationKey back the station key screen with the
// export package, as the kiosk command does.
func (e testExporter) StationKey(ctx context.Context) (StationKeyInfo, error) {
	k, err := export.StationKeyOf(ctx, fixedKeyStore{e.st})
	return StationKeyInfo{Fingerprint: k.Fingerprint, Unit: k.Unit, Station: k.Station, FileName: k.FileName}, err
}

func (e testExporter) WriteStationKey(ctx context.Context, dir string) (string, bool, error) {
	k, err := export.StationKeyOf(ctx, fixedKeyStore{e.st})
	if err != nil {
		return "", false, err
	}
	return export.WriteStationKey(dir, k)
}

// keyFileIDRe is the end of the station id in the key file's name.
var keyFileIDRe = regexp.MustCompile(`_[0-9a-f]{6}\.pub`)

// ReadOnlySticks lists the sticks mounted read-only.
func (e testExporter) ReadOnlySticks() ([]string, error) { return e.readOnly, nil }

// openStationKey opens settings behind the PIN and there the station's key.
func openStationKey(t *testing.T, st *store.Store, dir string, ex testExporter, w, h int) (*kiosk, export.StationKey) {
	t.Helper()
	k, err := export.StationKeyOf(context.Background(), fixedKeyStore{st})
	if err != nil {
		t.Fatal(err)
	}
	m := New(Options{Store: st, Clock: fixedClock(screenNow), URL: fixedURL{}, DataDir: dir, Exporter: ex})
	ki := startModel(t, m, w, h)
	ki.waitFor(fixtureSession)
	ki.keys("s")
	ki.waitFor("设置需要指导员 PIN")
	ki.keys(demo.PIN, "enter")
	ki.waitFor("新 PIN")
	if h >= 24 {
		ki.waitFor("ctrl+k  本站公钥（交给县妇计中心）")
	}
	ki.tm.Send(tea.KeyPressMsg{Code: 'k', Mod: tea.ModCtrl})
	return ki, k
}

// TestStationKeyScreen: ctrl+k in settings shows the station's fingerprint
// (the one `carekiosk county register` prints) in large groups, w writes
// the file `carekiosk pubkey` prints onto the stick, and w again finds the
// same file there and says so.
func TestStationKeyScreen(t *testing.T) {
	for _, sz := range [][2]int{{80, 24}, {80, 16}} {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			st, dir := copyStore(t, advancingClock(screenNow))
			stick := t.TempDir()
			ki, key := openStationKey(t, st, dir, testExporter{st: st, targets: []string{stick}}, sz[0], sz[1])
			groups := strings.Join(strings.Split(key.Fingerprint, "-"), "  ")
			screen := ki.waitFor("本站公钥（交给县妇计中心）", groups, "< "+stick+" >", key.FileName)
			checkFits(t, ki.view(), sz[0], sz[1])
			if !strings.Contains(screen, "###") {
				t.Errorf("no large fingerprint:\n%s", screen)
			}
			// The station id, and so the file name's end, differs at each run.
			screen = keyFileIDRe.ReplaceAllString(replaceAll(screen, stick, "/media/U盘"), "_xxxxxx.pub")
			golden.RequireEqual(t, []byte(trimLines(normalize(screen))))
			ki.keys("w")
			ki.waitFor("公钥文件已写到U盘：" + key.FileName)
			b, err := os.ReadFile(filepath.Join(stick, key.FileName))
			if err != nil || string(b) != key.Text {
				t.Fatalf("the stick holds %q (%v), want %q", b, err, key.Text)
			}
			ki.keys("w")
			ki.waitFor("U盘上已有这个公钥文件，内容相同")
			checkFits(t, ki.view(), sz[0], sz[1])
		})
	}
}

// TestStationKeyNoStickOrOtherFile: without a stick the screen says to plug
// one in, with a read-only one that it is read-only, and w writes nothing; a
// different file of the same name on the
// stick is not overwritten, and the screen says why.
func TestStationKeyNoStickOrOtherFile(t *testing.T) {
	st, dir := copyStore(t, advancingClock(screenNow))
	ki, _ := openStationKey(t, st, dir, testExporter{st: st}, 80, 24)
	ki.waitFor("没有找到U盘：请插上U盘")
	ki.keys("w")
	ki.waitFor("没有找到U盘，公钥文件没有写入")

	ki, _ = openStationKey(t, st, dir, testExporter{st: st, readOnly: []string{"/media/carekiosk/LOCKED"}}, 80, 24)
	ki.waitFor("U盘是只读的，不能写入（/media/carekiosk/LOCKED）")
	ki.keys("w")
	ki.waitFor("U盘是只读的，公钥文件没有写入")

	stick := t.TempDir()
	ki, key := openStationKey(t, st, dir, testExporter{st: st, targets: []string{stick}}, 80, 24)
	os.WriteFile(filepath.Join(stick, key.FileName), []byte("another key\n"), 0o600)
	ki.waitFor(key.FileName)
	ki.keys("w")
	ki.waitFor("没有覆盖。请先把它移走或改名")
	if b, _ := os.ReadFile(filepath.Join(stick, key.FileName)); string(b) != "another key\n" {
		t.Errorf("the other file was overwritten: %q", b)
	}
}
