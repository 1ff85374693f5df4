package export

import (
	"fmt"
	"io"
	"time"

	"github.com/xuri/excelize/v2"

	"carekiosk/model"
)

// CountyReport is what the county center's report shows, as plain records:
// the county's database (package countydb) fills it, this package lays it
// out with the same forms, styles and print settings as a station's export.
type CountyReport struct {
	County string
	// From and To are the range reported (both set).
	From, To model.Date
	// Now dates the report (the folder name).
	Now time.Time
	// Loc is the stations' zone: every time a person reads is in it.
	Loc *time.Location
	// Units lists every unit of the plan in 序号 order.
	Units []model.Unit
	// Sessions are the range's sessions by unit (序号 order), then date.
	Sessions []CountySession
	// Stream, when set, delivers the sessions instead, while 活动统计表
	// streams (Sessions is not read); Quota and Reporting must be whole
	// once its Next has said there are no more: the sheets after read
	// them.
	Stream    CountySessionStream
	Quota     []CountyQuotaYear
	Reporting []CountyReportingYear
}

// CountySessionStream delivers a county report's sessions in the order
// of its statistics table, batch by batch, as they are read.
type CountySessionStream interface {
	// Counts says how many sessions will come, and of how many units.
	Counts() (sessions, units int)
	// Next returns the next batch, nil after the last one (or an error).
	// A batch is the caller's until its next call: the stream may then
	// fill it again.
	Next() ([]CountySession, error)
}

// CountySession is one session of the county's report.
type CountySession struct {
	Unit              string
	Session           model.Session
	SignIns, Families int
	Corrections       []model.Correction
	// Paper is where a session the county took from a unit's old paper
	// statistics table (history before carekiosk) came from; nil for a
	// station's. Such a session has no 活动记录表 or 签到表.
	Paper *model.PaperSource
	// PaperFamiliesUnknown is true when that table left 参与家庭 empty.
	PaperFamiliesUnknown bool
}

// CountyQuotaYear is one year of 任务完成情况.
type CountyQuotaYear struct {
	Year int
	Rows []CountyQuotaRow
}

// CountyQuotaRow is one unit's line of 任务完成情况: 附件3's quota, the
// closed sessions held, its latest bundle and whether its latest due
// report came on time.
type CountyQuotaRow struct {
	Unit        string
	Quota, Held int
	// LastReport is the latest bundle ("第3号 2026-11-02"), "" when none.
	LastReport string
	// Status is 按时, 逾期 N 天 or 未报 for the latest month due, "" when
	// none is due yet.
	Status string
}

// CountyReportingYear is one year of 上报情况: per unit, each month's
// report status and the counts a reporting rate is made of.
type CountyReportingYear struct {
	Year   int
	Months []time.Month
	Rows   []CountyReportingRow
}

// CountyReportingRow is one unit's months: Cells[i] for Months[i].
type CountyReportingRow struct {
	Unit                       string
	Cells                      []string
	Expected, Received, OnTime int
}

// County sheet names and titles.
const (
	sheetReporting  = "上报情况"
	sheetMonthly    = "每月活动"
	titleReporting  = "各单位数据上报情况"
	titleMonthly    = "各单位每月活动场次"
	countyFolderTag = "carekiosk县汇总"
)

var (
	countyStatisticsHeader = append([]string{"单位"}, statisticsHeader...)
	countyStatisticsWidths = append([]float64{18}, statisticsWidths...)
	countyQuotaHeader      = append(append([]string{}, quotaHeader...), "最近一次上报", "按时/逾期")
)

// CountyWorkbookName names the county's report workbook.
func CountyWorkbookName(r *CountyReport) string {
	return "县汇总报表_" + safeName(r.County, 20) + "_" + rangeSlug(r.From, r.To) + ".xlsx"
}

