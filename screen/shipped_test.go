package screen

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"carekiosk/model"
	"carekiosk/store"
)

// shippedEnv turns on TestShippedScreen: it needs cage, foot, sway, grim and
// zbarimg, and takes about ten seconds per display.
const shippedEnv = "CAREKIOSK_SCREEN_TEST"

// The displays the boxes have: 7" and 10" panels, HD and full-HD monitors.
var displays = []Mode{{800, 480}, {1024, 600}, {1280, 720}, {1920, 1080}}

// TestShippedScreen runs the kiosk as the box does — cage -d -- carekiosk
// screen — on a headless Wayland display of each size (sway with the pixman
// renderer stands for the monitor: cage runs in it as on a screen of that
// size), as a user that is not root, on a demo year with a session open for
// check-in. For each display it decodes the QR code from a screenshot and
// checks the Chinese is drawn with the CJK font: the same screen with the CJK
// fonts hidden from fontconfig differs in the rows that hold Chinese.
// Screenshots go to $CAREKIOSK_SCREENSHOTS when set.
func TestShippedScreen(t *testing.T) {
	if os.Getenv(shippedEnv) == "" {
		t.Skip("set " + shippedEnv + "=1 to run the kiosk in cage + foot")
	}
	for _, tool := range []string{"cage", "foot", "sway", "grim", "zbarimg"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is not installed", tool)
		}
	}
	h := newHarness(t)
	// The QR holds the phone page's short address: /C/ and ten base32
	// capitals, so any LAN address makes a small code.
	checkinURL := regexp.MustCompile(`^http://[^/]+/C/[A-Z2-7]{10}$`)
	for _, d := range displays {
		t.Run(fmt.Sprintf("%dx%d", d.Width, d.Height), func(t *testing.T) {
			shot, url := h.run(t, d, false)
			if !checkinURL.MatchString(url) {
				t.Errorf("QR code holds %q, not a check-in address", url)
			}
			bare, _ := h.run(t, d, true)
			rows := chineseRows(shot, bare, FontFor(d.Width, d.Height))
			if rows < 3 {
				t.Errorf("only %d rows change without the CJK font: Chinese is not drawn", rows)
			}
		})
	}
}

