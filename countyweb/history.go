package countyweb

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	"carekiosk/county"
	"carekiosk/model"
)

// historyTexts are the words of the history import, beside texts.
var historyTexts = map[string][2]string{
	"history":        {"导入往年统计表（纸质）", "Import old statistics tables (paper)"},
	"historyHelp":    {"各单位在使用 carekiosk 以前的活动统计表（Excel .xlsx 或 CSV）。先预览：每一行将成为哪场往年活动、哪些行读不了及原因；确认后才保存。同一行再导入不会重复。", "Units' statistics tables from before carekiosk (Excel .xlsx or CSV). First a preview: which row becomes which past session, which rows cannot be read and why; nothing is stored until you confirm. Importing a row again stores nothing twice."},
	"historyUnit":    {"这些表是哪个单位的", "Whose tables"},
	"unitColumn":     {"表中有“单位”列（全县汇总表）", "the table has a 单位 column (county-wide)"},
	"preview":        {"预览", "Preview"},
	"previewTitle":   {"往年统计表导入预览（尚未保存）", "Preview of the old tables (nothing stored yet)"},
	"historyDone":    {"往年统计表导入结果", "Old tables imported"},
	"confirm":        {"确认导入", "Import"},
	"cancel":         {"取消", "Cancel"},
	"row":            {"行", "Row"},
	"content":        {"活动内容", "Content"},
	"fileOf":         {"文件：%s", "File: %s"},
	"sheetOf":        {"工作表「%s」", "Sheet “%s”"},
	"leftOut":        {"未导入的行", "Rows left out"},
	"fixAndAgain":    {"请在表中改正未导入的行后再导入一次；已导入的不会重复。", "Fix the rows left out in the table and import it again; nothing is stored twice."},
	"staleDry":       {"这次预览已过期或已经导入，请重新选择文件预览", "this preview has expired or was imported already; choose the files again"},
	"paperSessions":  {"往年纸质统计表中的活动", "Sessions from old paper tables"},
	"source":         {"来源", "Source"},
	"counted":        {"计入已开展", "counted as held"},
	"stationCounts":  {"站点数据包中已有同日同地点的活动，按站点记录计，不另计", "a station's bundle holds it: the station's record counts"},
	"ofPaper":        {"其中纸质", "from paper"},
	"sourceRow":      {"%s「%s」第%d行", "%s, sheet %q, row %d"},
	"noPaper":        {"没有导入往年统计表", "no old tables imported"},
	"familiesEmpty":  {"未填", "empty"},
	"historyNoFiles": {"没有选择统计表文件", "no table chosen"},
}

// stagedHistory is an upload previewed and waiting for the clerk's
// confirmation: its files stay in dir until then, for an hour at most.
type stagedHistory struct {
	dir  string
	in   []county.HistoryInput
	unit string
	at   time.Time
}

// stagedTTL is how long a preview can be confirmed.
const stagedTTL = time.Hour

// historyStage keeps the previews waiting for confirmation.
type historyStage struct {
	mu sync.Mutex
	m  map[string]stagedHistory
}

// put keeps a preview under a new token and drops the expired ones.
func (h *historyStage) put(x stagedHistory, now time.Time) string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	tok := hex.EncodeToString(b[:])
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.m == nil {
		h.m = map[string]stagedHistory{}
	}
	h.sweepLocked(now)
	h.m[tok] = x
	return tok
}

// sweep removes the previews past their hour, files and all: a table
// previewed and never confirmed (the clerk left, or pressed 取消) is not
// kept. The server sweeps on every request.
func (h *historyStage) sweep(now time.Time) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.sweepLocked(now)
}

// removeStalePreviews removes previews a page stopped without clearing
// left in dir (the process was killed): folders of previewed tables older
// than a preview's hour. A preview of a page still running is younger.
func removeStalePreviews(dir string) {
	if dir == "" {
		dir = os.TempDir()
	}
	old, _ := filepath.Glob(filepath.Join(dir, "carekiosk-history-*"))
	for _, p := range old {
		if fi, err := os.Stat(p); err == nil && fi.IsDir() && time.Since(fi.ModTime()) > stagedTTL {
			os.RemoveAll(p)
		}
	}
}

// sweepLocked is sweep with h.mu held.
func (h *historyStage) sweepLocked(now time.Time) {
	for k, v := range h.m {
		if now.Sub(v.at) > stagedTTL || v.at.After(now.Add(stagedTTL)) {
			os.RemoveAll(v.dir)
			delete(h.m, k)
		}
	}
}

// take removes and returns the preview of tok.
func (h *historyStage) take(tok string, now time.Time) (stagedHistory, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	x, ok := h.m[tok]
	delete(h.m, tok)
	if ok && now.Sub(x.at) > stagedTTL {
		os.RemoveAll(x.dir)
		return x, false
	}
	return x, ok
}

// clear removes every preview still waiting (the server stops).
func (h *historyStage) clear() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for k, v := range h.m {
		os.RemoveAll(v.dir)
		delete(h.m, k)
	}
}

// historyPreview keeps the uploaded tables and shows what importing them
// would do, with a button to confirm.
func (s *Server) historyPreview(w http.ResponseWriter, r *http.Request) {
	dir, err := os.MkdirTemp(s.opt.TempDir, "carekiosk-history-")
	if err != nil {
		s.failErr(w, r, model.Errorf(model.ESTORAGE, "无法保存上传的文件：%v", "cannot keep the uploaded files: %v", err))
		return
	}
	vals := map[string]string{}
	files, names, err := saveUploads(r, dir, "sheet", vals)
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		os.RemoveAll(dir)
		s.fail(w, r, http.StatusRequestEntityTooLarge, "tooLarge")
		return
	case err == nil && len(files) == 0:
		err = model.Errorf(model.EINVALID, "没有选择统计表文件", "no table chosen")
	}
	if err != nil {
		os.RemoveAll(dir)
		s.failErr(w, r, err)
		return
	}
	x := stagedHistory{dir: dir, unit: vals["unit"], at: s.now()}
	for i := range files {
		x.in = append(x.in, county.HistoryInput{Name: names[i], Path: files[i]})
	}
	rep, err := county.ImportHistory(r.Context(), s.db, x.in, x.unit, true)
	if err != nil {
		os.RemoveAll(dir)
		s.failErr(w, r, err)
		return
	}
	tok := s.history.put(x, s.now())
	s.render(w, r, http.StatusOK, "history", wordsFor(lang(r))["previewTitle"], historyViewOf(rep, x.unit, tok, lang(r)))
}

// historyImport imports the previewed tables for real and shows the report.
func (s *Server) historyImport(w http.ResponseWriter, r *http.Request) {
	x, ok := s.history.take(r.FormValue("token"), s.now())
	if !ok {
		s.fail(w, r, http.StatusBadRequest, "staleDry")
		return
	}
	defer os.RemoveAll(x.dir)
	s.importMu.Lock()
	rep, err := county.ImportHistory(r.Context(), s.db, x.in, x.unit, false)
	s.importMu.Unlock()
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "history", wordsFor(lang(r))["historyDone"], historyViewOf(rep, x.unit, "", lang(r)))
}
