package checkin

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	qrcode "github.com/skip2/go-qrcode"

	"carekiosk/model"
)

func TestTokenRoundTrip(t *testing.T) {
	key := deriveKeys([]byte("secret")).token
	sid := "019a8b2c-3d4e-7f00-8123-456789abcdef"
	tok := encodeToken(key, sid, testNow)
	if len(tok) != tokenChars || normToken(tok) != tok {
		t.Fatalf("token %q: want %d base32 capitals", tok, tokenChars)
	}
	cases := []struct {
		at   time.Duration
		want bool
	}{{0, true}, {TokenStep, true}, {2 * TokenStep, false}, {-TokenStep, false}, {10 * time.Minute, false}}
	// Align to the start of the step so the offsets are whole steps.
	start := time.Unix(step(testNow)*int64(TokenStep/time.Second), 0)
	for _, c := range cases {
		if ok := tokenValid(key, sid, tok, start.Add(c.at)); ok != c.want {
			t.Errorf("at +%v: valid=%v, want %v", c.at, ok, c.want)
		}
	}
	// Typed by hand in small letters it is the same token.
	if normToken(strings.ToLower(tok)) != tok {
		t.Fatal("a token typed in small letters is refused")
	}
	// Another key's or another session's token is refused.
	if tokenValid(deriveKeys([]byte("other")).token, sid, tok, testNow) || tokenValid(key, "019a8b2c-3d4e-7f00-8123-456789abcde0", tok, testNow) {
		t.Fatal("token accepted under another key or for another session")
	}
	for _, bad := range []string{"", "x", tok[:tokenChars-1], tok + "A", "ABCDEFGH1A", "...", strings.Repeat("z", 300)} {
		if normToken(bad) != "" {
			t.Errorf("garbage token %q taken", bad)
		}
	}
}

func TestQRURLIsShort(t *testing.T) {
	e := newEnv(t, Options{})
	e.srv.opt.PublicBase = "http://192.168.100.200:8080"
	u := e.srv.URL(e.sess.ID)
	if !strings.HasPrefix(u, "http://192.168.100.200:8080/C/") {
		t.Fatalf("QR URL %q (%d characters)", u, len(u))
	}
	// The longest LAN address still makes a version 2 code (25 modules),
	// which an 80x16 screen shows.
	q, err := qrcode.New(u, qrcode.Low)
	if err != nil {
		t.Fatal(err)
	}
	q.DisableBorder = true
	if n := len(q.Bitmap()); n > 25 {
		t.Fatalf("QR URL %q makes a code of %d modules, want 25", u, n)
	}
	// Typed by hand in small letters, it works too.
	if code, body := e.phone().get(e.ts.URL + "/c/" + strings.ToLower(strings.TrimPrefix(u, "http://192.168.100.200:8080/C/"))); code != http.StatusOK || !strings.Contains(body, `name="name1"`) {
		t.Fatalf("typed address refused: %d", code)
	}
	// The URL changes with the step and the previous one still works.
	e.srv.opt.PublicBase = e.ts.URL
	first := e.srv.URL(e.sess.ID)
	e.clock.advance(TokenStep)
	if e.srv.URL(e.sess.ID) == first {
		t.Fatal("the token did not rotate")
	}
	if code, body := e.phone().get(first); code != http.StatusOK || !strings.Contains(body, `name="name1"`) {
		t.Fatalf("previous step refused: %d", code)
	}
}

