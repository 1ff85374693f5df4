package export

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"carekiosk/model"
	"carekiosk/store"
)

// SessionForms is what one session's 活动记录表 and 签到表 need beyond the
// row of the statistics table: the whole session (segments, instructor,
// summary; nil keeps the row's), its sign-ins with their signatures and
// the sign-ins withdrawn.
type SessionForms struct {
	Session   *model.Session
	SignIns   []model.SignIn
	Withdrawn []model.WithdrawnSignIn
	// FamilyCorrections are the corrections of families whose trail names
	// a sign-in of the session.
	FamilyCorrections []model.FamilyCorrection
	// Changes are the sign-ins' withdrawals and corrections the station
	// recorded (a withdrawn sign-in they name is noted once, by them).
	Changes []model.SignInChange
}

// FormsFunc reads one session's sign-ins for its forms.
type FormsFunc func(ctx context.Context, s CountySession) (SessionForms, error)

// SessionWorkbookName names a session's workbook as a station's export does
// (2026-03-15_温溪镇社区卫生服务站_辅食添加.xlsx).
func SessionWorkbookName(s model.Session) string { return sessionFileName(s) + ".xlsx" }

// WriteCountySessionWorkbook writes one session of the county's records as
// the station writes it: 活动记录表 and 签到表 with the signatures, the same
// print settings, corrections and withdrawn sign-ins noted.
func WriteCountySessionWorkbook(w io.Writer, county string, loc *time.Location, s CountySession, forms SessionForms) error {
	info := countyFormsInfo(s, loc, forms)
	withdrawn := make([]model.WithdrawnSignIn, len(forms.Withdrawn))
	for i, x := range forms.Withdrawn {
		x.At = x.At.In(loc)
		withdrawn[i] = x
	}
	return writeSessionWorkbook(w, county, info, forms.SignIns, withdrawn)
}

// countyFormsInfo is a county session with what its forms read (the whole
// session: instructor, segments, summary; the family notes and sign-in
// changes), as its workbook and its 活动记录表.csv row both show it.
func countyFormsInfo(s CountySession, loc *time.Location, forms SessionForms) sessionInfo {
	if forms.Session != nil {
		s.Session = *forms.Session
	}
	info := countySessionInfo(s, loc)
	info.familyNotes = sessionFamilyNotes(forms.FamilyCorrections, s.Session.ID, loc)
	info.signInChanges = forms.Changes
	return info
}

// WriteCountyReport writes the county's report into a new folder under
// outDir: the report workbook, each unit's 活动记录表/签到表 rebuilt from the
// imported records (活动记录与签到表/<单位>/…), and the tables as CSV. Files
// are written under temporary names and the folder gets its name only when
// everything is written; on any failure nothing is left.
func WriteCountyReport(ctx context.Context, outDir string, r *CountyReport, forms FormsFunc) (Report, error) {
	var rep Report
	if strings.TrimSpace(outDir) == "" {
		return rep, model.FieldErrorf("out", "请用 --out 指定报表写到哪个文件夹", "give the folder to write the report to with --out")
	}
	name := fmt.Sprintf("%s_%s_%s_%s", countyFolderTag, safeName(r.County, 20), rangeSlug(r.From, r.To), r.Now.In(r.Loc).Format("20060102-150405"))
	out, err := newOutDir(outDir, name, nil)
	if err != nil {
		return rep, err
	}
	if err := writeCountyFiles(ctx, out, r, forms, &rep); err != nil {
		out.abort()
		return Report{}, err
	}
	if rep.Files, err = out.commit(); err != nil {
		return Report{}, err
	}
	rep.Dir = out.final
	return rep, nil
}

