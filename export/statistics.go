package export

import (
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"
)

// statisticsFileName names the range workbook.
func statisticsFileName(ds *dataset, slug string) string {
	return "活动统计表_" + safeName(ds.unit, 20) + "_" + slug + ".xlsx"
}

// statisticsRow is one row of 附件6.
func statisticsRow(s sessionInfo) []string {
	return []string{s.Date.String(), s.Station, contentText(s.Session), s.Band.String(), fmt.Sprint(s.Families), remarks(s)}
}

var statisticsWidths = []float64{13, 26, 34, 12, 14, 46}

// writeStatisticsWorkbook writes 活动统计表 (附件6, one row per session) and
// 任务完成情况 (附件3's units and quotas with what was held). The session
// rows go through excelize's StreamWriter, so a long county history costs
// little memory.
func writeStatisticsWorkbook(w io.Writer, ds *dataset, rangeLabel string) error {
	f, st, err := newWorkbook(sheetStatistics)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := pageSetup(f, sheetStatistics, true, "$1:$3"); err != nil {
		return err
	}
	// Everything that reads or changes the workbook comes before the stream:
	// after Flush, touching the streamed sheet would parse it back into
	// memory.
	if err := quotaSheet(f, st, ds); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	sw, err := f.NewStreamWriter(sheetStatistics)
	if err != nil {
		return err
	}
	for i, wd := range statisticsWidths {
		if err := sw.SetColWidth(i+1, i+1, wd); err != nil {
			return err
		}
	}
	title := ds.set.County + titleStatistics
	if err := sw.SetRow("A1", []any{excelize.Cell{StyleID: st.title, Value: title}}, excelize.RowOpts{Height: 28}); err != nil {
		return err
	}
	if err := sw.MergeCell("A1", "F1"); err != nil {
		return err
	}
	sub := "单位：" + unitsText(ds) + "　　统计期间：" + rangeLabel + fmt.Sprintf("　　共 %d 场活动", len(ds.sessions))
	total := 0.0
	for _, w := range statisticsWidths {
		total += w
	}
	if err := sw.SetRow("A2", []any{excelize.Cell{StyleID: st.subtitle, Value: sub}}, excelize.RowOpts{Height: rowHeight(textLines(sub, total), 20)}); err != nil {
		return err
	}
	if err := sw.MergeCell("A2", "F2"); err != nil {
		return err
	}
	if err := sw.SetRow("A3", headerCells(statisticsHeader, st.header), excelize.RowOpts{Height: 22}); err != nil {
		return err
	}
	row := 4
	for _, s := range ds.sessions {
		if err := statisticsStreamRow(sw, st, row, s); err != nil {
			return err
		}
		row++
	}
	if len(ds.sessions) == 0 {
		if err := sw.SetRow("A4", []any{excelize.Cell{StyleID: st.cell, Value: "（所选日期范围内没有活动）"}}, excelize.RowOpts{Height: 24}); err != nil {
			return err
		}
		if err := sw.MergeCell("A4", "F4"); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.Write(w)
}

func headerCells(h []string, style int) []any {
	out := make([]any, len(h))
	for i, v := range h {
		out[i] = excelize.Cell{StyleID: style, Value: v}
	}
	return out
}

func statisticsStreamRow(sw *excelize.StreamWriter, st *styles, row int, s sessionInfo) error {
	rem, content := remarks(s), contentText(s.Session)
	lines := max(1, textLines(rem, statisticsWidths[5]), textLines(content, statisticsWidths[2]))
	cell, _ := excelize.CoordinatesToCellName(1, row)
	return sw.SetRow(cell, []any{
		excelize.Cell{StyleID: st.text, Value: s.Date.String()},
		excelize.Cell{StyleID: st.cell, Value: s.Station},
		excelize.Cell{StyleID: st.cell, Value: content},
		excelize.Cell{StyleID: st.cell, Value: s.Band.String()},
		excelize.Cell{StyleID: st.number, Value: s.Families},
		excelize.Cell{StyleID: st.cellLeft, Value: rem},
	}, excelize.RowOpts{Height: rowHeight(lines, 20)})
}

// quotaSheet writes 任务完成情况: for each year of the range, 附件3's table
// (序号 · 单位 · 任务数（场次）) with the sessions held and the percent done.
func quotaSheet(f *excelize.File, st *styles, ds *dataset) error {
	if _, err := f.NewSheet(sheetQuota); err != nil {
		return err
	}
	c := &cellSetter{f: f, sheet: sheetQuota}
	c.widths([]float64{8, 26, 16, 16, 12})
	row := 1
	for _, yq := range ds.quota {
		r := func(col string) string { return fmt.Sprintf("%s%d", col, row) }
		c.merged(r("A"), r("E"), fmt.Sprintf("%s%d年%s", ds.set.County, yq.year, titleQuota), st.title)
		c.height(row, 28)
		row++
		for i, h := range quotaHeader {
			col, _ := excelize.ColumnNumberToName(i + 1)
			c.str(r(col), h, st.header)
		}
		c.height(row, 22)
		row++
		quota, held := 0, 0
		for i, q := range yq.rows {
			c.int(r("A"), i+1, st.number)
			c.str(r("B"), q.Unit.Name, st.cell)
			c.int(r("C"), q.Quota, st.number)
			c.int(r("D"), q.Held, st.number)
			percent(c, r("E"), q.Held, q.Quota, st)
			c.height(row, 20)
			quota, held = quota+q.Quota, held+q.Held
			row++
		}
		c.merged(r("A"), r("B"), "合计", st.header)
		c.int(r("C"), quota, st.number)
		c.int(r("D"), held, st.number)
		percent(c, r("E"), held, quota, st)
		c.height(row, 20)
		row += 2
	}
	c.merged(fmt.Sprintf("A%d", row), fmt.Sprintf("E%d", row), "已开展：该单位当年已结束（已提交总结）的活动场次，按本站数据库统计；完成率 = 已开展 ÷ 任务数。", st.note)
	c.height(row, 28)
	if c.err != nil {
		return c.err
	}
	return pageSetup(f, sheetQuota, false, "")
}

func percent(c *cellSetter, cell string, held, quota int, st *styles) {
	if quota == 0 {
		c.str(cell, "—", st.cell)
		return
	}
	if c.err == nil {
		c.err = c.f.SetCellFloat(c.sheet, cell, float64(held)/float64(quota), 4, 64)
	}
	c.style(cell, cell, st.percent)
}

// percentText renders the percent done for CSV.
func percentText(held, quota int) string {
	if quota == 0 {
		return "—"
	}
	return fmt.Sprintf("%.1f%%", 100*float64(held)/float64(quota))
}

// unitsText names the units whose sessions the table lists: the station's
// own unit, or all of them when the database holds several (a county
// center's merged data).
func unitsText(ds *dataset) string {
	var names []string
	seen := map[string]bool{}
	for _, s := range ds.sessions {
		if !seen[s.Unit] {
			seen[s.Unit] = true
			names = append(names, s.Unit)
		}
	}
	if len(names) <= 1 {
		if len(names) == 1 {
			return names[0]
		}
		return ds.unit
	}
	return fmt.Sprintf("%d 个单位（%s）", len(names), strings.Join(names, "、"))
}
