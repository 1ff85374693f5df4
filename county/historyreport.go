package county

import (
	"fmt"
	"io"

	"carekiosk/model"
)

// Line says in lang which row of which session it is and what became of
// it (State).
func (r HistoryRow) Line(lang model.Lang) string {
	s := r.Session
	if lang.English() {
		return fmt.Sprintf("row %d %s %s · %s · %s: ", s.Source.Row, s.Date, s.Unit, s.Place, s.Title) + r.State(lang)
	}
	return fmt.Sprintf("第 %d 行 %s %s · %s · %s：", s.Source.Row, s.Date, s.Unit, s.Place, s.Title) + r.State(lang)
}

// State says in lang what became of the row: 新的往年活动, 已导入过, the
// earlier row it repeats, and whether the station's record counts
// instead.
func (r HistoryRow) State(lang model.Lang) string {
	var state string
	switch {
	case r.SameAs != nil:
		state = lang.Pick(fmt.Sprintf("与「%s」第 %d 行是同一场活动，只导入一次", r.SameAs.Sheet, r.SameAs.Row),
			fmt.Sprintf("the same session as row %d of %q, imported once", r.SameAs.Row, r.SameAs.Sheet))
	case r.Outcome.New:
		state = lang.Pick("新的往年活动", "new past session")
	default:
		state = lang.Pick("已导入过，未改动", "already imported, unchanged")
	}
	if r.Outcome.Covered && r.SameAs == nil {
		state += lang.Pick("；站点数据包中已有该单位同日同地点的活动，按站点记录计数，这一行不另计",
			"; a station bundle holds the unit's session on that date at that place: the station's record counts, this row does not")
	}
	return state
}

// Summary is the report's totals in lang.
func (t HistoryTotals) Summary(lang model.Lang) string {
	return lang.Pick(fmt.Sprintf("合计：新的往年活动 %d 场，已导入过 %d 场，重复的行 %d 行，其中站点已有记录不另计 %d 场，未导入 %d 行（或整张表、整个文件）",
		t.New, t.Known, t.Same, t.Covered, t.LeftOut),
		fmt.Sprintf("Total: %d new past sessions, %d already imported, %d repeated rows, %d held by a station's record too (not counted again), %d rows (or whole sheets, files) left out",
			t.New, t.Known, t.Same, t.Covered, t.LeftOut))
}

// ProblemLine says in lang why a row (or, row 0, the sheet) was left out.
func ProblemLine(row int, e *model.Error, lang model.Lang) string {
	msg := model.ErrorMessage(e, lang)
	if row == 0 {
		return lang.Pick("整张表未导入："+msg, "sheet not imported: "+msg)
	}
	return lang.Pick(fmt.Sprintf("第 %d 行未导入：%s", row, msg), fmt.Sprintf("row %d not imported: %s", row, msg))
}

// Write writes the report as text in Chinese, the totals in both
// languages: file by file, sheet by sheet, each row taken and each row
// left out and why.
func (r *HistoryReport) Write(w io.Writer) {
	zh := model.LangZH
	if r.DryRun {
		fmt.Fprintln(w, "试运行：以下是将要导入的往年活动，没有保存任何内容 (dry run: nothing stored)")
	}
	for _, f := range r.Files {
		fmt.Fprintf(w, "文件 %s\n", f.File)
		if f.Err != nil {
			fmt.Fprintf(w, "  整个文件未导入：%s\n", model.ErrorMessage(f.Err, zh))
			continue
		}
		for _, sh := range f.Sheets {
			if sh.Skipped != nil {
				fmt.Fprintf(w, "  工作表「%s」：%s\n", sh.Name, model.ErrorMessage(sh.Skipped, zh))
				continue
			}
			fmt.Fprintf(w, "  工作表「%s」（统计表）\n", sh.Name)
			if sh.Refused != nil {
				fmt.Fprintf(w, "    %s\n", ProblemLine(0, sh.Refused, zh))
			}
			for _, row := range sh.Rows {
				fmt.Fprintf(w, "    %s\n", row.Line(zh))
			}
			for _, p := range sh.Problems {
				fmt.Fprintf(w, "    %s\n", ProblemLine(p.Row, p.Err, zh))
			}
		}
	}
	t := r.Totals()
	fmt.Fprintln(w, t.Summary(zh))
	fmt.Fprintln(w, t.Summary(model.LangEN))
	switch {
	case r.DryRun:
		fmt.Fprintln(w, "正式导入请去掉 --dry-run (run again without --dry-run to import)")
	case t.New == 0:
		fmt.Fprintln(w, "没有新内容：能读取的行都已导入过，数据库没有任何改变 (nothing new: every readable row is already stored; nothing changed)")
	default:
		fmt.Fprintln(w, "已导入，并记下了每场活动来自哪个文件、哪张表、哪一行 (imported, each session with its file, sheet and row)")
	}
	if t.LeftOut > 0 {
		fmt.Fprintln(w, "未导入的行请在表中改正后再导入一次；已导入的不会重复 (fix the rows left out and import again; nothing is stored twice)")
	}
}
