package export

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"carekiosk/model"
	"carekiosk/store"
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
// 任务完成情况 (附件3's units and quotas with what was held) for the range
// of opt, reading the session rows from the snapshot itself: a few columns
// each, streamed by a second goroutine while this one writes them through
// excelize's StreamWriter, so a long county history costs little time and
// memory. ds gives the head (loadHead).
func writeStatisticsWorkbook(w io.Writer, v *store.Snapshot, ds *dataset, opt Options) error {
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
	sub := "单位：" + unitsText(ds) + "　　统计期间：" + rangeText(opt.From, opt.To) + fmt.Sprintf("　　共 %d 场活动", ds.span.Count)
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
	err = eachStatisticsBatch(v, opt, st, func(batch []statisticsLine) error {
		for i := range batch {
			if err := batch[i].write(sw, row); err != nil {
				return err
			}
			row++
		}
		return nil
	})
	if err != nil {
		return err
	}
	if row != 4+ds.span.Count {
		// One snapshot cannot change under us; this guards the two queries
		// against disagreeing about which sessions count.
		return model.Errorf(model.EINTERNAL, "统计表行数（%d）与活动场次（%d）不一致", "the statistics table has %d rows for %d sessions", row-4, ds.span.Count)
	}
	if row == 4 {
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

// statisticsLine is one row of 活动统计表 made ready to stream: the reader
// goroutine builds the cells, the writer only writes them.
type statisticsLine struct {
	date   string
	cells  []any // *excelize.Cell
	height float64
}

func newStatisticsLine(s sessionInfo, st *styles) statisticsLine {
	date, content, rem := s.Date.String(), contentText(s.Session), remarks(s)
	cells := [6]excelize.Cell{
		{StyleID: st.text, Value: date},
		{StyleID: st.cell, Value: s.Station},
		{StyleID: st.cell, Value: content},
		{StyleID: st.cell, Value: s.Band.String()},
		{StyleID: st.number, Value: s.Families},
		{StyleID: st.cellLeft, Value: rem},
	}
	l := statisticsLine{date: date, cells: make([]any, len(cells))}
	for i := range cells {
		l.cells[i] = &cells[i]
	}
	l.height = rowHeight(max(1, textLines(rem, statisticsWidths[5]), textLines(content, statisticsWidths[2])), 20)
	return l
}

// write streams the line as the given row.
func (l *statisticsLine) write(sw *excelize.StreamWriter, row int) error {
	cell, _ := excelize.CoordinatesToCellName(1, row)
	return sw.SetRow(cell, l.cells, excelize.RowOpts{Height: l.height})
}

// eachStatisticsBatch reads the range's sessions, with their corrections,
// on a second goroutine that also works out each row's text, and hands the
// rows to fn in batches as they come, so reading the database and writing
// the workbook overlap. It returns only once the reader has stopped, fn's
// error first.
func eachStatisticsBatch(v *store.Snapshot, opt Options, st *styles, fn func([]statisticsLine) error) error {
	corr, err := correctionsBySession(v, opt)
	if err != nil {
		return err
	}
	size := statisticsBatch
	batches := make(chan []statisticsLine, 4)
	stop := make(chan struct{})
	readErr := make(chan error, 1)
	go func() {
		defer close(batches)
		batch := make([]statisticsLine, 0, size)
		send := func() error {
			select {
			case batches <- batch:
				batch = make([]statisticsLine, 0, size)
				return nil
			case <-stop:
				return errStopped
			}
		}
		err := v.EachStatisticsRow(opt.From, opt.To, func(r store.SessionRow) error {
			batch = append(batch, newStatisticsLine(sessionInfo{SessionRow: r, corrections: corr[r.ID]}, st))
			if len(batch) == size {
				return send()
			}
			return nil
		})
		if err == nil && len(batch) > 0 {
			err = send()
		}
		readErr <- err
	}()
	var writeErr error
	for batch := range batches {
		if writeErr == nil {
			if writeErr = fn(batch); writeErr != nil {
				close(stop)
			}
		}
	}
	if err := <-readErr; writeErr == nil && err != errStopped {
		return err
	}
	return writeErr
}

// statisticsBatch is how many rows the reader hands over at a time.
var statisticsBatch = 128

// errStopped tells the reader goroutine its consumer has given up.
var errStopped = errors.New("export: statistics reader stopped")

func headerCells(h []string, style int) []any {
	out := make([]any, len(h))
	for i, v := range h {
		out[i] = excelize.Cell{StyleID: style, Value: v}
	}
	return out
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
	switch names := ds.span.Units; len(names) {
	case 0:
		return ds.unit
	case 1:
		return names[0]
	default:
		return fmt.Sprintf("%d 个单位（%s）", len(names), strings.Join(names, "、"))
	}
}
