package paperimport

import (
	"context"
	"fmt"
	"io"
	"path/filepath"

	"carekiosk/model"
)

// Importer stores the sessions read from sheets; *store.Store is one.
type Importer interface {
	ImportPaper(ctx context.Context, list []model.PaperSession, dryRun bool) ([]model.PaperOutcome, error)
}

// ImportFiles, for the kiosk's import screen, reads files, names each it cannot read (an .xls, a damaged
// file) and goes on with the others, imports the rest (nothing is stored
// when dryRun) and writes the report to w. A file not read counts as one
// row not read.
func ImportFiles(ctx context.Context, imp Importer, files []string, dryRun bool, w io.Writer) (Totals, error) {
	var wbs []*Workbook
	var unread []string
	for _, f := range files {
		wb, err := ReadFile(f)
		if err != nil {
			unread = append(unread, fmt.Sprintf("文件 %s 未导入：%s", filepath.Base(f), model.ErrorMessage(err, model.LangZH)))
			continue
		}
		wbs = append(wbs, wb)
	}
	list, merged := Sessions(wbs)
	outcomes, err := imp.ImportPaper(ctx, list, dryRun)
	if err != nil {
		return Totals{}, err
	}
	for _, u := range unread {
		fmt.Fprintln(w, u)
	}
	writeReport(w, wbs, list, merged, outcomes, dryRun, "正式导入请按 y (press y to import)")
	t := Sum(wbs, outcomes)
	t.Unreadable += len(unread)
	return t, nil
}

// Summary is one line of totals in lang.
func (t Totals) Summary(lang model.Lang) string {
	return lang.Pick(fmt.Sprintf("新活动 %d 场（已有 %d 场），新家庭 %d 个，新签到 %d 条（已有 %d 条），未能读取 %d 行",
		t.NewSessions, t.KnownSessions, t.NewFamilies, t.NewSignIns, t.KnownSignIns, t.Unreadable),
		fmt.Sprintf("%d new sessions (%d already there), %d new families, %d new sign-ins (%d already there), %d rows not read",
			t.NewSessions, t.KnownSessions, t.NewFamilies, t.NewSignIns, t.KnownSignIns, t.Unreadable))
}
