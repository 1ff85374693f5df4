package checkin

import (
	"bytes"
	"context"
	"encoding/base64"
	"html"
	"image"
	"image/color"
	"image/png"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"carekiosk/model"
	"carekiosk/store"
)

// testNow is 09:30 on the session day in Asia/Shanghai.
var testNow = time.Date(2026, 11, 22, 1, 30, 0, 0, time.UTC)

// storeClock reads t and advances a millisecond a call, like the store's tests.
func storeClock(t time.Time) model.Clock {
	var mu sync.Mutex
	return model.Clock{Now: func() time.Time { mu.Lock(); defer mu.Unlock(); t = t.Add(time.Millisecond); return t }}
}

// fakeClock is the server's clock; tests move it to expire tokens.
type fakeClock struct{ off atomic.Int64 }

func (c *fakeClock) clock() model.Clock {
	return model.Clock{Now: func() time.Time { return testNow.Add(time.Duration(c.off.Load())) }}
}
func (c *fakeClock) advance(d time.Duration) { c.off.Add(int64(d)) }

type env struct {
	t     testing.TB
	st    *store.Store
	srv   *Server
	ts    *httptest.Server
	sess  *model.Session
	clock *fakeClock
}

// newEnv opens a store with a unit, station and an open session, and serves
// the check-in handler on a loopback test server.
func newEnv(t testing.TB, opt Options) *env {
	t.Helper()
	st, err := store.Open(t.TempDir(), store.Options{Clock: storeClock(testNow)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ctx := context.Background()
	u, err := st.CreateUnit(ctx, "温溪片卫生院", 2)
	if err != nil {
		t.Fatal(err)
	}
	station, err := st.CreateStation(ctx, "温溪镇社区卫生服务站", u.ID)
	if err != nil {
		t.Fatal(err)
	}
	set := model.DefaultSettings()
	set.UnitID, set.StationID = u.ID, station.ID
	if err := st.SaveSettings(ctx, set); err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, st: st, clock: &fakeClock{}}
	e.sess = e.newSession("辅食添加与进餐习惯", model.AgeBand{Min: 13, Max: 18}, true)
	opt.Clock = e.clock.clock()
	if opt.RateBurst == 0 {
		opt.RateBurst = -1
	}
	e.srv, err = New(st, opt)
	if err != nil {
		t.Fatal(err)
	}
	e.ts = httptest.NewServer(e.srv.Handler())
	t.Cleanup(e.ts.Close)
	e.srv.opt.PublicBase = e.ts.URL
	return e
}

// newSession plans a session on the test day and opens it when open.
func (e *env) newSession(title string, band model.AgeBand, open bool) *model.Session {
	e.t.Helper()
	ctx := context.Background()
	sess, err := e.st.CreateSession(ctx, model.NewSessionInput{Date: model.MustDate("2026-11-22"), Band: band, Title: title, Instructor: "陈医生",
		Areas: []model.ContentArea{model.AreaNutrition}, Planned: [4]string{"", "辅食", "分享", "游戏"}})
	if err != nil {
		e.t.Fatal(err)
	}
	if open {
		if sess, err = e.st.AdvanceSession(ctx, sess.ID, model.StateOpen); err != nil {
			e.t.Fatal(err)
		}
	}
	return sess
}

// signIns returns the session's stored sign-ins.
func (e *env) signIns(sid string) []model.SignIn {
	e.t.Helper()
	out, err := e.st.SignIns(context.Background(), sid)
	if err != nil {
		e.t.Fatal(err)
	}
	return out
}

// phone is one caregiver's browser: a client with its own cookie jar.
type phone struct {
	e *env
	c *http.Client
}

func (e *env) phone() *phone {
	jar, _ := cookiejar.New(nil)
	return &phone{e: e, c: &http.Client{Jar: jar, Transport: e.ts.Client().Transport,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// get fetches a URL (absolute or a path on the test server).
func (p *phone) get(u string) (int, string) {
	p.e.t.Helper()
	if strings.HasPrefix(u, "/") {
		u = p.e.ts.URL + u
	}
	resp, err := p.c.Get(u)
	if err != nil {
		p.e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// post submits a form to a path as the page would (same origin); a form
// with "__raw" set is sent as JSON instead.
func (p *phone) post(path string, v url.Values) (int, string) {
	p.e.t.Helper()
	req, _ := http.NewRequest("POST", p.e.ts.URL+path, strings.NewReader(v.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if v.Get("__raw") != "" { // a script posting something else than a form
		req, _ = http.NewRequest("POST", p.e.ts.URL+path, strings.NewReader(`{"name1":"王小明"}`))
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Origin", p.e.ts.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	resp, err := p.c.Do(req)
	if err != nil {
		p.e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// scan opens the session's current QR URL and returns the form page.
func (p *phone) scan(sid string) string {
	p.e.t.Helper()
	code, body := p.get(p.e.srv.URL(sid))
	if code != http.StatusOK {
		p.e.t.Fatalf("scan: status %d\n%s", code, body)
	}
	return body
}

var hiddenRe = regexp.MustCompile(`<input type="hidden" name="([a-z]+)" (?:id="[a-z]+" )?value="([^"]*)">`)

// hidden returns the hidden fields of a page.
func hidden(page string) url.Values {
	v := url.Values{}
	for _, m := range hiddenRe.FindAllStringSubmatch(page, -1) {
		v.Set(m[1], html.UnescapeString(m[2]))
	}
	return v
}

// fullForm is a valid new-family submission built on a page's hidden fields.
func fullForm(page string) url.Values {
	v := hidden(page)
	v.Set("mode", "new")
	v.Set("name1", "王小明")
	v.Set("birth1", "2025-09-10")
	v.Set("phone", "138 1234 5678")
	v.Set("rel", "妈妈")
	v.Set("consent", ConsentVersion)
	v.Set("sig", signatureURL())
	return v
}

// signatureURL is a small drawn-looking PNG as the canvas would send it.
func signatureURL() string {
	img := image.NewGray(image.Rect(0, 0, 120, 60))
	for x := 10; x < 110; x++ {
		img.Set(x, 30+(x%7)-3, color.Gray{Y: 255})
	}
	var b bytes.Buffer
	png.Encode(&b, img)
	return pngDataURL + base64.StdEncoding.EncodeToString(b.Bytes())
}

var seqRe = regexp.MustCompile(`<span class="seq">[^<]*<b>(\d+)</b></span> <span class="nm">([^<]*)</span>`)

// seqs returns the (序号, label) pairs of a confirmation page.
func seqs(page string) [][2]string {
	var out [][2]string
	for _, m := range seqRe.FindAllStringSubmatch(page, -1) {
		out = append(out, [2]string{m[1], html.UnescapeString(m[2])})
	}
	return out
}

var childRe = regexp.MustCompile(`name="child" value="([^"]+)"`)

// childIDs returns the child checkboxes of a one-tap page.
func childIDs(page string) []string {
	var out []string
	for _, m := range childRe.FindAllStringSubmatch(page, -1) {
		out = append(out, html.UnescapeString(m[1]))
	}
	return out
}

// band1318 is the 13–18 月龄 band.
func band1318() model.AgeBand { return model.AgeBand{Min: 13, Max: 18} }

func mustAddr(s string) netip.Addr { return netip.MustParseAddr(s) }
