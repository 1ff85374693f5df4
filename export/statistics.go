package export

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

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
	return []string{s.Date.String(), s.Station, contentText(s.Session), bandText(s.Band), fmt.Sprint(s.Families), remarks(s)}
}

// bandText is a band's cell: empty for none (a paper table that left
// 活动月龄 empty).
func bandText(b model.AgeBand) string {
	if b.IsZero() {
		return ""
	}
	return b.String()
}

var statisticsWidths = []float64{13, 26, 34, 12, 14, 46}

// writeStatisticsWorkbook writes 活动统计表 (附件6, one row per session) and
// 任务完成情况 (附件3's units and quotas with what was held) for the range
// of opt. A second goroutine reads from the snapshot, in this order, the
// range's span (for the heading), the session rows (a few columns each,
// made into cells) and the quota progress, while this one builds the
// workbook and streams the rows through excelize's StreamWriter as they
// come: a long county history costs little time and memory. ds gives the
// head (loadHead).
func writeStatisticsWorkbook(w io.Writer, v *store.Snapshot, ds *dataset, opt Options) error {
	// The reader starts first: it reads the span while the workbook and
	// its styles are made, and needs the styles only for the rows.
	r := readStatistics(v, opt, ds, statisticsBatch)
	defer func() { _ = r.stop() }() // on the error paths; the success path stops it and checks
	f, st, err := newWorkbook(sheetStatistics)
	if err != nil {
		return err
	}
	defer f.Close()
	r.useStyles(st)
	if err := pageSetup(f, sheetStatistics, true, "$1:$3"); err != nil {
		return err
	}
	// The stream writes the sheet's used range first, so it waits for the
	// span: three heading rows and a row per session (or the one saying
	// there are none), columns A–F.
	span, ok := <-r.span
	if !ok {
		return r.stop()
	}
	last, _ := excelize.CoordinatesToCellName(len(statisticsHeader), 3+max(span.Count, 1))
	if err := f.SetSheetDimension(sheetStatistics, "A1:"+last); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheetStatistics)
	if err != nil {
		return err
	}
	if err := statisticsHeading(sw, st, ds, opt, span); err != nil {
		return err
	}
	row := 4
	for batch := range r.batches {
		for i := range batch.lines {
			if err := batch.lines[i].write(sw, row); err != nil {
				return err
			}
			row++
		}
		r.recycle(batch)
	}
	quota, ok := <-r.quota
	if !ok {
		return r.stop()
	}
	if row != 4+span.Count {
		// One snapshot cannot change under us; this guards the two queries
		// against disagreeing about which sessions count.
		return model.Errorf(model.EINTERNAL, "统计表行数（%d）与活动场次（%d）不一致", "the statistics table has %d rows for %d sessions", row-4, span.Count)
	}
	if row == 4 {
		if err := sw.SetRow("A4", []any{excelize.Cell{StyleID: st.cell, Value: "（所选日期范围内没有活动）"}}, excelize.RowOpts{Height: 24}); err != nil {
			return err
		}
		if err := sw.MergeCell("A4", "F4"); err != nil {
			return err
		}
	}
	// The quota sheet is another sheet: building it while the stream is
	// open leaves the streamed one alone.
	if err := quotaSheet(f, st, ds.set.County, quota); err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	if err := r.stop(); err != nil {
		return err
	}
	return f.Write(w)
}

// statisticsHeading writes the statistics sheet's column widths, its title,
// the line naming the units, the period and the number of sessions, and the
// column header.
func statisticsHeading(sw *excelize.StreamWriter, st *styles, ds *dataset, opt Options, span store.SessionSpan) error {
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
	sub := "单位：" + unitsText(ds.unit, span) + "　　统计期间：" + rangeText(opt.From, opt.To) + fmt.Sprintf("　　共 %d 场活动", span.Count)
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
	return nil
}

// statisticsLine is one row of 活动统计表 made ready to stream: the reader
// goroutine builds the cells, the writer only writes them.
type statisticsLine struct {
	date   string
	cells  []any // *excelize.Cell
	height float64
}

