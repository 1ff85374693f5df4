package export

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"carekiosk/model"
)

// A correction made at 03:07 on 11-30 in China is dated 11-30 wherever a
// person reads it: the 活动记录表, the statistics 备注 and the CSV. Stored
// in UTC it is 19:07 on 11-29.
func TestCorrectionDatedInStationZone(t *testing.T) {
	f := newFixture(t)
	sess := f.session("2026-11-28", "认识颜色", model.AgeBand{Min: 7, Max: 9}, kids(2), false)
	at := time.Date(2026, 11, 29, 19, 7, 0, 0, time.UTC)
	f.s.SetClock(fixedClock(at))
	if _, err := f.s.Correct(f.ctx, model.CorrectionInput{SessionID: sess.ID, Who: "陈晓燕", Field: model.FieldTitle, NewValue: "认识颜色（第二期）", Reason: "漏写期数"}); err != nil {
		t.Fatal(err)
	}
	rep, err := Run(context.Background(), f.s, Options{OutDir: t.TempDir(), Formats: []string{FormatXLSX, FormatCSV}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	check := func(where, text string) {
		t.Helper()
		if !strings.Contains(text, "第2版更正") {
			t.Fatalf("%s lacks the correction", where)
		}
		if !strings.Contains(text, "2026-11-30") || strings.Contains(text, "2026-11-29") {
			t.Errorf("%s dates the correction in UTC, not the station's zone", where)
		}
	}
	for _, name := range []string{"活动统计表.csv", "活动记录表.csv"} {
		b, err := os.ReadFile(findFile(t, rep.Files, name))
		if err != nil {
			t.Fatal(err)
		}
		check(name, string(b))
	}
	x := openXLSX(t, findFile(t, rep.Files, "认识颜色"))
	check("活动记录表", cell(t, x, "活动记录表", "A9"))
}
