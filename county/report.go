package county

import (
	"context"
	"fmt"
	"io"
	"time"

	"carekiosk/export"
	"carekiosk/model"
)

// ReportSource is what the county's report and web page read of its
// database (package countydb implements it).
type ReportSource interface {
	County(ctx context.Context) (string, error)
	PlanYears(ctx context.Context) ([]model.PlanYear, error)
	Units(ctx context.Context) ([]model.Unit, error)
	QuotaProgress(ctx context.Context, year int) ([]model.QuotaProgress, error)
	Receipts(ctx context.Context, station string) ([]Receipt, error)
	// Stations lists the registered stations: a unit owes reports from
	// the month its first was registered (StartsOf).
	Stations(ctx context.Context) ([]Station, error)
	Session(ctx context.Context, id string) (*Session, error)
	// ReportRecords reads, from one snapshot, what the report shows of the
	// records for from..to (both set).
	ReportRecords(ctx context.Context, from, to model.Date) (*ReportRecords, error)
	SignIns(ctx context.Context, sessionID string) ([]model.SignIn, error)
	Withdrawn(ctx context.Context, sessionID string) ([]Withdrawn, error)
	// SignInChanges lists a session's sign-in withdrawals and corrections
	// as the stations' bundles carried them.
	SignInChanges(ctx context.Context, sessionID string) ([]model.SignInChange, error)
}

// ReportRecords is what the county's report reads of its records, in one
// read of the database.
type ReportRecords struct {
	// Units lists every unit in 序号 order.
	Units    []model.Unit
	Receipts []Receipt
	// Sessions are the range's sessions as the statistics table lists them:
	// by unit (序号), then date, then creation, then id; with their unit's name,
	// date, location, title, content areas, band, state, counts and
	// corrections.
	Sessions []export.CountySession
	// Held counts, per year of the range (the whole year) and unit id, the
	// unit's closed sessions: QuotaProgress's Held.
	Held map[int]map[string]int
	// Stream, set by ReportStream, delivers the sessions as they are read,
	// instead of Sessions; Held and Receipts are whole once its Next has
	// said there are no more.
	Stream SessionStream
}

// SessionStream is a report's sessions read while they are written.
type SessionStream interface {
	export.CountySessionStream
	// Close stops the reading, at once when it is not at its end; it may
	// be called more than once.
	Close()
}

// ReportStreamSource is a ReportSource that can read the report's
// sessions while its workbook is written (countydb.DB).
type ReportStreamSource interface {
	// ReportStream is ReportRecords with the sessions in Stream, from one
	// snapshot; the caller closes Stream.
	ReportStream(ctx context.Context, from, to model.Date) (*ReportRecords, error)
}

// FamilyCorrectionSource lists the corrections of families that changed a
// session's sign-ins, for its forms; a ReportSource that has them
// (countydb.DB) implements it.
type FamilyCorrectionSource interface {
	FamilyCorrections(ctx context.Context, sessionID string) ([]model.FamilyCorrection, error)
}

// Zone is the stations' zone: the county's days and months are theirs.
func Zone() *time.Location { return model.DefaultSettings().Location() }

// ReportRange resolves a report's range: an open start is the first day
// of the plan's first year, an open end today.
func ReportRange(years []model.PlanYear, from, to, today model.Date) (model.Date, model.Date, error) {
	if from.IsZero() {
		from = model.Date{Year: today.Year, Month: 1, Day: 1}
		if len(years) > 0 {
			from.Year = years[0].Year
		}
	}
	if to.IsZero() {
		to = today
		if to.Before(from) {
			to = model.Date{Year: from.Year, Month: 12, Day: 31}
		}
	}
	if to.Before(from) {
		return from, to, model.FieldErrorf("range", "结束日期 %s 早于开始日期 %s", "the end date %s is before the start date %s", to, from)
	}
	return from, to, nil
}

// BuildReport reads what the county's report shows for the range
// from..to (open ends: see ReportRange) as of now.
func BuildReport(ctx context.Context, src ReportSource, from, to model.Date, now time.Time) (*export.CountyReport, error) {
	r, years, err := reportHead(ctx, src, from, to, now)
	if err != nil {
		return nil, err
	}
	rec, err := src.ReportRecords(ctx, r.From, r.To)
	if err != nil {
		return nil, err
	}
	r.Units, r.Sessions = rec.Units, rec.Sessions
	starts, err := reportStarts(ctx, src)
	if err != nil {
		return nil, err
	}
	rep := reportBody(r, years, rec, starts)
	r.Quota = quotaYears(r, years, rec, rep, starts)
	return r, nil
}