// fillStatisticsLine makes the line of s in cells and vals (six each):
// a caller making many lines gives them slices of one allocation, and
// may give lv to make the values rows repeat once (nil: for every line).
func fillStatisticsLine(cells []excelize.Cell, vals []any, s *sessionInfo, st *styles, lv *lineValues) statisticsLine {
	date, content, rem := s.Date.String(), contentText(s.Session), remarks(*s)
	cells[0] = excelize.Cell{StyleID: st.text, Value: date}
	cells[1] = excelize.Cell{StyleID: st.cell, Value: lv.station(s.Station)}
	cells[2] = excelize.Cell{StyleID: st.cell, Value: content}
	cells[3] = excelize.Cell{StyleID: st.cell, Value: lv.band(s.Band)}
	cells[4] = excelize.Cell{StyleID: st.number, Value: s.Families}
	cells[5] = excelize.Cell{StyleID: st.cellLeft, Value: rem}
	for i := range 6 {
		vals[i] = &cells[i]
	}
	height := rowHeight(max(1, textLines(rem, statisticsWidths[5]), textLines(content, statisticsWidths[2])), 20)
	return statisticsLine{date: date, cells: vals[:6], height: height}
}

// lineValues are the cell values statistics rows repeat (the station,
// the band), each made into a cell value once for many rows.
type lineValues struct {
	lastStation string
	stationV    any
	bands       map[model.AgeBand]any
}

// station is the cell value of the station name s.
func (lv *lineValues) station(s string) any {
	if lv == nil {
		return s
	}
	if lv.stationV == nil || lv.lastStation != s {
		lv.lastStation, lv.stationV = s, s
	}
	return lv.stationV
}

// band is the cell value of the band b.
func (lv *lineValues) band(b model.AgeBand) any {
	if lv == nil {
		return bandText(b)
	}
	v, ok := lv.bands[b]
	if !ok {
		if lv.bands == nil {
			lv.bands = map[model.AgeBand]any{}
		}
		v = bandText(b)
		lv.bands[b] = v
	}
	return v
}

// write streams the line as the given row.
func (l *statisticsLine) write(sw *excelize.StreamWriter, row int) error {
	cell, _ := excelize.CoordinatesToCellName(1, row)
	return sw.SetRow(cell, l.cells, excelize.RowOpts{Height: l.height})
}

// statisticsReader is the goroutine reading what the statistics workbook
// shows. Each channel is closed once its part is sent, or as soon as the
// reader fails or is stopped; stop then gives the reason.
type statisticsReader struct {
	span    chan store.SessionSpan
	styles  chan *styles
	batches chan *lineBatch
	// free takes back the batches written, for the reader to fill again.
	free    chan *lineBatch
	quota   chan []yearQuota
	quit    chan struct{}
	done    chan error
	err     error
	stopped bool
}

// statisticsBatch is how many rows the reader hands over at a time, after
// the first statisticsFirstBatch.
const statisticsBatch, statisticsFirstBatch = 128, 16

// errStopped tells the reader goroutine its consumer has given up.
var errStopped = errors.New("export: statistics reader stopped")

// readStatistics starts the reader, which hands the rows over size at a
// time once it has the workbook's styles (useStyles).
func readStatistics(v *store.Snapshot, opt Options, ds *dataset, size int) *statisticsReader {
	r := &statisticsReader{span: make(chan store.SessionSpan, 1), styles: make(chan *styles, 1), batches: make(chan *lineBatch, 4), free: make(chan *lineBatch, 8),
		quota: make(chan []yearQuota, 1), quit: make(chan struct{}), done: make(chan error, 1)}
	go func() {
		var spanSent, rowsSent bool
		err := r.read(v, opt, ds, size, &spanSent, &rowsSent)
		if !spanSent {
			close(r.span)
		}
		if !rowsSent {
			close(r.batches)
		}
		close(r.quota)
		r.done <- err
	}()
	return r
}

// useStyles gives the reader the styles of the rows' cells.
func (r *statisticsReader) useStyles(st *styles) { r.styles <- st }

// read does the reader's work, closing span and batches (and saying so)
// once each is sent.
func (r *statisticsReader) read(v *store.Snapshot, opt Options, ds *dataset, size int, spanSent, rowsSent *bool) error {
	span, err := v.Span(opt.From, opt.To)
	if err != nil {
		return err
	}
	r.span <- span
	close(r.span)
	*spanSent = true
	held := heldTally{}
	// Most rows are the station's own: its name and unit are not read
	// for them.
	usual := store.RowDefaults{Station: ds.station, UnitID: ds.set.UnitID}
	if err := r.sendRows(v, opt, usual, ds.set.Location(), size, held); err != nil {
		return err
	}
	close(r.batches)
	*rowsSent = true
	// A consumer that gave up while the last rows went out (stop drains
	// them) gets no quota, and the snapshot is not read for it.
	if r.stopping() {
		return errStopped
	}
	quota, err := held.progress(v, opt, quotaYears(opt, span, ds.now.In(ds.set.Location()).Year()))
	if err != nil {
		return err
	}
	r.quota <- ownQuota(quota, ds.set.UnitID, span.Units)
	return nil
}