func writeCountyFiles(ctx context.Context, out *outDir, r *CountyReport, forms FormsFunc, rep *Report) error {
	if err := out.write(CountyWorkbookName(r), func(w io.Writer) error { return WriteCountyWorkbook(w, r) }); err != nil {
		return err
	}
	used := map[string]int{}
	signIns := make([][]string, 0, 256)
	records := make([][]string, 0, len(r.Sessions))
	for _, s := range r.Sessions {
		if err := ctx.Err(); err != nil {
			return err
		}
		if s.Paper != nil {
			rep.PaperSessions++
			continue // a row of an old paper table: no forms to rebuild
		}
		sf, err := forms(ctx, s)
		if err != nil {
			return err
		}
		rel := formsDir + "/" + safeName(s.Unit, 30) + "/" + sessionFileName(s.Session)
		// FAT and exFAT sticks and Windows ignore case.
		key := strings.ToLower(rel)
		used[key]++
		if n := used[key]; n > 1 {
			rel += "_" + strconv.Itoa(n)
		}
		if err := out.write(rel+".xlsx", func(w io.Writer) error {
			return WriteCountySessionWorkbook(w, r.County, r.Loc, s, sf)
		}); err != nil {
			return err
		}
		ages := make([]int, len(sf.SignIns))
		for i, si := range sf.SignIns {
			ages[i] = si.AgeMonths
		}
		// The report's row of a session leaves out what the statistics
		// table does not show (the instructor among it): the CSV rows
		// take the whole session, as its workbook does.
		info := countyFormsInfo(s, r.Loc, sf)
		records = append(records, append([]string{s.Unit}, recordCSVRow(info, ages)...))
		for _, si := range sf.SignIns {
			signIns = append(signIns, append([]string{s.Unit}, signInCSVRow(&info.Session, si, r.Loc)...))
		}
		rep.Sessions++
		rep.SignIns += len(sf.SignIns)
	}
	return writeCountyCSV(out, r, records, signIns)
}

// writeCountyCSV writes the county's tables as CSV (UTF-8 with a BOM, CRLF,
// cells neutralised), each with the 单位 column.
func writeCountyCSV(out *outDir, r *CountyReport, records, signIns [][]string) error {
	tables := []struct {
		name   string
		header []string
		rows   func(c *csvWriter)
	}{
		{"活动统计表.csv", countyStatisticsHeader, func(c *csvWriter) {
			for _, s := range r.Sessions {
				c.row(append([]string{s.Unit}, statisticsRow(countySessionInfo(s, r.Loc))...)...)
			}
		}},
		{"任务完成情况.csv", append([]string{"年度"}, countyQuotaHeader...), func(c *csvWriter) {
			for _, y := range r.Quota {
				for i, q := range y.Rows {
					c.row(fmt.Sprint(y.Year), fmt.Sprint(i+1), q.Unit, fmt.Sprint(q.Quota), fmt.Sprint(q.Held), percentText(q.Held, q.Quota), q.LastReport, q.Status)
				}
			}
		}},
		{"上报情况.csv", []string{"年度", "月份", "单位", "上报情况"}, func(c *csvWriter) {
			for _, y := range r.Reporting {
				for _, u := range y.Rows {
					for j, cell := range u.Cells {
						c.row(fmt.Sprint(y.Year), fmt.Sprintf("%d-%02d", y.Year, y.Months[j]), u.Unit, cell)
					}
				}
			}
		}},
		{"活动记录表.csv", append([]string{"单位"}, recordCSVHeader...), func(c *csvWriter) {
			for _, row := range records {
				c.row(row...)
			}
		}},
		{"签到表.csv", append([]string{"单位", "活动日期", "活动地点", "活动标题", "养育指导员"}, append(append([]string{}, signInHeader...), "签到方式", "签到时间")...), func(c *csvWriter) {
			for _, row := range signIns {
				c.row(row...)
			}
		}},
	}
	for _, t := range tables {
		if err := out.write(csvDir+"/"+t.name, func(w io.Writer) error {
			c := newCSV(w, t.header)
			t.rows(c)
			return c.close()
		}); err != nil {
			return err
		}
	}
	return nil
}

// countySessionInfo is a county session as the station's form writers
// take it.
func countySessionInfo(s CountySession, loc *time.Location) sessionInfo {
	return sessionInfo{SessionRow: store.SessionRow{Session: s.Session, SignIns: s.SignIns, Families: s.Families}, corrections: s.Corrections, loc: loc,
		paperNote: PaperNote(s)}
}

// PaperNote is the 备注 of a session taken from an old paper statistics
// table: 纸质统计表导入 with its file, sheet and row; "" for a station's.
func PaperNote(s CountySession) string {
	if s.Paper == nil {
		return ""
	}
	note := fmt.Sprintf("纸质统计表导入（%s「%s」第%d行）", s.Paper.File, s.Paper.Sheet, s.Paper.Row)
	if s.PaperFamiliesUnknown {
		note += "；原表未填参与家庭"
	}
	return note
}