// WriteReportWorkbook writes the county's report workbook for from..to
// (open ends: see ReportRange) as of now to w, and returns the report
// written. When src is a ReportStreamSource the sessions of 活动统计表
// are read while it is written, a batch at a time, and the report
// returned does not hold them (its Quota counts them).
func WriteReportWorkbook(ctx context.Context, src ReportSource, w io.Writer, from, to model.Date, now time.Time) (*export.CountyReport, error) {
	ss, ok := src.(ReportStreamSource)
	if !ok {
		r, err := BuildReport(ctx, src, from, to, now)
		if err != nil {
			return nil, err
		}
		return r, export.WriteCountyWorkbook(w, r)
	}
	r, years, err := reportHead(ctx, src, from, to, now)
	if err != nil {
		return nil, err
	}
	rec, err := ss.ReportStream(ctx, r.From, r.To)
	if err != nil {
		return nil, err
	}
	defer rec.Stream.Close()
	r.Units = rec.Units
	starts, err := reportStarts(ctx, src)
	if err != nil {
		return nil, err
	}
	// 上报情况 and 任务完成情况 come after 活动统计表: the receipts and Held
	// are whole by then, and are laid out while its last rows are written.
	r.Stream = &quotaStream{SessionStream: rec.Stream, done: func() {
		rep := reportBody(r, years, rec, starts)
		r.Quota = quotaYears(r, years, rec, rep, starts)
	}}
	err = export.WriteCountyWorkbook(w, r)
	r.Stream = nil
	return r, err
}

// quotaStream calls done when its stream has delivered its last batch:
// 上报情况 and 任务完成情况 are then known.
type quotaStream struct {
	SessionStream
	done func()
}

// Next is the stream's Next, calling done after the last batch.
func (q *quotaStream) Next() ([]export.CountySession, error) {
	ss, err := q.SessionStream.Next()
	if err == nil && len(ss) == 0 && q.done != nil {
		q.done()
		q.done = nil
	}
	return ss, err
}

// reportHead starts the report for from..to as of now: the county's
// name, the range resolved and the plan's years.
func reportHead(ctx context.Context, src ReportSource, from, to model.Date, now time.Time) (*export.CountyReport, []model.PlanYear, error) {
	loc := Zone()
	name, err := src.County(ctx)
	if err != nil {
		return nil, nil, err
	}
	years, err := src.PlanYears(ctx)
	if err != nil {
		return nil, nil, err
	}
	if from, to, err = ReportRange(years, from, to, model.DateOf(now.In(loc))); err != nil {
		return nil, nil, err
	}
	return &export.CountyReport{County: name, From: from, To: to, Now: now, Loc: loc}, years, nil
}

// reportStarts reads when each unit owes reports from.
func reportStarts(ctx context.Context, src ReportSource) (ReportStarts, error) {
	stations, err := src.Stations(ctx)
	if err != nil {
		return nil, err
	}
	return StartsOf(stations, Zone()), nil
}

// reportBody fills the report's 上报情况 and returns the reporting it is
// made of.
func reportBody(r *export.CountyReport, years []model.PlanYear, rec *ReportRecords, starts ReportStarts) []UnitReporting {
	rep := Reporting(years, rec.Receipts, starts, r.From, r.To, model.DateOf(r.Now.In(r.Loc)), r.Loc)
	r.Reporting = reportingYears(rep)
	return rep
}

// quotaYears is 任务完成情况 of every plan year of the report's range.
func quotaYears(r *export.CountyReport, years []model.PlanYear, rec *ReportRecords, rep []UnitReporting, starts ReportStarts) []export.CountyQuotaYear {
	var out []export.CountyQuotaYear
	for y := r.From.Year; y <= r.To.Year; y++ {
		py, ok := planFor(years, y)
		if !ok {
			continue
		}
		q := make([]model.QuotaProgress, len(py.Units))
		for i, u := range py.Units {
			q[i] = model.QuotaProgress{Unit: model.Unit{ID: u.ID, Name: u.Name, Order: u.Order}, Year: y, Quota: u.Quota, Held: rec.Held[y][u.ID]}
		}
		out = append(out, quotaYear(y, q, rec.Receipts, rep, starts, model.DateOf(r.Now.In(r.Loc)), r.Loc))
	}
	return out
}

// reportingYears lays the reporting out a table per year.
func reportingYears(rep []UnitReporting) []export.CountyReportingYear {
	var out []export.CountyReportingYear
	at := map[int]int{}
	for _, u := range rep {
		rows := map[int]*export.CountyReportingRow{}
		for _, m := range u.Months {
			yi, ok := at[m.Month.Year]
			if !ok {
				yi = len(out)
				at[m.Month.Year] = yi
				out = append(out, export.CountyReportingYear{Year: m.Month.Year})
			}
			y := &out[yi]
			if !containsMonth(y.Months, m.Month.Month) {
				y.Months = append(y.Months, m.Month.Month)
			}
			row := rows[m.Month.Year]
			if row == nil {
				y.Rows = append(y.Rows, export.CountyReportingRow{Unit: u.Unit.Name})
				row = &y.Rows[len(y.Rows)-1]
				rows[m.Month.Year] = row
			}
			row.Cells = append(row.Cells, m.Text())
			if m.Expected() {
				row.Expected++
			}
			if m.Received() {
				row.Received++
			}
			if m.Status == OnTime {
				row.OnTime++
			}
		}
	}
	return out
}

