// Package export writes what the county receives from a station: the paper
// forms as spreadsheets (活动记录表 and 签到表 per session, 活动统计表 and
// 任务完成情况 for a date range), the same tables as CSV, and a signed
// station bundle a county import can merge without duplicates. It reads one
// consistent snapshot of the store and never copies the database file.
package export

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"carekiosk/model"
	"carekiosk/store"
)

// The formats an export can write.
const (
	FormatXLSX   = "xlsx"
	FormatCSV    = "csv"
	FormatBundle = "bundle"
)

// AllFormats lists every format, the default.
var AllFormats = []string{FormatXLSX, FormatCSV, FormatBundle}

// Options choose what an export writes.
type Options struct {
	// OutDir is the folder (e.g. a USB stick) the export folder is made in.
	OutDir string
	// From and To bound the session dates, inclusive; zero ends are open.
	From, To model.Date
	// Formats lists "xlsx", "csv" and "bundle"; empty means all.
	Formats []string
	// create replaces file creation in tests (a full disk).
	create createFunc
}

// Report says what an export wrote.
type Report struct {
	// Dir is the export folder; Files every file in it.
	Dir   string
	Files []string
	// Sessions and SignIns count the records exported.
	Sessions, SignIns int
	// PaperSessions counts, in the county's report, the sessions taken
	// from old paper statistics tables: rows of 活动统计表 with no forms.
	PaperSessions int
	// Bundle is the station bundle's path and sequence number, when one was
	// written.
	Bundle         string
	BundleSequence int
	// BundleSessions is how many sessions the bundle holds: all of the
	// station's, whatever the range of the forms.
	BundleSessions int
	// BundleOnly is true when the bundle alone was written: no forms, no
	// CSV.
	BundleOnly bool
	// Sealed is true when the bundle was encrypted to the county's
	// recipient (the station holds the county's plan); without a plan the
	// bundle is written signed but not encrypted.
	Sealed bool
}

