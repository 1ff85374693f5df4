package countyweb_test

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"carekiosk/countyweb"
)

// upload builds a multipart body holding files as the page's form sends them.
func upload(t *testing.T, files ...string) (*bytes.Buffer, string) {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		w, err := mw.CreateFormFile("bundle", filepath.Base(f))
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	mw.Close()
	return &b, mw.FormDataContentType()
}

func get(t *testing.T, h http.Handler, path string, cookies ...*http.Cookie) *httptest.ResponseRecorder {
	r := httptest.NewRequest("GET", path, nil)
	for _, c := range cookies {
		r.AddCookie(c)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// TestHardening checks the page's protections: security headers with a
// CSP that allows only its own files, no caching of pages, a cross-site
// upload refused with nothing imported, a plain page for an unknown
// address, a bad date refused, and the English setting.
func TestHardening(t *testing.T) {
	c, files := webCounty(t)
	s, err := countyweb.New(c.DB, countyweb.Options{Clock: c.Clock.Model(), TempDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	h := s.Handler()
	w := get(t, h, "/")
	if w.Code != 200 || !strings.Contains(w.Body.String(), "各单位情况") {
		t.Fatalf("board: %d %s", w.Code, w.Body)
	}
	hd := w.Header()
	if csp := hd.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") || !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe") {
		t.Fatalf("CSP %q", csp)
	}
	if hd.Get("X-Frame-Options") != "DENY" || hd.Get("X-Content-Type-Options") != "nosniff" || hd.Get("Cache-Control") != "no-store" {
		t.Fatalf("headers %v", hd)
	}
	body, ctype := upload(t, files[0])
	r := httptest.NewRequest("POST", "/import", body)
	r.Header.Set("Content-Type", ctype)
	r.Header.Set("Sec-Fetch-Site", "cross-site")
	w = httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != http.StatusForbidden {
		t.Fatalf("cross-site upload: %d", w.Code)
	}
	if rs, _ := c.DB.Receipts(t.Context(), ""); len(rs) != 0 {
		t.Fatalf("a cross-site upload stored %d bundles", len(rs))
	}
	w = get(t, h, "/no/such/page")
	if w.Code != 404 || !strings.Contains(w.Body.String(), "找不到这个页面") || strings.Contains(w.Body.String(), "goroutine") {
		t.Fatalf("unknown page: %d %s", w.Code, w.Body)
	}
	if w = get(t, h, "/report.xlsx?from=2026-13-01"); w.Code != 400 {
		t.Fatalf("bad date: %d", w.Code)
	}
	w = get(t, h, "/lang/en")
	cookies := w.Result().Cookies()
	if w = get(t, h, "/", cookies...); !strings.Contains(w.Body.String(), "All units") || !strings.Contains(w.Body.String(), `lang="en"`) {
		t.Fatalf("English board: %s", w.Body)
	}
	if w = get(t, h, "/s/app.js"); w.Code != 200 || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/javascript") {
		t.Fatalf("script: %d %v", w.Code, w.Header())
	}
	if w = get(t, h, "/s/../server.go"); w.Code == 200 {
		t.Fatal("served a file outside the static folder")
	}
}

// TestTwoImportsAtOnce sends the same bundle from two browser tabs at the
// same moment: it is stored once, and the other tab is told it was
// already imported.
func TestTwoImportsAtOnce(t *testing.T) {
	c, files := webCounty(t)
	s, err := countyweb.New(c.DB, countyweb.Options{Clock: c.Clock.Model(), TempDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	pages := make([]string, 2)
	for i := range pages {
		wg.Add(1)
		go func() {
			defer wg.Done()
			body, ctype := upload(t, files[0])
			r := httptest.NewRequest("POST", "/import", body)
			r.Header.Set("Content-Type", ctype)
			w := httptest.NewRecorder()
			s.Handler().ServeHTTP(w, r)
			b, _ := io.ReadAll(w.Result().Body)
			pages[i] = string(b)
		}()
	}
	wg.Wait()
	joined := pages[0] + pages[1]
	if strings.Count(joined, "新增") != 1 || strings.Count(joined, "已导入过，未作改动") != 1 {
		t.Fatalf("two imports at once:\n%s", joined)
	}
	if rs, _ := c.DB.Receipts(t.Context(), ""); len(rs) != 1 {
		t.Fatalf("%d receipts", len(rs))
	}
}

func TestIsLoopback(t *testing.T) {
	for addr, want := range map[string]bool{"127.0.0.1:8090": true, "localhost:8090": true, "[::1]:8090": true, "127.0.0.2:80": true,
		"0.0.0.0:8090": false, ":8090": false, "192.168.1.5:8090": false, "[::]:8090": false, "bad": false} {
		if got := countyweb.IsLoopback(addr); got != want {
			t.Errorf("IsLoopback(%q) = %v", addr, got)
		}
	}
}
