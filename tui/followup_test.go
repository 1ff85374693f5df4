package tui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"

	"carekiosk/demo"
	"carekiosk/export"
	"carekiosk/model"
	"carekiosk/store"
)

// printingExporter is the test exporter that also writes the invitation
// list, as the kiosk command's does.
type printingExporter struct{ testExporter }

func (printingExporter) PrintFollowUp(dir string, fu model.FollowUp, station string, now time.Time, loc *time.Location) (string, error) {
	return export.WriteFollowUpFile(dir, fu, station, now, loc)
}

// dueToday lists the children due for the fixture's session as the store
// sees them.
func dueToday(t *testing.T, st *store.Store) []model.DueChild {
	t.Helper()
	today := model.MustDate("2026-11-22")
	due, err := st.FamiliesDue(context.Background(), model.AgeBand{Min: 7, Max: 9}, today, model.InviteNotSince(today), 500)
	if err != nil || len(due) < 2 {
		t.Fatalf("due: %d, %v", len(due), err)
	}
	return due
}

// Home names no child without the PIN; i and the PIN open the follow-up
// with full phone numbers; space marks a family 已通知 (stored); p writes
// the list onto the USB stick; esc shows home's short list by name.
func TestFollowUpScreen(t *testing.T) {
	st, dir := copyStore(t, advancingClock(screenNow))
	due := dueToday(t, st)
	first := due[0]
	usb := t.TempDir()
	m := New(Options{Store: st, Clock: fixedClock(screenNow), URL: fixedURL{}, DataDir: dir, Exporter: printingExporter{testExporter{st: st, targets: []string{usb}}}})
	k := startModel(t, m, 80, 24)
	home := k.waitFor(fixtureSession, fmt.Sprintf("待邀请的家庭 %d 户 (7-9月龄 2026-11-22)", len(due)), "按 i 查看")
	for _, d := range due {
		if strings.Contains(home, d.Child.Name) || strings.Contains(home, model.MaskName(d.Child.Name)) {
			t.Fatalf("home shows %s without the PIN:\n%s", d.Child.Name, home)
		}
	}
	k.keys("i")
	k.waitFor("待邀请的家庭名单需要指导员 PIN")
	k.keys(demo.PIN, "enter")
	phone := first.Family.Caregivers[0].Phone
	k.waitFor("邀请参加：", fixtureSession, "> [ ]  "+first.Child.Name, phone, fmt.Sprintf("待邀请 %d（已通知 0）", len(due)))
	k.keys("space")
	k.waitFor("> [x]  "+first.Child.Name, "（已通知 1）")
	sess := sessionByTitle(t, st, fixtureSession)
	marks, err := st.Invitations(context.Background(), sess.ID)
	if _, ok := marks[first.Family.ID]; err != nil || len(marks) != 1 || !ok {
		t.Fatalf("stored marks: %v %v", marks, err)
	}
	k.keys("p")
	k.waitFor("邀请名单已保存：")
	files, _ := filepath.Glob(filepath.Join(usb, "邀请名单_2026-11-22_*.xlsx"))
	if len(files) != 1 {
		t.Fatalf("list on the stick: %v", files)
	}
	if fi, err := os.Stat(files[0]); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("list file: %v %v", fi, err)
	}
	k.keys("tab")
	k.waitFor("进入月龄段")
	k.keys("tab")
	k.waitFor("来过的日期")
	k.keys("esc")
	k.waitFor(fixtureSession, first.Child.Name)
	// Marks are taken back with space too.
	k.keys("i")
	k.waitFor("> [x]  " + first.Child.Name)
	k.keys("space")
	k.waitFor("（已通知 0）")
}

// TestFollowUpScreens renders the follow-up's three lists at 80x24, 80x16
// and 120x40 and compares them with the goldens.
func TestFollowUpScreens(t *testing.T) {
	for _, sz := range [][2]int{{80, 24}, {80, 16}, {120, 40}} {
		for list, want := range []string{"上次参加", "进入月龄段", "来过的日期"} {
			t.Run(fmt.Sprintf("list%d_%dx%d", list, sz[0], sz[1]), func(t *testing.T) {
				st, dir := copyStore(t, advancingClock(screenNow))
				k := startKiosk(t, st, dir, sz[0], sz[1], screenNow)
				k.waitFor(fixtureSession)
				k.keys("i")
				k.waitFor("需要指导员 PIN")
				k.keys(demo.PIN, "enter")
				k.waitFor("邀请参加：")
				for range list {
					k.keys("tab")
				}
				k.waitFor(want)
				screen := k.view()
				checkFits(t, screen, sz[0], sz[1])
				golden.RequireEqual(t, []byte(normalize(screen)))
			})
		}
	}
}
