package county_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/xuri/excelize/v2"

	"carekiosk/county"
	"carekiosk/model"
)

// TestCountyQuotaHeadersFit: every header of the county's 任务完成情况
// fits its column on one line (a Han character takes two widths), so
// 任务数（场次） does not print with its ）on a line of its own.
func TestCountyQuotaHeadersFit(t *testing.T) {
	rc := newReportCounty(t)
	var b bytes.Buffer
	if _, err := county.WriteReportWorkbook(context.Background(), rc.c.DB, &b, model.Date{}, model.Date{}, rc.now); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	const sheet = "任务完成情况"
	head := rows(t, f, sheet)[1]
	if len(head) < 7 || head[2] != "任务数（场次）" {
		t.Fatalf("任务完成情况 header %q", head)
	}
	for i, h := range head {
		col, _ := excelize.ColumnNumberToName(i + 1)
		w, err := f.GetColWidth(sheet, col)
		if err != nil {
			t.Fatal(err)
		}
		need := 1.0 // the cell's padding
		for _, r := range h {
			need++
			if r >= 0x2E80 {
				need++
			}
		}
		if w < need {
			t.Errorf("column %s (%s) is %.0f wide, its header needs %.0f", col, h, w, need)
		}
	}
}