// sendRows reads the rows with what their 备注 lists and hands them over
// in batches, counting the closed sessions in held as they pass. usual
// names the station's own station and unit.
func (r *statisticsReader) sendRows(v *store.Snapshot, opt Options, usual store.RowDefaults, loc *time.Location, size int, held heldTally) error {
	corr, err := correctionsBySession(v, opt)
	if err != nil {
		return err
	}
	changes, err := signInChangesBySession(v, opt)
	if err != nil {
		return err
	}
	fam, err := familyNotesBySession(v, loc)
	if err != nil {
		return err
	}
	var st *styles
	select {
	case st = <-r.styles:
	case <-r.quit:
		return errStopped
	}
	// The first batch is small: the writer waits for it.
	batch, lv := r.newBatch(min(size, statisticsFirstBatch)), &lineValues{}
	send := func() error {
		if r.stopping() {
			return errStopped
		}
		select {
		case r.batches <- batch:
			batch = r.newBatch(size)
			return nil
		case <-r.quit:
			return errStopped
		}
	}
	err = v.EachStatisticsRow(opt.From, opt.To, usual, func(row store.SessionRow) error {
		held.add(&row)
		info := sessionInfo{SessionRow: row, corrections: corr[row.ID], familyNotes: fam[row.ID], signInChanges: changes[row.ID], loc: loc}
		if batch.add(&info, st, lv) {
			return send()
		}
		return nil
	})
	if err == nil && len(batch.lines) > 0 {
		err = send()
	}
	return err
}

// lineBatch is a batch of statistics lines being made: the cells of all
// of them are one allocation.
type lineBatch struct {
	lines []statisticsLine
	cells []excelize.Cell
	vals  []any
}

// newBatch gives an empty batch of size lines: one the writer is done
// with, or a new one.
func (r *statisticsReader) newBatch(size int) *lineBatch {
	select {
	case b := <-r.free:
		if cap(b.lines) == size {
			b.lines = b.lines[:0]
			return b
		}
	default:
	}
	return &lineBatch{lines: make([]statisticsLine, 0, size), cells: make([]excelize.Cell, 6*size), vals: make([]any, 6*size)}
}

// recycle hands a written batch back to the reader (the stream writer
// keeps nothing of the cells it wrote).
func (r *statisticsReader) recycle(b *lineBatch) {
	select {
	case r.free <- b:
	default:
	}
}

// add makes the line of s and reports whether the batch is full.
func (b *lineBatch) add(s *sessionInfo, st *styles, lv *lineValues) bool {
	i := 6 * len(b.lines)
	b.lines = append(b.lines, fillStatisticsLine(b.cells[i:i+6], b.vals[i:i+6], s, st, lv))
	return len(b.lines) == cap(b.lines)
}

// heldTally counts the closed sessions among the rows read, by unit ID and
// year: what 任务完成情况 shows as held for a year the range covers whole.
type heldTally map[string]map[int]int

func (t heldTally) add(row *store.SessionRow) {
	if row.State != model.StateClosed {
		return
	}
	years := t[row.UnitID]
	if years == nil {
		years = map[int]int{}
		t[row.UnitID] = years
	}
	years[row.Date.Year]++
}

