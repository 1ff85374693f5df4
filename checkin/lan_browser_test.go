package checkin

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"carekiosk/internal/browsertest"
)

// TestBrowserCheckInOverLANAddress submits the form as a phone on the
// station's Wi-Fi does: the page comes from a plain-HTTP address that is not
// loopback (here a host name mapped to the test server), so the browser sends
// no Sec-Fetch-Site header and the cross-origin check has only the Origin
// header to go by. A page whose referrer policy makes that header "null"
// turns every check-in away as a cross-site request.
func TestBrowserCheckInOverLANAddress(t *testing.T) {
	e := newEnv(t, Options{})
	u, err := url.Parse(e.ts.URL)
	if err != nil {
		t.Fatal(err)
	}
	e.srv.opt.PublicBase = "http://kiosk.test:" + u.Port()

	ctx := browsertest.Context(t, 90*time.Second, chromedp.Flag("host-resolver-rules", "MAP kiosk.test 127.0.0.1"))

	err = chromedp.Do(ctx,
		chromedp.EmulateViewport(360, 640, chromedp.EmulateScale(2), chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulatePortrait),
		chromedp.Navigate(e.srv.URL(e.sess.ID)),
		chromedp.WaitVisible(`input[name="signed"]`),
		chromedp.SendKeys(`input[name="name1"]`, "孙小禾"),
		chromedp.SendKeys(`input[name="months1"]`, "15"),
		chromedp.SendKeys(`form[action="/f"] input[name="phone"]`, "13912345678"),
		chromedp.Click(`input[name="rel"][value="外婆"]`),
		chromedp.Click(`input[name="consent"]`),
		chromedp.SendKeys(`input[name="signed"]`, "李秀英"),
		chromedp.Evaluate[chromedp.Void](`window.formPage = true`),
		chromedp.Click(`button.go`),
	)
	if err != nil {
		t.Fatal(err)
	}
	// Wait for the answer page, whatever it says (the old page's context
	// goes away while it loads, so an error here only means "not yet").
	for {
		done, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`!window.formPage && document.readyState === "complete"`))
		if err == nil && done {
			break
		}
		if ctx.Err() != nil {
			t.Fatal("no answer page after submitting the form")
		}
		time.Sleep(50 * time.Millisecond)
	}
	page := text(t, ctx, `main`)
	if !strings.Contains(page, "签到成功") || !strings.Contains(page, "孙小禾 · 15月龄") {
		t.Fatalf("the phone on a LAN address was not signed in; its page says:\n%s", page)
	}
	if n := len(e.signIns(e.sess.ID)); n != 1 {
		t.Fatalf("%d sign-ins stored, want 1", n)
	}
}
