package countyweb_test

import (
	"bytes"
	"mime/multipart"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"carekiosk/countyweb"
)

// A clerk previews an old workbook (a 签到表 sheet with names and phones
// among its sheets) and leaves with 取消. Two hours later, past the
// preview's hour, the upload is still on disk.
func TestPreviewNotConfirmedRemoved(t *testing.T) {
	c, _ := webCounty(t)
	tmp := t.TempDir()
	s, err := countyweb.New(c.DB, countyweb.Options{Clock: c.Clock.Model(), TempDir: tmp})
	if err != nil {
		t.Fatal(err)
	}
	h := s.Handler()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	mw.WriteField("unit", "温溪片卫生院")
	w, _ := mw.CreateFormFile("sheet", "签到表.csv")
	w.Write([]byte("活动日期,活动地点,儿童姓名,儿童年龄,联系电话,养育人与儿童关系,家长签字\r\n2024-03-15,温溪站,王小明,14,13812345678,妈妈,李丽\r\n"))
	mw.Close()
	r := httptest.NewRequest("POST", "/history/preview", &b)
	r.Header.Set("Content-Type", mw.FormDataContentType())
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	if rec.Code != 200 {
		t.Fatalf("preview %d %s", rec.Code, rec.Body)
	}
	c.Clock.Set(c.Clock.Model().Time().Add(2 * time.Hour))
	get(t, h, "/")
	var left []string
	filepath.Walk(tmp, func(p string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			left = append(left, p)
		}
		return nil
	})
	if len(left) > 0 {
		t.Errorf("a preview past its hour, never confirmed, still on disk: %v", left)
	}
}

// TestStalePreviewRemovedAtStart: a preview folder a killed page left
// behind, older than a preview's hour, is removed when the page starts
// again; a younger one (another page's, still running) is kept.
func TestStalePreviewRemovedAtStart(t *testing.T) {
	c, _ := webCounty(t)
	tmp := t.TempDir()
	stale, young := filepath.Join(tmp, "carekiosk-history-1"), filepath.Join(tmp, "carekiosk-history-2")
	for _, d := range []string{stale, young} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(d, "签到表.csv"), []byte("王小明,13812345678"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	old := time.Now().Add(-2 * time.Hour)
	if err := os.Chtimes(stale, old, old); err != nil {
		t.Fatal(err)
	}
	if _, err := countyweb.New(c.DB, countyweb.Options{Clock: c.Clock.Model(), TempDir: tmp}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("the stale preview is still there: %v", err)
	}
	if _, err := os.Stat(young); err != nil {
		t.Errorf("a young preview was removed: %v", err)
	}
}