func containsMonth(ms []time.Month, m time.Month) bool {
	for _, x := range ms {
		if x == m {
			return true
		}
	}
	return false
}

// Text is a month's cell in 上报情况: 按时, 逾期3天, 未报, 未到期, 未启用
// (not owed), 启用前已报.
func (m MonthReport) Text() string {
	switch m.Status {
	case Late:
		return fmt.Sprintf("逾期%d天", m.LateDays)
	case Missing:
		return "未报"
	}
	return m.Status.Label(model.LangZH)
}

// quotaYear is one year of 任务完成情况 with each unit's latest bundle and
// its latest due month's status (UnitStatus).
func quotaYear(y int, q []model.QuotaProgress, receipts []Receipt, rep []UnitReporting, starts ReportStarts, today model.Date, loc *time.Location) export.CountyQuotaYear {
	out := export.CountyQuotaYear{Year: y}
	for _, p := range q {
		row := export.CountyQuotaRow{Unit: p.Unit.Name, Quota: p.Quota, Held: p.Held}
		if last := LastReceipt(receipts, p.Unit.ID); last != nil {
			row.LastReport = fmt.Sprintf("第%d号 %s", last.Sequence, model.DateOf(last.CreatedAt.In(loc)))
		}
		row.Status, _ = UnitStatus(rep, p.Unit.ID, starts, today, model.LangZH)
		out.Rows = append(out.Rows, row)
	}
	return out
}

// StatusText says a due month's status for 任务完成情况 and the board:
// 按时（10月）, 逾期3天（10月）, 未报，逾期5天（10月）.
func (m MonthReport) StatusText() string {
	month := fmt.Sprintf("（%d月）", m.Month.Month)
	switch m.Status {
	case Late:
		return fmt.Sprintf("逾期%d天%s", m.LateDays, month)
	case Missing:
		return fmt.Sprintf("未报，逾期%d天%s", m.LateDays, month)
	}
	return m.Status.Label(model.LangZH) + month
}

// LastReceipt is the unit's newest bundle by the stations' creation time
// (nil when none came).
func LastReceipt(receipts []Receipt, unitID string) *Receipt {
	var last *Receipt
	for i := range receipts {
		r := &receipts[i]
		if r.UnitID == unitID && (last == nil || r.CreatedAt.After(last.CreatedAt)) {
			last = r
		}
	}
	return last
}

// LatestDue returns the unit's latest month whose report is due (or came).
func LatestDue(u UnitReporting) (MonthReport, bool) {
	for i := len(u.Months) - 1; i >= 0; i-- {
		if u.Months[i].Expected() {
			return u.Months[i], true
		}
	}
	return MonthReport{}, false
}

// Forms reads what a session's forms need beyond its row: its segments
// and sign-ins; a sign-in a later bundle no longer carried is noted as
// withdrawn at the station.
func Forms(src ReportSource) export.FormsFunc {
	return func(ctx context.Context, s export.CountySession) (export.SessionForms, error) {
		var f export.SessionForms
		whole, err := src.Session(ctx, s.Session.ID)
		if err != nil {
			return f, err
		}
		f.Session = &whole.Session
		if f.SignIns, err = src.SignIns(ctx, s.Session.ID); err != nil {
			return f, err
		}
		w, err := src.Withdrawn(ctx, s.Session.ID)
		if err != nil {
			return f, err
		}
		if f.Changes, err = src.SignInChanges(ctx, s.Session.ID); err != nil {
			return f, err
		}
		for _, x := range w {
			f.Withdrawn = append(f.Withdrawn, model.WithdrawnSignIn{Seq: x.Seq, ChildName: x.ChildName, By: "站点",
				At: x.NoticedAt, Reason: fmt.Sprintf("站点撤销，第%d号数据包起不再包含", x.NoticedIn)})
		}
		if fs, ok := src.(FamilyCorrectionSource); ok {
			if f.FamilyCorrections, err = fs.FamilyCorrections(ctx, s.Session.ID); err != nil {
				return f, err
			}
		}
		return f, nil
	}
}

// WriteReport writes the county's report for from..to into a new folder
// under outDir (see export.WriteCountyReport).
func WriteReport(ctx context.Context, src ReportSource, outDir string, from, to model.Date, now time.Time) (export.Report, error) {
	r, err := BuildReport(ctx, src, from, to, now)
	if err != nil {
		return export.Report{}, err
	}
	return export.WriteCountyReport(ctx, outDir, r, Forms(src))
}