// progress is the quota progress of years (consecutive): the quotas read,
// with what was held counted in the pass for a year the range opt holds
// whole (the pass saw every session QuotaProgress counts), or else read
// with them.
func (t heldTally) progress(v *store.Snapshot, opt Options, years []int) ([]yearQuota, error) {
	whole := func(y int) bool {
		return (opt.From.IsZero() || !opt.From.After(model.Date{Year: y, Month: time.January, Day: 1})) &&
			(opt.To.IsZero() || !opt.To.Before(model.Date{Year: y, Month: time.December, Day: 31}))
	}
	// Only the range's first and last year can be cut: the whole ones
	// lie between, read in one statement.
	first, last := 0, -1
	for _, y := range years {
		if whole(y) {
			if last < first {
				first = y
			}
			last = y
		}
	}
	var targets []model.QuotaProgress
	if first <= last {
		var err error
		if targets, err = v.QuotaTargets(first, last); err != nil {
			return nil, err
		}
	}
	out := make([]yearQuota, 0, len(years))
	for _, y := range years {
		if !whole(y) {
			q, err := v.QuotaProgress(y)
			if err != nil {
				return nil, err
			}
			out = append(out, yearQuota{year: y, rows: q})
			continue
		}
		var rows []model.QuotaProgress
		for _, q := range targets {
			if q.Year == y {
				q.Held = t[q.Unit.ID][y]
				rows = append(rows, q)
			}
		}
		out = append(out, yearQuota{year: y, rows: rows})
	}
	return out, nil
}

// stopping reports whether stop was called. A select with both the
// quit and a send ready picks either at random, so the reader asks first.
func (r *statisticsReader) stopping() bool {
	select {
	case <-r.quit:
		return true
	default:
		return false
	}
}

// stop tells the reader to give up if it has not finished, waits for it
// and returns its error, if any. Calling it again returns the same.
func (r *statisticsReader) stop() error {
	if r.stopped {
		return r.err
	}
	r.stopped = true
	close(r.quit)
	for range r.batches {
	}
	if err := <-r.done; err != errStopped {
		r.err = err
	}
	return r.err
}

func headerCells(h []string, style int) []any {
	out := make([]any, len(h))
	for i, v := range h {
		out[i] = excelize.Cell{StyleID: style, Value: v}
	}
	return out
}

// quotaSheet writes 任务完成情况: for each year of the range, 附件3's table
// (序号 · 单位 · 任务数（场次）) with the sessions held and the percent done.
// It is streamed, so its used range (columns A–E down to the note) is
// declared first.
func quotaSheet(f *excelize.File, st *styles, county string, years []yearQuota) error {
	if _, err := f.NewSheet(sheetQuota); err != nil {
		return err
	}
	if err := colWidths(f, sheetQuota, []float64{8, 26, 16, 16, 12}); err != nil {
		return err
	}
	if err := pageSetup(f, sheetQuota, false, ""); err != nil {
		return err
	}
	last := 1 // each year: title, header, units, 合计 and an empty row; then the note
	for _, yq := range years {
		last += len(yq.rows) + 4
	}
	if err := f.SetSheetDimension(sheetQuota, cellName(1, 1)+":"+cellName(5, last)); err != nil {
		return err
	}
	s, err := newSheetStream(f, sheetQuota)
	if err != nil {
		return err
	}
	for _, yq := range years {
		s.merged(1, 5, fmt.Sprintf("%s%d年%s", county, yq.year, titleQuota), st.title)
		s.end(28)
		for i, h := range quotaHeader {
			s.put(i+1, h, st.header)
		}
		s.end(22)
		quota, held := 0, 0
		for i, q := range yq.rows {
			s.put(1, quotaSerial(q, i), st.number)
			s.put(2, q.Unit.Name, st.cell)
			s.put(3, q.Quota, st.number)
			s.put(4, q.Held, st.number)
			s.percent(5, q.Held, q.Quota, st)
			s.end(20)
			quota, held = quota+q.Quota, held+q.Held
		}
		s.merged(1, 2, "合计", st.header)
		s.put(3, quota, st.number)
		s.put(4, held, st.number)
		s.percent(5, held, quota, st)
		s.end(20)
		s.skip(1)
	}
	s.merged(1, 5, "已开展：该单位当年已结束（已提交总结）的活动场次，按本站数据库统计；完成率 = 已开展 ÷ 任务数。", st.note)
	s.end(28)
	return s.flush()
}

// quotaSerial is the 序号 of the i-th row of a quota table: the unit's in
// 附件3 (the station's table may list its own unit alone).
func quotaSerial(q model.QuotaProgress, i int) int {
	if q.Unit.Order > 0 {
		return q.Unit.Order
	}
	return i + 1
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
func unitsText(own string, span store.SessionSpan) string {
	switch names := span.Units; len(names) {
	case 0:
		return own
	case 1:
		return names[0]
	default:
		return fmt.Sprintf("%d 个单位（%s）", len(names), strings.Join(names, "、"))
	}
}
