package checkin

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"carekiosk/model"
)

func TestSecurityHeadersAndAssets(t *testing.T) {
	e := newEnv(t, Options{})
	p := e.phone()
	resp, err := p.c.Get(e.srv.URL(e.sess.ID))
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	h := resp.Header
	if csp := h.Get("Content-Security-Policy"); !strings.HasPrefix(csp, "default-src 'self'") || !strings.Contains(csp, "frame-ancestors 'none'") {
		t.Fatalf("CSP: %q", csp)
	}
	for k, want := range map[string]string{"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "same-origin",
		"Cache-Control": "no-store", "Content-Type": "text/html; charset=utf-8"} {
		if h.Get(k) != want {
			t.Errorf("%s: %q, want %q", k, h.Get(k), want)
		}
	}
	// The page and everything it loads stay under 30 KB and come from here.
	total := len(page)
	for _, m := range regexp.MustCompile(`(?:href|src)="([^"]+)"`).FindAllStringSubmatch(string(page), -1) {
		ref := m[1]
		if !strings.HasPrefix(ref, "/") || strings.HasPrefix(ref, "//") {
			t.Fatalf("external reference %q", ref)
		}
		code, body := p.get(strings.ReplaceAll(ref, "&amp;", "&"))
		if code != 200 {
			t.Fatalf("%s: %d", ref, code)
		}
		if strings.Contains(body, "http://") || strings.Contains(body, "https://") || strings.Contains(body, "url(") || strings.Contains(body, "@import") {
			t.Fatalf("%s loads something from elsewhere", ref)
		}
		total += len(body)
	}
	t.Logf("form page %d bytes, with style sheet and script %d bytes", len(page), total)
	if total > 30<<10 {
		t.Fatalf("page with assets is %d bytes, over 30 KB", total)
	}
	if bytes.Contains(page, []byte("<script>")) || bytes.Contains(page, []byte(" style=")) || bytes.Contains(page, []byte(" on")) && regexp.MustCompile(` on[a-z]+=`).Match(page) {
		t.Fatal("inline script or style breaks the CSP")
	}
	resp, err = p.c.Get(e.ts.URL + "/s/app.css?v=" + assetVersion)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if !strings.Contains(resp.Header.Get("Cache-Control"), "immutable") || resp.Header.Get("Content-Type") != "text/css; charset=utf-8" {
		t.Fatalf("asset headers: %v", resp.Header)
	}
	for _, path := range []string{"/s/form.html", "/s/%2e%2e%2fpages%2fform.html", "/web/pages/form.html"} {
		if code, body := p.get(path); code != http.StatusNotFound || strings.Contains(body, "{{") {
			t.Fatalf("%s: %d", path, code)
		}
	}
}

