package checkin

import (
	"bytes"
	"context"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"carekiosk/internal/browsertest"
)

// TestBrowserCheckIn drives headless Chromium at a 5-inch phone's size: a
// new family scans, types in Chinese, signs with a finger and gets its 序号;
// at the next session the phone checks in with one tap and a new signature;
// a phone with JavaScript off checks in with a typed name. The kiosk's
// subscription receives every sign-in, and the page asks for nothing from
// anywhere but the kiosk.
func TestBrowserCheckIn(t *testing.T) {
	e := newEnv(t, Options{})
	changes, cancelSub := e.st.Subscribe()
	defer cancelSub()
	shots := browsertest.ShotDir(t, "CHECKIN_SCREENSHOTS")

	ctx := browsertest.Context(t, 90*time.Second)

	var mu sync.Mutex
	var requested []string
	if err := chromedp.Listen(ctx, func(ev any) {
		if r, ok := ev.(*network.EventRequestWillBeSent); ok {
			mu.Lock()
			requested = append(requested, r.Request.URL)
			mu.Unlock()
		}
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	phoneView := chromedp.EmulateViewport(360, 640, chromedp.EmulateScale(2), chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulatePortrait)

	// 1. A new family.
	err := chromedp.Do(ctx,
		phoneView,
		chromedp.Navigate(e.srv.URL(e.sess.ID)),
		chromedp.WaitVisible(`#sigc`),
		chromedp.SendKeys(`input[name="name1"]`, "王小明"),
		chromedp.SetValue(`input[name="birth1"]`, "2025-09-10"),
		chromedp.SendKeys(`form[action="/f"] input[name="phone"]`, "138 1234 567"), // a digit short
		chromedp.Click(`input[name="rel"][value="妈妈"]`),
		chromedp.Click(`input[name="consent"]`),
	)
	if err != nil {
		t.Fatal(err)
	}
	drawSignature(t, ctx)
	saveShot(t, ctx, filepath.Join(shots, "checkin-form.png"))
	// The mistake is explained and nothing typed or drawn is lost.
	if err := chromedp.Do(ctx, chromedp.Click(`button.go`), chromedp.WaitVisible(`div.errs`)); err != nil {
		t.Fatal(err)
	}
	if msg := text(t, ctx, `div.errs`); !strings.Contains(msg, "手机号码应为 11 位数字，以 1 开头") {
		t.Fatalf("error box: %q", msg)
	}
	for sel, want := range map[string]string{`input[name="name1"]`: "王小明", `input[name="birth1"]`: "2025-09-10", `form[action="/f"] input[name="phone"]`: "138 1234 567"} {
		if v, err := chromedp.Run(ctx, chromedp.Value(sel)); err != nil || v != want {
			t.Fatalf("%s after the error: %q %v", sel, v, err)
		}
	}
	kept, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector('input[name="consent"]').checked && document.querySelector('input[value="妈妈"]').checked && document.getElementById('sig').value.length > 1000`))
	if err != nil || !kept {
		t.Fatalf("consent, relation or signature lost after the error: %v", err)
	}
	if n := len(e.signIns(e.sess.ID)); n != 0 {
		t.Fatalf("%d sign-ins stored by a refused form", n)
	}
	saveShot(t, ctx, filepath.Join(shots, "checkin-error.png"))
	err = chromedp.Do(ctx, chromedp.Clear(`form[action="/f"] input[name="phone"]`), chromedp.SendKeys(`form[action="/f"] input[name="phone"]`, "138 1234 5678"),
		chromedp.Click(`button.go`), chromedp.WaitVisible(`ul.seqs`))
	if err != nil {
		t.Fatal(err)
	}
	done := text(t, ctx, `main`)
	if !strings.Contains(done, "签到成功") || !strings.Contains(done, "序号 1") || !strings.Contains(done, "王小明 · 14月龄") || !strings.Contains(done, "辅食添加与进餐习惯") {
		t.Fatalf("confirmation:\n%s", done)
	}
	saveShot(t, ctx, filepath.Join(shots, "checkin-done.png"))

	// 2. The same phone at the next session: one tap and a new signature.
	next := e.newSession("回应性照护：读懂宝宝的信号", band1318(), true)
	if err := chromedp.Do(ctx, chromedp.Navigate(e.srv.URL(next.ID)), chromedp.WaitVisible(`#sigc`)); err != nil {
		t.Fatal(err)
	}
	if btn := text(t, ctx, `button.go`); btn != "王小明 · 14月龄 — 签到" {
		t.Fatalf("one-tap button reads %q", btn)
	}
	// Grandma brought the child with mum's phone: 妈妈 is ticked, she
	// taps 奶奶.
	if who, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('input[name="rel"]:checked').value`)); err != nil || who != "妈妈" {
		t.Fatalf("relation ticked on the one-tap page: %q %v", who, err)
	}
	if err := chromedp.Do(ctx, chromedp.Click(`input[name="rel"][value="奶奶"]`)); err != nil {
		t.Fatal(err)
	}
	if who, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('input[name="rel"]:checked').value`)); err != nil || who != "奶奶" {
		t.Fatalf("relation after tapping 奶奶: %q %v", who, err)
	}
	// Mum agreed to the notice, grandma did not: it shows again for her.
	if err := chromedp.Do(ctx, chromedp.WaitVisible(`input[name="consent"]`), chromedp.Click(`input[name="consent"]`)); err != nil {
		t.Fatal(err)
	}
	drawSignature(t, ctx)
	saveShot(t, ctx, filepath.Join(shots, "checkin-onetap.png"))
	if err := chromedp.Do(ctx, chromedp.Click(`button.go`), chromedp.WaitVisible(`ul.seqs`)); err != nil {
		t.Fatal(err)
	}
	if done := text(t, ctx, `main`); !strings.Contains(done, "序号 1") || !strings.Contains(done, "回应性照护") {
		t.Fatalf("one-tap confirmation:\n%s", done)
	}

	// 3. Another family's phone with JavaScript off: the typed name signs.
	if _, err := chromedp.Call(ctx, network.ClearBrowserCookies, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	err = chromedp.Do(ctx,
		chromedp.Navigate(e.srv.URL(next.ID)),
		chromedp.WaitVisible(`input[name="name1"]`),
		chromedp.WaitNotVisible(`#sigc`),
		chromedp.SendKeys(`input[name="name1"]`, "赵小宝"),
		chromedp.SendKeys(`input[name="months1"]`, "20"),
		chromedp.SendKeys(`form[action="/f"] input[name="phone"]`, "13987654321"),
		chromedp.Click(`input[name="rel"][value="奶奶"]`),
		chromedp.Click(`input[name="consent"]`),
		chromedp.SendKeys(`input[name="signed"]`, "钱桂英"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if label := text(t, ctx, `fieldset.sign label`); !strings.Contains(label, "请输入您的姓名作为签名") || strings.Contains(label, "无法手写时") {
		t.Fatalf("no-JS signature label: %q", label)
	}
	saveShot(t, ctx, filepath.Join(shots, "checkin-nojs.png"))
	if err := chromedp.Do(ctx, chromedp.Click(`button.go`), chromedp.WaitVisible(`ul.seqs`)); err != nil {
		t.Fatal(err)
	}
	if done := text(t, ctx, `main`); !strings.Contains(done, "序号 2") || !strings.Contains(done, "赵小宝 · 20月龄") {
		t.Fatalf("no-JS confirmation:\n%s", done)
	}

	// The kiosk received all three, and the store has them.
	got := 0
	for got < 3 {
		select {
		case c := <-changes:
			got += len(c.SignIns)
		case <-time.After(5 * time.Second):
			t.Fatalf("the kiosk saw %d of 3 sign-ins", got)
		}
	}
	first, second := e.signIns(e.sess.ID), e.signIns(next.ID)
	if len(first) != 1 || len(second) != 2 {
		t.Fatalf("stored %d and %d sign-ins", len(first), len(second))
	}
	if second[0].ChildID != first[0].ChildID || second[0].FamilyID != first[0].FamilyID || second[1].SignedName != "钱桂英" || len(second[1].SignaturePNG) != 0 {
		t.Fatalf("stored: %+v / %+v", first[0], second)
	}
	for _, si := range []int{0, 1} {
		sig := []byte(nil)
		if si == 0 {
			sig = first[0].SignaturePNG
		} else {
			sig = second[0].SignaturePNG
		}
		img, err := png.Decode(bytes.NewReader(sig))
		if err != nil {
			t.Fatalf("signature %d is not a PNG: %v", si, err)
		}
		t.Logf("drawn signature %d: %d bytes, %v", si, len(sig), img.Bounds().Size())
	}
	if first[0].Relation != "妈妈" || second[0].Relation != "奶奶" || second[0].Phone != first[0].Phone || second[0].CaregiverID == first[0].CaregiverID {
		t.Fatalf("relations stored: first %s (caregiver %s), one tap %s (caregiver %s)", first[0].Relation, first[0].CaregiverID, second[0].Relation, second[0].CaregiverID)
	}
	if first[0].ConsentVersion != ConsentVersion || second[0].ConsentVersion != ConsentVersion || second[0].Method != "phone" {
		t.Fatalf("consent/method: %+v", second[0])
	}
	mu.Lock()
	defer mu.Unlock()
	if len(requested) < 6 {
		t.Fatalf("only %d requests seen: %v", len(requested), requested)
	}
	for _, u := range requested {
		if !strings.HasPrefix(u, e.ts.URL+"/") && !strings.HasPrefix(u, "data:") {
			t.Fatalf("the page asked for %s", u)
		}
	}
}

// drawSignature draws a signature on the canvas with touch events, as a finger does,
// and checks that the hidden field now holds a PNG.
func drawSignature(t *testing.T, ctx context.Context) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.ScrollIntoView(`#sigc`)); err != nil {
		t.Fatal(err)
	}
	rect, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`(function(){var r=document.getElementById('sigc').getBoundingClientRect();return [r.left,r.top,r.width,r.height];})()`))
	if err != nil || len(rect) != 4 || rect[2] < 100 {
		t.Fatalf("canvas rect %v: %v", rect, err)
	}
	x0, y0, w, h := rect[0], rect[1], rect[2], rect[3]
	touch := func(typ input.DispatchTouchEventType, pts ...*input.TouchPoint) {
		if pts == nil {
			pts = []*input.TouchPoint{}
		}
		if _, err := chromedp.Call(ctx, input.DispatchTouchEvent, input.DispatchTouchEventParams{Type: typ, TouchPoints: pts}); err != nil {
			t.Fatal(err)
		}
	}
	// Two strokes: a wave and a line under it.
	for s := range 2 {
		y := y0 + h*(0.4+0.3*float64(s))
		touch(input.DispatchTouchEventTypeTouchStart, &input.TouchPoint{X: x0 + w*0.1, Y: y})
		for i := 1; i <= 16; i++ {
			dy := 0.0
			if s == 0 {
				dy = h * 0.15 * float64((i%4)-2) / 2
			}
			touch(input.DispatchTouchEventTypeTouchMove, &input.TouchPoint{X: x0 + w*(0.1+0.05*float64(i)), Y: y + dy})
		}
		touch(input.DispatchTouchEventTypeTouchEnd)
	}
	v, err := chromedp.Run(ctx, chromedp.Value(`#sig`))
	if err != nil || strings.ContainsAny(v, "+/=%") {
		t.Fatalf("signature field after drawing: %.40q %v", v, err)
	}
	if png, bad := decodeSignature(v); bad != nil || len(png) < 1000 {
		t.Fatalf("drawn signature does not decode: %v", bad)
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

func saveShot(t *testing.T, ctx context.Context, path string) {
	t.Helper()
	b, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot %s (%d bytes)", path, len(b))
}