// WriteCountyWorkbook writes the county's report workbook: 活动统计表 (附件6
// with a 单位 column, every unit's sessions), 任务完成情况 (every unit),
// 上报情况 (reporting completeness and timeliness per unit and month) and
// 每月活动 (closed sessions per month per unit, with a chart).
func WriteCountyWorkbook(w io.Writer, r *CountyReport) error {
	f, st, err := newWorkbook(sheetStatistics)
	if err != nil {
		return err
	}
	defer f.Close()
	mc := newMonthlyCounter(r)
	if err := countyStatistics(f, st, r, mc); err != nil {
		return err
	}
	if err := countyQuotaSheet(f, st, r); err != nil {
		return err
	}
	if err := reportingSheet(f, st, r); err != nil {
		return err
	}
	if err := monthlySheet(f, st, r, mc); err != nil {
		return err
	}
	// The first sheet stays the active one (setting it again would make
	// excelize read the streamed sheet back).
	return f.Write(w)
}

// countyBatch is how many statistics rows are made at a time.
const countyBatch = 256

// countyStatistics streams 活动统计表: the unit first, then 附件6's columns,
// counting each session in mc as it goes by.
func countyStatistics(f *excelize.File, st *styles, r *CountyReport, mc *monthlyCounter) error {
	if err := pageSetup(f, sheetStatistics, true, "$1:$3"); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheetStatistics)
	if err != nil {
		return err
	}
	last, err := countyStatisticsHeading(sw, st, r)
	if err != nil {
		return err
	}
	row := 4
	write := func(lines []statisticsLine) error {
		for i := range lines {
			if err := lines[i].write(sw, row); err != nil {
				return err
			}
			row++
		}
		return nil
	}
	// The cells of each batch are made on another goroutine while the
	// batch before streams.
	ready, stop := make(chan []statisticsLine, 2), make(chan struct{})
	var readErr error
	go func() {
		defer close(ready)
		readErr = countyBatches(r, func(ss []CountySession, lv *lineValues) bool {
			mc.add(ss)
			select {
			case ready <- countyLines(ss, r.Loc, st, lv):
				return true
			case <-stop:
				return false
			}
		})
	}()
	for lines := range ready {
		if err == nil {
			if err = write(lines); err != nil {
				close(stop)
			}
		}
	}
	if err != nil {
		return err
	}
	if readErr != nil {
		return readErr
	}
	if row == 4 {
		if err := sw.SetRow("A4", []any{excelize.Cell{StyleID: st.cell, Value: "（所选日期范围内没有活动）"}}, excelize.RowOpts{Height: 24}); err != nil {
			return err
		}
		if err := sw.MergeCell("A4", last+"4"); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// countyBatches hands the report's sessions to each, countyBatch at a
// time (or as r.Stream delivers them), until it returns false.
func countyBatches(r *CountyReport, each func([]CountySession, *lineValues) bool) error {
	lv := &lineValues{}
	if r.Stream == nil {
		for i := 0; i < len(r.Sessions); i += countyBatch {
			if !each(r.Sessions[i:min(i+countyBatch, len(r.Sessions))], lv) {
				return nil
			}
		}
		return nil
	}
	for {
		ss, err := r.Stream.Next()
		if err != nil || len(ss) == 0 {
			return err
		}
		if !each(ss, lv) {
			return nil
		}
	}
}

// countyStatisticsHeading writes the county statistics sheet's column
// widths, title, the line naming the units, period and count, and the
// column header; it returns the last column's name.
func countyStatisticsHeading(sw *excelize.StreamWriter, st *styles, r *CountyReport) (string, error) {
	total := 0.0
	for i, wd := range countyStatisticsWidths {
		total += wd
		if err := sw.SetColWidth(i+1, i+1, wd); err != nil {
			return "", err
		}
	}
	var count, active int
	if r.Stream != nil {
		count, active = r.Stream.Counts()
	} else {
		units := map[string]bool{}
		for _, s := range r.Sessions {
			units[s.Unit] = true
		}
		count, active = len(r.Sessions), len(units)
	}
	sub := fmt.Sprintf("单位：全县 %d 个单位（%d 个有活动）　　统计期间：%s　　共 %d 场活动", len(r.Units), active, rangeText(r.From, r.To), count)
	head := [][]any{
		{excelize.Cell{StyleID: st.title, Value: r.County + titleStatistics}},
		{excelize.Cell{StyleID: st.subtitle, Value: sub}},
		headerCells(countyStatisticsHeader, st.header),
	}
	heights := []float64{28, rowHeight(textLines(sub, total), 20), 22}
	last, _ := excelize.ColumnNumberToName(len(countyStatisticsHeader))
	for i, cells := range head {
		if err := sw.SetRow(fmt.Sprintf("A%d", i+1), cells, excelize.RowOpts{Height: heights[i]}); err != nil {
			return "", err
		}
		if i < 2 {
			if err := sw.MergeCell(fmt.Sprintf("A%d", i+1), fmt.Sprintf("%s%d", last, i+1)); err != nil {
				return "", err
			}
		}
	}
	return last, nil
}

// countyQuotaSheet writes 任务完成情况 for every unit, a table per year.
func countyQuotaSheet(f *excelize.File, st *styles, r *CountyReport) error {
	if _, err := f.NewSheet(sheetQuota); err != nil {
		return err
	}
	if err := colWidths(f, sheetQuota, []float64{6, 20, 16, 16, 9, 19, 24}); err != nil {
		return err
	}
	if err := pageSetup(f, sheetQuota, false, ""); err != nil {
		return err
	}
	s, err := newSheetStream(f, sheetQuota)
	if err != nil {
		return err
	}
	for _, yq := range r.Quota {
		s.merged(1, 7, fmt.Sprintf("%s%d年%s", r.County, yq.Year, titleQuota), st.title)
		s.end(28)
		for i, h := range countyQuotaHeader {
			s.put(i+1, h, st.header)
		}
		s.end(30)
		quota, held := 0, 0
		for i, q := range yq.Rows {
			s.put(1, i+1, st.number)
			s.put(2, q.Unit, st.cell)
			s.put(3, q.Quota, st.number)
			s.put(4, q.Held, st.number)
			s.percent(5, q.Held, q.Quota, st)
			s.put(6, orDash(q.LastReport), st.cell)
			s.put(7, orDash(q.Status), st.cell)
			s.end(20)
			quota, held = quota+q.Quota, held+q.Held
		}
		s.merged(1, 2, "合计", st.header)
		s.put(3, quota, st.number)
		s.put(4, held, st.number)
		s.percent(5, held, quota, st)
		s.merged(6, 7, "", st.cell)
		s.end(20)
		s.skip(1)
	}
	note := "已开展：该单位当年已结束的活动场次，按县妇计中心已导入的数据包统计，加上导入的往年纸质统计表中的场次（与数据包同单位同日同地点的只按数据包计一次）；完成率 = 已开展 ÷ 任务数。" +
		"最近一次上报：收到的该单位最新数据包的编号和站点生成日期。按时/逾期：最近一个已到截止日的月份的上报情况（见“上报情况”表）；" +
		"单位从登记第一个站点的当月起应报，还没有应报月份的写“某年某月起应报”，尚未登记站点的写“未登记站点”。"
	s.merged(1, 7, note, st.note)
	s.end(42)
	return s.flush()
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// reportingSheet writes 上报情况: per year, a row per unit with each
// month's status and the counts and rates DHIS2 reports (expected =
// units × periods due, received, received on time).
func reportingSheet(f *excelize.File, st *styles, r *CountyReport) error {
	if _, err := f.NewSheet(sheetReporting); err != nil {
		return err
	}
	widths := []float64{6, 20}
	for range 12 {
		widths = append(widths, 10)
	}
	if err := colWidths(f, sheetReporting, append(widths, 7, 7, 7, 9, 9)); err != nil {
		return err
	}
	if err := pageSetup(f, sheetReporting, true, ""); err != nil {
		return err
	}
	s, err := newSheetStream(f, sheetReporting)
	if err != nil {
		return err
	}
	for _, y := range r.Reporting {
		reportingYear(s, st, r.County, y)
	}
	if len(r.Reporting) == 0 {
		s.merged(1, 7, "所选日期范围内还没有已结束的月份", st.cell)
		s.end(0)
		s.skip(1)
	}
	note := "每个单位每月应上报一次（周期与截止日按县妇计中心计划：次月截止日前），从该单位登记第一个站点的当月（北京时间）起。某月“已报”：收到该单位站点在次月1日或之后生成、日期范围包含该月的数据包；" +
		"生成日期不晚于截止日为“按时”，否则“逾期”（括号内为晚了几天）。“未启用”：登记第一个站点之前的月份，或单位尚未登记站点，不要求上报、不算逾期；" +
		"“启用前已报”：这样的月份也收到了数据包。两者都不计入应报、已报和按时。应报 = 各单位自启用当月起、已过截止日的月数（已提前收到的月份也计入），上报率 = 已报 ÷ 应报，及时率 = 按时 ÷ 应报。"
	s.merged(1, 19, note, st.note)
	s.end(42)
	return s.flush()
}

// reportingYear streams one year's table of 上报情况 and the empty row
// after it.
func reportingYear(s *sheetStream, st *styles, county string, y CountyReportingYear) {
	s.merged(1, 2+len(y.Months)+5, fmt.Sprintf("%s%d年%s", county, y.Year, titleReporting), st.title)
	s.end(28)
	head := []string{"序号", "单位"}
	for _, m := range y.Months {
		head = append(head, fmt.Sprintf("%d月", m))
	}
	head = append(head, "应报", "已报", "按时", "上报率", "及时率")
	for i, h := range head {
		s.put(i+1, h, st.header)
	}
	s.end(22)
	var exp, rec, on int
	for i, u := range y.Rows {
		s.put(1, i+1, st.number)
		s.put(2, u.Unit, st.cell)
		for j, cell := range u.Cells {
			s.put(3+j, cell, st.cell)
		}
		reportingCounts(s, 3+len(y.Months), u.Expected, u.Received, u.OnTime, st)
		s.end(30)
		exp, rec, on = exp+u.Expected, rec+u.Received, on+u.OnTime
	}
	s.merged(1, 2+len(y.Months), fmt.Sprintf("合计（%d 个单位）", len(y.Rows)), st.header)
	reportingCounts(s, 3+len(y.Months), exp, rec, on, st)
	s.end(20)
	s.skip(1)
}

func reportingCounts(s *sheetStream, col, exp, rec, on int, st *styles) {
	s.put(col, exp, st.number)
	s.put(col+1, rec, st.number)
	s.put(col+2, on, st.number)
	s.percent(col+3, rec, exp, st)
	s.percent(col+4, on, exp, st)
}

func mustCol(n int) string {
	s, _ := excelize.ColumnNumberToName(n)
	return s
}

// MonthlyCounts counts the closed sessions of each unit per month of the
// range: months (first days) in order, and per unit (r.Units order) the
// count of each month.
func MonthlyCounts(r *CountyReport) (months []model.Date, counts [][]int) {
	mc := newMonthlyCounter(r)
	mc.add(r.Sessions)
	return mc.months, mc.counts
}

// monthlyCounter counts closed sessions per unit and month of a report's
// range, as they go by (the statistics table's sessions may be streamed,
// not kept).
type monthlyCounter struct {
	months []model.Date   // first days, in order
	counts [][]int        // per unit (r.Units order), per month
	month  map[int]int    // year*12+month → index in months
	unit   map[string]int // unit name → index in r.Units
}

// newMonthlyCounter is a counter of r's range and units, all at 0.
func newMonthlyCounter(r *CountyReport) *monthlyCounter {
	mc := &monthlyCounter{month: map[int]int{}, unit: map[string]int{}}
	if r.From.IsZero() || r.To.IsZero() {
		return mc
	}
	for m := (model.Date{Year: r.From.Year, Month: r.From.Month, Day: 1}); !m.After(r.To); m = m.AddMonths(1) {
		mc.month[m.Year*12+int(m.Month)] = len(mc.months)
		mc.months = append(mc.months, m)
	}
	mc.counts = make([][]int, len(r.Units))
	for i, u := range r.Units {
		mc.unit[u.Name] = i
		mc.counts[i] = make([]int, len(mc.months))
	}
	return mc
}

// add counts the closed ones of ss.
func (mc *monthlyCounter) add(ss []CountySession) {
	for i := range ss {
		s := &ss[i]
		if s.Session.State != model.StateClosed {
			continue
		}
		ui, ok := mc.unit[s.Unit]
		mi, okm := mc.month[s.Session.Date.Year*12+int(s.Session.Date.Month)]
		if ok && okm {
			mc.counts[ui][mi]++
		}
	}
}

// monthlySheet writes 每月活动: a table of closed sessions per month (rows)
// and unit (columns), counted in mc, and a chart of it.
func monthlySheet(f *excelize.File, st *styles, r *CountyReport, mc *monthlyCounter) error {
	if _, err := f.NewSheet(sheetMonthly); err != nil {
		return err
	}
	months, counts := mc.months, mc.counts
	n := len(r.Units) + 2
	ws := []float64{10}
	for range r.Units {
		ws = append(ws, 9)
	}
	if err := colWidths(f, sheetMonthly, append(ws, 8)); err != nil {
		return err
	}
	if len(months) > 0 && len(r.Units) > 0 {
		if err := monthlyChart(f, r, len(months), fmt.Sprintf("A%d", len(months)+5)); err != nil {
			return err
		}
	}
	if err := pageSetup(f, sheetMonthly, true, ""); err != nil {
		return err
	}
	// The table and its chart print on one page.
	one := 1
	if err := f.SetPageLayout(sheetMonthly, &excelize.PageLayoutOptions{FitToHeight: &one}); err != nil {
		return err
	}
	s, err := newSheetStream(f, sheetMonthly)
	if err != nil {
		return err
	}
	s.merged(1, n, r.County+titleMonthly+"（"+rangeText(r.From, r.To)+"，已结束的活动）", st.title)
	s.end(28)
	s.put(1, "月份", st.header)
	for i, u := range r.Units {
		s.put(i+2, u.Name, st.header)
	}
	s.put(n, "合计", st.header)
	s.end(44)
	for mi, m := range months {
		s.put(1, fmt.Sprintf("%d-%02d", m.Year, m.Month), st.text)
		sum := 0
		for ui := range r.Units {
			s.put(ui+2, counts[ui][mi], st.number)
			sum += counts[ui][mi]
		}
		s.put(n, sum, st.number)
		s.end(0)
	}
	return s.flush()
}

// monthlyChart adds the chart of 每月活动 at cell: a column per month, each
// stacked from the units' sessions, so the county's month and each unit's
// share read at once, over one year or five.
func monthlyChart(f *excelize.File, r *CountyReport, months int, cell string) error {
	last := months + 2
	var series []excelize.ChartSeries
	for i := range r.Units {
		col := mustCol(i + 2)
		series = append(series, excelize.ChartSeries{
			Name:       fmt.Sprintf("'%s'!$%s$2", sheetMonthly, col),
			Categories: fmt.Sprintf("'%s'!$A$3:$A$%d", sheetMonthly, last),
			Values:     fmt.Sprintf("'%s'!$%s$3:$%s$%d", sheetMonthly, col, col, last),
		})
	}
	font := &excelize.Font{Family: formFont, Size: 12, Bold: true}
	printIt := true
	return f.AddChart(sheetMonthly, cell, &excelize.Chart{
		Type:      excelize.ColStacked,
		Series:    series,
		Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "各单位每月活动场次", Font: font}}},
		Legend:    excelize.ChartLegend{Position: "bottom"},
		Dimension: excelize.ChartDimension{Width: 900, Height: 420},
		Format:    excelize.GraphicOptions{PrintObject: &printIt},
		YAxis:     excelize.ChartAxis{MajorGridLines: true, MajorUnit: 1},
	})
}

// countyLines makes the statistics rows of sessions: the unit, then
// 附件6's columns; the values rows repeat (unit, station, band) are made
// once (lv).
func countyLines(ss []CountySession, loc *time.Location, st *styles, lv *lineValues) []statisticsLine {
	const n = 7
	out := make([]statisticsLine, len(ss))
	cells, vals := make([]excelize.Cell, n*len(ss)), make([]any, n*len(ss))
	var unit string
	var unitV any
	for i := range ss {
		c, v := cells[n*i:n*(i+1)], vals[n*i:n*(i+1)]
		if unitV == nil || ss[i].Unit != unit {
			unit, unitV = ss[i].Unit, ss[i].Unit
		}
		c[0] = excelize.Cell{StyleID: st.cell, Value: unitV}
		v[0] = &c[0]
		info := countySessionInfo(ss[i], loc)
		out[i] = fillStatisticsLine(c[1:], v[1:], &info, st, lv)
		out[i].cells = v
	}
	return out
}