// harness holds what every run shares: the binary, the demo data, the user.
type harness struct {
	bin, data, shots string
	now              string
	cred             *syscall.Credential
	home             string
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	dir, err := os.MkdirTemp("", "carekiosk-screen")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	os.Chmod(dir, 0o755)
	h := &harness{bin: filepath.Join(dir, "carekiosk"), data: filepath.Join(dir, "data"), home: dir}
	if out, err := exec.Command("go", "build", "-o", h.bin, "../cmd/carekiosk").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	demoNow := "2026-11-30 10:00"
	cmd := exec.Command(h.bin, "demo", "--data", h.data)
	cmd.Env = append(os.Environ(), "CAREKIOSK_NOW="+demoNow)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("demo: %v\n%s", err, out)
	}
	h.now = openPlanned(t, h.data, time.Date(2026, 11, 30, 2, 0, 0, 0, time.UTC))
	h.shots = os.Getenv("CAREKIOSK_SCREENSHOTS")
	if h.shots == "" {
		h.shots = filepath.Join(dir, "shots")
	}
	os.MkdirAll(h.shots, 0o755)
	if os.Geteuid() == 0 {
		// The box runs the screen as its own user, never root.
		u, err := user.Lookup("nobody")
		if err != nil {
			t.Fatal(err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		h.cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
		filepath.Walk(dir, func(p string, _ os.FileInfo, _ error) error { return os.Lchown(p, uid, gid) })
	}
	return h
}

// openPlanned opens the demo's next planned session for check-in and
// returns a moment on its day for the kiosk's clock.
func openPlanned(t *testing.T, dir string, now time.Time) string {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(dir, store.Options{Clock: model.StartingAt(now)})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	planned, err := st.Sessions(ctx, model.SessionFilter{States: []model.SessionState{model.StatePlanned}, Limit: 1})
	if err != nil || len(planned) == 0 {
		t.Fatalf("no planned session in the demo: %v", err)
	}
	s := planned[0]
	if _, err := st.AdvanceSession(ctx, s.ID, model.StateOpen); err != nil {
		t.Fatal(err)
	}
	// A free port for the phone server: 8080 may be taken on a shared machine.
	l, err := net.Listen("tcp", ":0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	set, err := st.Settings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	set.Listen = ":" + strconv.Itoa(port)
	if err := st.SaveSettings(ctx, set); err != nil {
		t.Fatal(err)
	}
	return s.Date.String() + " 09:30"
}

// run shows the kiosk on a display of size d until its QR code decodes (or
// 30 s pass) and returns the screenshot and the code's text. noCJK hides
// every font but DejaVu from fontconfig.
func (h *harness) run(t *testing.T, d Mode, noCJK bool) (image.Image, string) {
	t.Helper()
	rt, err := os.MkdirTemp("", "carekiosk-xdg")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(rt)
	os.Chmod(rt, 0o700)
	if h.cred != nil {
		os.Chown(rt, int(h.cred.Uid), int(h.cred.Gid))
	}
	conf := filepath.Join(rt, "sway.conf")
	os.WriteFile(conf, []byte(fmt.Sprintf("output HEADLESS-1 mode --custom %dx%d\ndefault_border none\nxwayland disable\n", d.Width, d.Height)), 0o644)
	env := []string{
		"PATH=" + os.Getenv("PATH"), "HOME=" + h.home, "LANG=C.UTF-8",
		"XDG_RUNTIME_DIR=" + rt, "WLR_RENDERER=pixman", "WLR_LIBINPUT_NO_DEVICES=1",
	}
	if noCJK {
		fc := filepath.Join(rt, "fonts.conf")
		os.WriteFile(fc, []byte(`<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig><dir>/usr/share/fonts/truetype/dejavu</dir><cachedir>`+rt+`/fc</cachedir></fontconfig>`), 0o644)
		env = append(env, "FONTCONFIG_FILE="+fc)
	}
	start := func(name string, args []string, extra ...string) *exec.Cmd {
		c := exec.Command(name, args...)
		c.Env = append(append([]string{}, env...), extra...)
		c.SysProcAttr = &syscall.SysProcAttr{Credential: h.cred, Setpgid: true}
		var log bytes.Buffer
		c.Stdout, c.Stderr = &log, &log
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			syscall.Kill(-c.Process.Pid, syscall.SIGTERM)
			c.Wait()
			if t.Failed() {
				t.Logf("%s:\n%s", name, log.String())
			}
		})
		return c
	}
	start("sway", []string{"-c", conf}, "WLR_BACKENDS=headless")
	outer := waitSocket(t, rt, "")
	start("cage", []string{"-d", "--", h.bin, "screen", "--data", h.data}, "WLR_BACKENDS=wayland", "WAYLAND_DISPLAY="+outer, "CAREKIOSK_NOW="+h.now)
	inner := waitSocket(t, rt, outer)
	name := fmt.Sprintf("%dx%d", d.Width, d.Height)
	if noCJK {
		name += "-nocjk"
	}
	path := filepath.Join(h.shots, name+".png")
	grab := func() error {
		g := exec.Command("grim", "-")
		g.Env = append(append([]string{}, env...), "WAYLAND_DISPLAY="+inner)
		g.SysProcAttr = &syscall.SysProcAttr{Credential: h.cred}
		png, err := g.Output()
		if err != nil {
			return err
		}
		return os.WriteFile(path, png, 0o644)
	}
	deadline := time.Now().Add(30 * time.Second)
	var url string
	for time.Now().Before(deadline) {
		time.Sleep(time.Second)
		if err := grab(); err != nil {
			continue
		}
		out, err := exec.Command("zbarimg", "--quiet", "--raw", path).Output()
		if err == nil {
			url = strings.TrimSpace(string(out))
			break
		}
		if noCJK && time.Now().After(deadline.Add(-20*time.Second)) {
			break // without the CJK font the code may not fit where it did
		}
	}
	img := readPNG(t, path)
	if b := img.Bounds(); b.Dx() != d.Width || b.Dy() != d.Height {
		t.Errorf("screenshot is %dx%d", b.Dx(), b.Dy())
	}
	if url == "" && !noCJK {
		t.Errorf("no QR code decoded from %s", path)
	}
	return img, url
}

// waitSocket waits for a Wayland socket in dir other than not.
func waitSocket(t *testing.T, dir, not string) string {
	t.Helper()
	for i := 0; i < 100; i++ {
		m, _ := filepath.Glob(filepath.Join(dir, "wayland-*"))
		for _, p := range m {
			if n := filepath.Base(p); !strings.HasSuffix(n, ".lock") && n != not {
				return n
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("no Wayland socket appeared in %s", dir)
	return ""
}

func readPNG(t *testing.T, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// chineseRows counts the terminal rows where the screen drawn with the CJK
// font differs from the one drawn without it: rows holding Chinese.
func chineseRows(a, b image.Image, f Font) int {
	n := 0
	for row := 0; row < f.Rows; row++ {
		diff := 0
		for y := row * f.LineHeight; y < (row+1)*f.LineHeight && y < a.Bounds().Dy(); y++ {
			for x := 0; x < a.Bounds().Dx(); x++ {
				r1, g1, b1, _ := a.At(x, y).RGBA()
				r2, g2, b2, _ := b.At(x, y).RGBA()
				if r1 != r2 || g1 != g2 || b1 != b2 {
					diff++
				}
			}
		}
		if diff > 50 {
			n++
		}
	}
	return n
}
