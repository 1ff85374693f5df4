package paperimport

import (
	"fmt"
	"io"

	"carekiosk/model"
)

// Totals sums an import's outcomes and the rows it could not read.
type Totals struct {
	NewSessions, KnownSessions, RefusedSessions int
	NewFamilies                                 int
	NewSignIns, KnownSignIns                    int
	Unreadable                                  int // rows and whole sheets not read
}

// Changed reports whether the import stored (or would store) anything.
func (t Totals) Changed() bool { return t.NewSessions+t.NewSignIns+t.NewFamilies > 0 }

// Sum totals the outcomes of list (index-aligned) and the problems of wbs.
func Sum(wbs []*Workbook, outcomes []model.PaperOutcome) Totals {
	var t Totals
	for _, o := range outcomes {
		switch {
		case o.Refused != nil:
			t.RefusedSessions++
		case o.NewSession:
			t.NewSessions++
		default:
			t.KnownSessions++
		}
		t.NewFamilies += o.NewFamilies
		t.NewSignIns += o.NewSignIns
		t.KnownSignIns += o.KnownSignIns
	}
	for _, wb := range wbs {
		for _, sh := range wb.Sheets {
			t.Unreadable += len(sh.Problems)
		}
	}
	return t
}

// WriteReport writes, file by file and sheet by sheet, what an import
// stored (or a dry run would store): each session with its families and
// sign-ins, new or already there, and every row that could not be read
// and why, by sheet and row number. outcomes are index-aligned with list.
func WriteReport(w io.Writer, wbs []*Workbook, list []model.PaperSession, merged []model.PaperSource, outcomes []model.PaperOutcome, dryRun bool) {
	writeReport(w, wbs, list, merged, outcomes, dryRun, "正式导入请去掉 --dry-run (run again without --dry-run to import)")
}

// writeReport is WriteReport ending a dry run with dryHint, which says how
// to import for real.
func writeReport(w io.Writer, wbs []*Workbook, list []model.PaperSession, merged []model.PaperSource, outcomes []model.PaperOutcome, dryRun bool, dryHint string) {
	if dryRun {
		fmt.Fprintln(w, "试运行：以下是将要导入的内容，没有保存任何内容 (dry run: nothing stored)")
	}
	type at struct{ file, sheet string }
	bySheet := map[at][]int{}
	for i, o := range outcomes {
		k := at{o.Source.File, o.Source.Sheet}
		bySheet[k] = append(bySheet[k], i)
	}
	mergedBy := map[at][]int{}
	for _, m := range merged {
		k := at{m.File, m.Sheet}
		mergedBy[k] = append(mergedBy[k], m.Row)
	}
	for _, wb := range wbs {
		fmt.Fprintf(w, "文件 %s\n", wb.File)
		for _, sh := range wb.Sheets {
			k := at{wb.File, sh.Name}
			switch sh.Kind {
			case KindNone:
				fmt.Fprintf(w, "  工作表「%s」：不是签到表或统计表，跳过\n", sh.Name)
				continue
			case KindSignIn:
				fmt.Fprintf(w, "  工作表「%s」（签到表）\n", sh.Name)
			case KindStatistics:
				fmt.Fprintf(w, "  工作表「%s」（统计表）\n", sh.Name)
			}
			for _, n := range sh.Notes {
				fmt.Fprintf(w, "    注意：%s\n", n)
			}
			for _, i := range bySheet[k] {
				fmt.Fprintln(w, "    "+outcomeLine(list[i], outcomes[i], sh.Kind))
			}
			if rows := mergedBy[k]; len(rows) > 0 {
				fmt.Fprintf(w, "    第 %s 行与同日同地点的签到表是同一场活动，合并为一场\n", fmtRows(rows))
			}
			for _, p := range sh.Problems {
				if p.Row == 0 {
					fmt.Fprintf(w, "    整张表未导入：%s\n", p.Err.Message)
				} else {
					fmt.Fprintf(w, "    第 %d 行未导入：%s\n", p.Row, p.Err.Message)
				}
			}
		}
	}
	t := Sum(wbs, outcomes)
	fmt.Fprintf(w, "合计：新活动 %d 场（已有 %d 场），新家庭 %d 个，新签到 %d 条（已有 %d 条），未能读取 %d 行\n",
		t.NewSessions, t.KnownSessions, t.NewFamilies, t.NewSignIns, t.KnownSignIns, t.Unreadable)
	fmt.Fprintf(w, "Total: %d new sessions (%d already there), %d new families, %d new sign-ins (%d already there), %d rows not read\n",
		t.NewSessions, t.KnownSessions, t.NewFamilies, t.NewSignIns, t.KnownSignIns, t.Unreadable)
	switch {
	case dryRun:
		fmt.Fprintln(w, dryHint)
	case !t.Changed():
		fmt.Fprintln(w, "没有新内容：能读取的记录都已在库中，数据库没有任何改变 (nothing new: every readable record is already stored; nothing changed)")
	default:
		fmt.Fprintln(w, "已导入，并记下了每条记录来自哪个文件、哪张表、哪一行 (imported, each record with its file, sheet and row)")
	}
	if t.Unreadable > 0 {
		fmt.Fprintln(w, "未导入的行请在表中改正后再导入一次；已导入的不会重复 (fix the rows not read and import again; nothing is stored twice)")
	}
}

// outcomeLine is one session of the report.
func outcomeLine(ps model.PaperSession, o model.PaperOutcome, kind Kind) string {
	head := fmt.Sprintf("第 %d 行 %s %s：", o.Source.Row, o.Date, o.Station)
	if kind == KindSignIn {
		head = fmt.Sprintf("%s %s：", o.Date, o.Station)
	}
	if o.Refused != nil {
		return head + "未导入：" + o.Refused.Message
	}
	state := "新活动"
	if !o.NewSession {
		state = "活动已有"
	}
	line := head + state
	if ps.Families >= 0 {
		line += fmt.Sprintf("（统计表报参与家庭 %d 组）", ps.Families)
	}
	if len(ps.SignIns) > 0 || kind == KindSignIn {
		line += fmt.Sprintf("；家庭 %d 个（新 %d）；签到 %d 条（新 %d，已有 %d）", o.Families, o.NewFamilies, o.NewSignIns+o.KnownSignIns, o.NewSignIns, o.KnownSignIns)
	}
	return line
}
