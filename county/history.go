package county

import (
	"context"
	"time"

	"carekiosk/model"
	"carekiosk/paperimport"
)

// HistorySession is a session a unit held before carekiosk, taken by the
// county from an old 活动统计表 (附件6) kept in Excel or CSV: one row of
// it. It counts as held (已开展) for its unit and year unless a station's
// bundle holds a closed session of the unit on the same date at the same
// place (Covered): the station's record then counts, once (one station
// session stands in for one paper row, of the same content first). A station's
// session not closed (planned, never closed) does not count, so the paper
// one does.
type HistorySession struct {
	ID       string
	UnitID   string
	Unit     string
	Date     model.Date
	Place    string // 活动地点 as written
	Title    string // 活动内容 as written
	Band     model.AgeBand
	Families int // 参与家庭（组）; -1 when the sheet left it empty
	// Source is the file, sheet and row it came from.
	Source     model.PaperSource
	ImportedAt time.Time
	// Covered is true when a station's record of the same session exists.
	Covered bool
}

// Key is what makes two history rows the same session: the unit, the
// date, the place and the content, compared after model.FoldName. Importing a
// row whose key is already stored changes nothing.
func (h HistorySession) Key() string {
	return h.UnitID + "|" + h.Date.String() + "|" + model.FoldName(h.Place) + "|" + model.FoldName(h.Title)
}

// HistoryOutcome is what storing one HistorySession did (or, in a dry run,
// would do).
type HistoryOutcome struct {
	// New is true when the session was not stored yet.
	New bool
	// Covered is true when a station's bundle holds the same session
	// (same unit, date and place): stored, but the station's counts.
	Covered bool
}

// HistoryStore is where the history goes (countydb.DB is one).
type HistoryStore interface {
	Units(ctx context.Context) ([]model.Unit, error)
	// ImportHistory stores list in one transaction (nothing when dryRun),
	// a session whose Key is stored already left as it is; outcomes are
	// index-aligned with list.
	ImportHistory(ctx context.Context, list []HistorySession, dryRun bool) ([]HistoryOutcome, error)
}

// HistoryRow is one readable row of a sheet and what became of it.
type HistoryRow struct {
	Session HistorySession
	Outcome HistoryOutcome
	// SameAs is set when an earlier row of this import is the same
	// session: this one is not stored again.
	SameAs *model.PaperSource
}

// HistorySheet is one sheet of a file read for the history.
type HistorySheet struct {
	Name string
	// Skipped says why the sheet was not read (not a 统计表); nil when read.
	Skipped *model.Error
	// Refused says why no row of it was taken (no unit for it).
	Refused  *model.Error
	Rows     []HistoryRow
	Problems []paperimport.Problem
}

// HistoryFile is one file read for the history.
type HistoryFile struct {
	File string
	// Err says why the file was not read at all.
	Err    *model.Error
	Sheets []HistorySheet
}

// HistoryReport is what a history import read, stored (or would store)
// and left out, file by file, sheet by sheet and row by row.
type HistoryReport struct {
	DryRun bool
	Files  []HistoryFile
}

// HistoryTotals sums a report.
type HistoryTotals struct {
	New, Known, Same, Covered int
	// LeftOut counts the rows not read and the sheets or files refused.
	LeftOut int
}

// Totals sums the report.
func (r *HistoryReport) Totals() HistoryTotals {
	var t HistoryTotals
	for _, f := range r.Files {
		if f.Err != nil {
			t.LeftOut++
		}
		for _, sh := range f.Sheets {
			if sh.Refused != nil {
				t.LeftOut++
			}
			t.LeftOut += len(sh.Problems)
			for _, row := range sh.Rows {
				switch {
				case row.SameAs != nil:
					t.Same++
				case row.Outcome.New:
					t.New++
				default:
					t.Known++
				}
				if row.Outcome.Covered && row.SameAs == nil {
					t.Covered++
				}
			}
		}
	}
	return t
}