// ParseFormats reads a comma-separated list such as "xlsx,csv".
func ParseFormats(s string) ([]string, error) {
	var out []string
	for _, f := range strings.Split(s, ",") {
		f = strings.ToLower(strings.TrimSpace(f))
		if f == "" {
			continue
		}
		if !slices.Contains(AllFormats, f) {
			return nil, model.FieldErrorf("format", "未知的导出格式“%s”，可选 xlsx、csv、bundle", "unknown export format %q; choose xlsx, csv or bundle", f)
		}
		if !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	if len(out) == 0 {
		return append([]string(nil), AllFormats...), nil
	}
	return out, nil
}

// sessionInfo is a session with everything the tables say about it.
type sessionInfo struct {
	store.SessionRow
	corrections []model.Correction
	// familyNotes say what corrections of families did to the session's
	// sign-ins (a name or 月龄 corrected, a merge, a split).
	familyNotes []string
	// signInChanges are the session's sign-in withdrawals and corrections,
	// oldest first.
	signInChanges []model.SignInChange
	// loc is the station's zone: every time a person reads is in it.
	loc *time.Location
	// paperNote is the 备注 of a session the county took from an old
	// paper statistics table: all its remarks say ("" for the others).
	paperNote string
}

// dataset is what one export reads at its start, inside the snapshot.
type dataset struct {
	set     model.Settings
	unit    string // the reporting unit's name
	station string
	// totals sums up the range (load reads it; the statistics workbook
	// reads its own, alongside its rows).
	totals   totals
	sessions []sessionInfo
	bundle   store.BundleState
	now      time.Time
	// bundleHash is the SHA-256 of the bundle written, for the chain.
	bundleHash string
}

type yearQuota struct {
	year int
	rows []model.QuotaProgress
}

// ownQuota keeps, of each year's quota rows, the station's own unit's
// and those of the units its sessions belong to (held, by name): a
// station's database knows nothing of the other units' sessions, so their
// rows and a county 合计 would read as nothing done. All rows stay when
// none of them is the station's (a unit not in the plan).
func ownQuota(years []yearQuota, unitID string, held []string) []yearQuota {
	out := make([]yearQuota, len(years))
	for i, yq := range years {
		var rows []model.QuotaProgress
		for _, q := range yq.rows {
			if q.Unit.ID == unitID || slices.Contains(held, q.Unit.Name) {
				rows = append(rows, q)
			}
		}
		if len(rows) == 0 {
			rows = yq.rows
		}
		out[i] = yearQuota{year: yq.year, rows: rows}
	}
	return out
}

// Run exports the sessions dated opt.From..opt.To in the chosen formats into
// a new folder under opt.OutDir and reports what it wrote. progress, when
// not nil, is called as work completes. All of it reads one snapshot of st;
// on any failure nothing is left behind in opt.OutDir.
func Run(ctx context.Context, st Store, opt Options, progress func(done, total int)) (Report, error) {
	var rep Report
	formats, err := checkOptions(opt)
	if err != nil {
		return rep, err
	}
	// The folder name, the bundle's created_at and the quota year come from
	// the clock: a box that booted in 1970 must not write a 1970 bundle and
	// use up a chain number.
	if err := st.CheckClock(ctx); err != nil {
		return rep, err
	}
	var key ed25519.PrivateKey
	var plan *model.Plan
	if slices.Contains(formats, FormatBundle) {
		// Made (and stored) on first use, before the snapshot starts.
		if key, err = stationKey(ctx, st); err != nil {
			return rep, err
		}
		if plan, err = st.Plan(ctx); err != nil {
			return rep, err
		}
	}
	var w *job
	err = st.View(ctx, func(v *store.Snapshot) error {
		var err error
		w, err = startJob(ctx, v, st.Now(), opt, progress)
		if err != nil {
			return err
		}
		w.total = 1 + len(formats)*(len(w.ds.sessions)+1)
		return w.write(formats, key, plan, &rep)
	})
	if err != nil {
		if w != nil {
			w.out.abort()
		}
		return Report{}, err
	}
	if err := finish(ctx, st, w, &rep); err != nil {
		return Report{}, err
	}
	if progress != nil {
		progress(w.total, w.total)
	}
	return rep, nil
}

// checkOptions checks the formats, the range and the folder of an export.
func checkOptions(opt Options) ([]string, error) {
	formats, err := ParseFormats(strings.Join(opt.Formats, ","))
	if err != nil {
		return nil, err
	}
	if !opt.From.IsZero() && !opt.To.IsZero() && opt.To.Before(opt.From) {
		return nil, model.FieldErrorf("range", "结束日期 %s 早于开始日期 %s", "the end date %s is before the start date %s", opt.To, opt.From)
	}
	if strings.TrimSpace(opt.OutDir) == "" {
		return nil, model.FieldErrorf("out", "请选择导出到哪个文件夹（U盘）", "choose the folder (USB stick) to export to")
	}
	return formats, nil
}

// startJob reads the dataset from the snapshot and makes the export's
// unfinished folder.
func startJob(ctx context.Context, v *store.Snapshot, now time.Time, opt Options, progress func(done, total int)) (*job, error) {
	ds, err := load(v, opt, now, true)
	if err != nil {
		return nil, err
	}
	name := fmt.Sprintf("carekiosk导出_%s_%s_%s", safeName(ds.unit, 20), rangeSlug(opt.From, opt.To), ds.now.In(ds.set.Location()).Format("20060102-150405"))
	out, err := newOutDir(opt.OutDir, name, opt.create)
	if err != nil {
		return nil, err
	}
	return &job{ctx: ctx, v: v, ds: ds, out: out, opt: opt, progress: progress}, nil
}

// write writes each format in turn, noting the bundle in rep.
func (w *job) write(formats []string, key ed25519.PrivateKey, plan *model.Plan, rep *Report) error {
	rep.BundleOnly = len(formats) == 1 && formats[0] == FormatBundle
	for _, f := range formats {
		var err error
		switch f {
		case FormatXLSX:
			err = w.xlsx()
		case FormatCSV:
			err = w.csv()
		case FormatBundle:
			rep.Bundle, rep.BundleSequence, err = w.bundle(key)
			if err == nil && plan != nil {
				rep.Bundle, err = w.seal(rep.Bundle, key, plan.Recipient)
				rep.Sealed = err == nil
			}
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// finish gives the folder its final name, fills in the report and
// remembers the bundle's place in the chain.
func finish(ctx context.Context, st Store, w *job, rep *Report) error {
	ds, out := w.ds, w.out
	rep.Sessions = len(ds.sessions)
	rep.BundleSessions = w.bundleSessions
	for _, s := range ds.sessions {
		rep.SignIns += s.SignIns
	}
	var err error
	if rep.Files, err = out.commit(); err != nil {
		return err
	}
	rep.Dir = out.final
	if rep.Bundle != "" {
		rep.Bundle = out.final + rep.Bundle[len(out.tmp):]
		// Remembered only once the bundle is in its final place: a failed
		// export does not use up a number.
		if err := st.SaveBundleState(ctx, ds.bundle.Sequence, store.BundleState{Sequence: rep.BundleSequence, SHA256: ds.bundleHash, CreatedAt: ds.now, File: rep.Bundle}); err != nil {
			// Another export took this number meanwhile: withdraw the bundle
			// so the county never gets two with one number. The forms stay.
			_ = os.Remove(rep.Bundle)
			return err
		}
	}
	return nil
}

// load reads what every format needs: the head (see loadHead), the
// range's totals, and the sessions with their corrections, their segments
// only when asked.
func load(v *store.Snapshot, opt Options, now time.Time, withSegments bool) (*dataset, error) {
	ds, err := loadHead(v, now)
	if err != nil {
		return nil, err
	}
	if ds.totals, err = readTotals(v, opt, ds); err != nil {
		return nil, err
	}
	if ds.sessions, err = readSessions(v, opt, ds.set.Location(), withSegments); err != nil {
		return nil, err
	}
	return ds, nil
}

// readSessions reads the exported sessions of opt's date range (all when
// it is open) with their corrections, and their segments when asked.
func readSessions(v *store.Snapshot, opt Options, loc *time.Location, withSegments bool) ([]sessionInfo, error) {
	rows, err := v.Sessions(opt.From, opt.To, false, withSegments)
	if err != nil {
		return nil, err
	}
	corr, err := correctionsBySession(v, opt)
	if err != nil {
		return nil, err
	}
	fam, err := familyNotesBySession(v, loc)
	if err != nil {
		return nil, err
	}
	changes, err := signInChangesBySession(v, opt)
	if err != nil {
		return nil, err
	}
	out := make([]sessionInfo, len(rows))
	for i, r := range rows {
		out[i] = sessionInfo{SessionRow: r, corrections: corr[r.ID], familyNotes: fam[r.ID], signInChanges: changes[r.ID], loc: loc}
	}
	return out, nil
}

// loadHead reads the few rows every export starts from: the settings, the
// unit and station names and the bundle chain.
func loadHead(v *store.Snapshot, now time.Time) (*dataset, error) {
	ds := &dataset{now: now}
	var err error
	if ds.set, err = v.Settings(); err != nil {
		return nil, err
	}
	units, err := v.Units()
	if err != nil {
		return nil, err
	}
	for _, u := range units {
		if u.ID == ds.set.UnitID {
			ds.unit = u.Name
		}
	}
	stations, err := v.Stations()
	if err != nil {
		return nil, err
	}
	for _, s := range stations {
		if s.ID == ds.set.StationID {
			ds.station = s.Name
		}
	}
	if ds.unit == "" {
		ds.unit = "未设置单位"
	}
	if ds.bundle, err = v.BundleState(); err != nil {
		return nil, err
	}
	return ds, nil
}

// totals sums up a range: its sessions' span and, for each year the quota
// sheet covers, every unit's quota progress.
type totals struct {
	span  store.SessionSpan
	quota []yearQuota
}

// readTotals reads the totals of opt's range.
func readTotals(v *store.Snapshot, opt Options, ds *dataset) (totals, error) {
	var t totals
	var err error
	if t.span, err = v.Span(opt.From, opt.To); err != nil {
		return t, err
	}
	for _, y := range quotaYears(opt, t.span, ds.now.In(ds.set.Location()).Year()) {
		q, err := v.QuotaProgress(y)
		if err != nil {
			return t, err
		}
		t.quota = append(t.quota, yearQuota{year: y, rows: q})
	}
	t.quota = ownQuota(t.quota, ds.set.UnitID, t.span.Units)
	return t, nil
}

// correctionsBySession reads the corrections of the range's sessions.
func correctionsBySession(v *store.Snapshot, opt Options) (map[string][]model.Correction, error) {
	corr, err := v.Corrections(opt.From, opt.To)
	if err != nil {
		return nil, err
	}
	byID := map[string][]model.Correction{}
	for _, c := range corr {
		byID[c.SessionID] = append(byID[c.SessionID], c)
	}
	return byID, nil
}

// quotaYears lists the years the quota sheet covers: those of the range,
// or of the sessions when the range is open, or this year.
func quotaYears(opt Options, span store.SessionSpan, this int) []int {
	first, last := opt.From.Year, opt.To.Year
	if span.Count > 0 {
		if opt.From.IsZero() {
			first = span.First.Year
		}
		if opt.To.IsZero() {
			last = span.Last.Year
		}
	}
	if first == 0 {
		first = min(last, this)
		if first == 0 {
			first = this
		}
	}
	if last == 0 {
		last = max(first, this)
	}
	if last-first > 20 {
		first = last - 20
	}
	var out []int
	for y := first; y <= last; y++ {
		out = append(out, y)
	}
	return out
}

// job is one export in progress.
type job struct {
	ctx      context.Context
	v        *store.Snapshot
	ds       *dataset
	out      *outDir
	opt      Options
	progress func(done, total int)
	done     int
	total    int
	// bundleSessions counts the sessions the bundle holds.
	bundleSessions int
}

// step reports one unit of work done and checks for cancellation.
func (j *job) step() error {
	j.done++
	if j.progress != nil {
		j.progress(min(j.done, j.total-1), j.total)
	}
	return j.ctx.Err()
}