func TestScanRefusals(t *testing.T) {
	e := newEnv(t, Options{})
	ctx := context.Background()
	closed := e.newSession("上一次活动", band1318(), true)
	if _, err := e.st.UpdateSummary(ctx, closed.ID, model.Summary{Handover: "顺利"}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.st.CloseSession(ctx, closed.ID); err != nil {
		t.Fatal(err)
	}
	planned := e.newSession("下周活动", band1318(), false)
	e.newSession("另一场活动", band1318(), true) // a second open session the tokens must not be confused with

	stale := e.srv.URL(e.sess.ID)
	staleClosed := e.srv.URL(closed.ID)
	freshClosed := func() string { return e.srv.URL(closed.ID) }
	// A token of another station (another key) for this session.
	foreign := e.ts.URL + qrPath + encodeToken(deriveKeys([]byte("another station")).token, e.sess.ID, e.srv.now())

	cases := []struct {
		name string
		url  func() string
		code int
		want string
	}{
		{"expired after a minute", func() string { e.clock.advance(2 * TokenStep); return stale }, http.StatusGone, "二维码已过期"},
		{"closed session, fresh token", freshClosed, http.StatusGone, "本次活动已结束"},
		{"closed session, old photo", func() string { return staleClosed }, http.StatusGone, "本次活动已结束"},
		{"planned session", func() string { return e.srv.URL(planned.ID) }, http.StatusConflict, "还没有开始签到"},
		{"another station's token", func() string { return foreign }, http.StatusGone, "二维码已过期"},
		{"unknown session", func() string {
			return e.ts.URL + qrPath + encodeToken(e.srv.keys.token, "019a8b2c-3d4e-7f00-8123-456789abcdef", e.srv.now())
		}, http.StatusGone, "二维码已过期"},
		{"garbage", func() string { return e.ts.URL + "/c/%00%ff" }, http.StatusGone, "二维码已过期"},
		{"no token", func() string { return e.ts.URL + "/f" }, http.StatusForbidden, "请扫码签到"},
		{"other paths", func() string { return e.ts.URL + "/admin" }, http.StatusNotFound, "找不到这个页面"},
	}
	for _, c := range cases {
		p := e.phone()
		code, body := p.get(c.url())
		if code != c.code || !strings.Contains(body, c.want) || strings.Contains(body, `name="name1"`) {
			t.Errorf("%s: %d, want %d with %q\n%s", c.name, code, c.code, c.want, body)
		}
		if u, _ := url.Parse(e.ts.URL); len(p.c.Jar.Cookies(u)) != 0 {
			t.Errorf("%s: a refused scan set a cookie", c.name)
		}
	}
}

func TestPassKeepsSlowFamilyAndBindsSession(t *testing.T) {
	e := newEnv(t, Options{})
	p := e.phone()
	resp, err := p.c.Get(e.srv.URL(e.sess.ID))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	var pass *http.Cookie
	for _, c := range resp.Cookies() {
		if c.Name == passCookie {
			pass = c
		}
	}
	if pass == nil || !pass.HttpOnly || pass.SameSite != http.SameSiteStrictMode || pass.Path != "/" {
		t.Fatalf("pass cookie: %+v", pass)
	}
	page := p.scan(e.sess.ID)
	// Twenty minutes of typing: the token is long gone, the pass is not.
	e.clock.advance(20 * time.Minute)
	code, body := p.post("/f", fullForm(page))
	if code != http.StatusOK || len(seqs(body)) != 1 {
		t.Fatalf("slow family refused: %d\n%s", code, body)
	}

	// A page of one session posted with a pass for another.
	other := e.newSession("另一场活动", band1318(), true)
	p2 := e.phone()
	pageA := p2.scan(e.sess.ID)
	p2.scan(other.ID)
	v := fullForm(pageA)
	v.Set("name1", "赵一")
	code, body = p2.post("/f", v)
	if code != http.StatusConflict || !strings.Contains(body, "请重新扫码") {
		t.Fatalf("cross-session post: %d\n%s", code, body)
	}
	// No pass at all.
	p3 := e.phone()
	v.Set("name1", "钱二")
	code, body = p3.post("/f", v)
	if code != http.StatusForbidden || !strings.Contains(body, "请扫码签到") {
		t.Fatalf("post without pass: %d\n%s", code, body)
	}
	// The pass ends after passLife.
	e.clock.advance(passLife)
	v = fullForm(p.scan(e.sess.ID))
	e.clock.advance(passLife + time.Minute)
	v.Set("name1", "孙三")
	if code, _ := p.post("/f", v); code != http.StatusForbidden {
		t.Fatalf("expired pass accepted: %d", code)
	}
	if n := len(e.signIns(e.sess.ID)); n != 1 {
		t.Fatalf("stored %d sign-ins, want 1", n)
	}
	if n := len(e.signIns(other.ID)); n != 0 {
		t.Fatalf("other session has %d sign-ins", n)
	}
}

func TestFamilyCookieHoldsNoData(t *testing.T) {
	e := newEnv(t, Options{})
	p := e.phone()
	page := p.scan(e.sess.ID)
	req, _ := http.NewRequest("POST", e.ts.URL+"/f", strings.NewReader(fullForm(page).Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := p.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	var fam *http.Cookie
	for _, c := range resp.Cookies() {
		if c.Name == familyCookie {
			fam = c
		}
	}
	if fam == nil || !fam.HttpOnly || fam.SameSite != http.SameSiteStrictMode {
		t.Fatalf("family cookie: %+v", fam)
	}
	for _, secret := range []string{"王", "13812345678", "5678", "2025", "妈妈", url.QueryEscape("王")} {
		if strings.Contains(fam.Value, secret) {
			t.Fatalf("family cookie %q holds %q", fam.Value, secret)
		}
	}
	// A forged or altered cookie is ignored: the full form is shown.
	ref, ok := checkFamily(e.srv.keys.family, fam.Value)
	if !ok || ref.FamilyID == "" {
		t.Fatalf("cookie does not verify: %q", fam.Value)
	}
	u, _ := url.Parse(e.ts.URL)
	p.c.Jar.SetCookies(u, []*http.Cookie{{Name: familyCookie, Value: fam.Value[:len(fam.Value)-2] + "xx", Path: "/"}})
	next := e.newSession("第二次", band1318(), true)
	if page := p.scan(next.ID); !strings.Contains(page, `name="name1"`) || strings.Contains(page, "王小明") {
		t.Fatal("a forged family cookie was trusted")
	}
}