func TestCrossOriginPostRefused(t *testing.T) {
	e := newEnv(t, Options{})
	p := e.phone()
	v := fullForm(p.scan(e.sess.ID))
	req, _ := http.NewRequest("POST", e.ts.URL+"/f", strings.NewReader(v.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	req.Header.Set("Origin", "http://evil.example")
	resp, err := p.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden || !strings.Contains(string(body), "请求被拒绝") {
		t.Fatalf("cross-origin post: %d\n%s", resp.StatusCode, body)
	}
	if n := len(e.signIns(e.sess.ID)); n != 0 {
		t.Fatalf("%d sign-ins stored", n)
	}
}

func TestRateLimit(t *testing.T) {
	e := newEnv(t, Options{RateBurst: 5, RateEvery: time.Second})
	p := e.phone()
	codes := []int{}
	for range 7 {
		code, body := p.get("/")
		codes = append(codes, code)
		if code == http.StatusTooManyRequests && !strings.Contains(body, "操作太频繁") {
			t.Fatalf("429 page: %s", body)
		}
	}
	if codes[4] != 200 || codes[5] != http.StatusTooManyRequests || codes[6] != http.StatusTooManyRequests {
		t.Fatalf("codes %v", codes)
	}
	// Tokens come back with time.
	e.clock.advance(2 * time.Second)
	if code, _ := p.get("/"); code != 200 {
		t.Fatalf("after waiting: %d", code)
	}
	// Addresses are counted apart.
	l := newLimiter(1, time.Minute)
	if !l.allow("10.0.0.1:5000", testNow) || l.allow("10.0.0.1:5001", testNow) || !l.allow("10.0.0.2:5000", testNow) {
		t.Fatal("per-address buckets")
	}
	for i := range maxBuckets + 10 {
		l.allow(net.JoinHostPort("10.1."+strings.Repeat("1", 1+i%2)+"."+string(rune('0'+i%10)), "1"), testNow.Add(time.Duration(i)))
	}
	if len(l.buckets) > maxBuckets {
		t.Fatalf("%d buckets kept", len(l.buckets))
	}
}

func TestPanicShowsNoTrace(t *testing.T) {
	var logs bytes.Buffer
	e := newEnv(t, Options{Log: slog.New(slog.NewTextHandler(&logs, nil))})
	h := e.srv.harden(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom at checkin/handlers.go:42") }))
	rec := &recorder{h: http.Header{}}
	h.ServeHTTP(rec, &http.Request{Method: "GET", URL: &url.URL{Path: "/c/secret-token"}, RemoteAddr: "1.2.3.4:5"})
	if rec.code != 500 || !strings.Contains(rec.body.String(), "没有保存成功") || strings.Contains(rec.body.String(), "boom") || strings.Contains(rec.body.String(), ".go") {
		t.Fatalf("panic page: %d %s", rec.code, rec.body.String())
	}
	if strings.Contains(logs.String(), "secret-token") || strings.Contains(logs.String(), "boom") {
		t.Fatalf("log: %s", logs.String())
	}
}

type recorder struct {
	h    http.Header
	code int
	body bytes.Buffer
}

func (r *recorder) Header() http.Header         { return r.h }
func (r *recorder) Write(b []byte) (int, error) { return r.body.Write(b) }
func (r *recorder) WriteHeader(c int)           { r.code = c }

// TestNoPersonalDataInLogs: a sign-in the store cannot save is logged by
// its error code only.
func TestNoPersonalDataInLogs(t *testing.T) {
	var logs bytes.Buffer
	e := newEnv(t, Options{Log: slog.New(slog.NewTextHandler(&logs, nil))})
	p := e.phone()
	v := fullForm(p.scan(e.sess.ID))
	p.post("/f", v) // stored
	v2 := fullForm(p.scan(e.sess.ID))
	v2.Set("name1", "刘小北")
	e.st.Close()
	code, body := p.post("/f", v2)
	if code != http.StatusServiceUnavailable || !strings.Contains(body, "没有保存成功") {
		t.Fatalf("closed store: %d\n%s", code, excerpt(body))
	}
	if logs.Len() == 0 {
		t.Fatal("the failure was not logged")
	}
	for _, secret := range []string{"王小明", "刘小北", "13812345678", "1381234", "李丽", "妈妈", "2025-09-10"} {
		if strings.Contains(logs.String(), secret) {
			t.Fatalf("log holds %q: %s", secret, logs.String())
		}
	}
}

func TestServerTimeoutsAndShutdown(t *testing.T) {
	e := newEnv(t, Options{})
	hs := e.srv.httpServer()
	if hs.ReadTimeout == 0 || hs.WriteTimeout == 0 || hs.IdleTimeout == 0 || hs.ReadHeaderTimeout == 0 || hs.MaxHeaderBytes == 0 {
		t.Fatalf("timeouts: %+v", hs)
	}
	ctx, cancel := context.WithCancel(context.Background())
	srv, done, err := Start(ctx, e.st, Options{Addr: "127.0.0.1:0", Clock: e.clock.clock()})
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get("http://" + srv.bound + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("GET /: %d", resp.StatusCode)
	}
	// The same port again is refused with a clear message.
	_, _, err = Start(ctx, e.st, Options{Addr: srv.bound})
	if model.ErrorCode(err) != model.ECONFLICT || !strings.Contains(model.ErrorMessage(err, "zh"), "已被占用") {
		t.Fatalf("port in use: %v", err)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("shutdown: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no shutdown")
	}
	if _, err := http.Get("http://" + srv.bound + "/"); err == nil {
		t.Fatal("still serving after shutdown")
	}
}

func TestBaseURL(t *testing.T) {
	lan, ok := pickLAN([]netip.Addr{mustAddr("127.0.0.1"), mustAddr("169.254.3.4"), mustAddr("172.17.0.1"), mustAddr("192.168.1.23"), mustAddr("10.0.0.5")})
	if !ok || lan.String() != "192.168.1.23" {
		t.Fatalf("picked %v", lan)
	}
	if _, ok := pickLAN([]netip.Addr{mustAddr("127.0.0.1"), mustAddr("::1"), mustAddr("fe80::1")}); ok {
		t.Fatal("loopback picked as LAN")
	}
	for _, c := range []struct{ listen, want string }{
		{":8080", "http://192.168.1.23:8080"},
		{"0.0.0.0:9000", "http://192.168.1.23:9000"},
		{"10.1.2.3:8080", "http://10.1.2.3:8080"},
		{":80", "http://192.168.1.23"},
		{"nonsense", "http://192.168.1.23:8080"},
	} {
		if got := baseURL(c.listen, lan, true); got != c.want {
			t.Errorf("%q: %q, want %q", c.listen, got, c.want)
		}
	}
	if got := baseURL(":8080", lan, false); got != "http://127.0.0.1:8080" {
		t.Errorf("no LAN: %q", got)
	}
	e := newEnv(t, Options{})
	e.srv.opt.PublicBase = "http://kiosk.local:8080/"
	if u := e.srv.URL(e.sess.ID); !strings.HasPrefix(u, "http://kiosk.local:8080/C/") || !e.srv.HasLAN() {
		t.Fatalf("public base: %q", u)
	}
}

func TestListenAndServeStopsWithContext(t *testing.T) {
	e := newEnv(t, Options{})
	if _, err := New(nil, Options{}); err == nil {
		t.Fatal("New accepted a nil store")
	}
	srv, err := New(e.st, Options{Addr: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.ListenAndServe(ctx) }()
	time.Sleep(50 * time.Millisecond)
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("ListenAndServe: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("ListenAndServe did not return")
	}
	if err := (&Server{opt: Options{Addr: "256.0.0.1:99999"}}).ListenAndServe(context.Background()); model.ErrorCode(err) != model.EINTERNAL {
		t.Fatalf("bad address: %v", err)
	}
}
