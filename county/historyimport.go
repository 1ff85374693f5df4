package county

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"carekiosk/model"
	"carekiosk/paperimport"
)

// HistoryInput is one file to import: its name as the clerk knows it (the
// report names it) and where it is.
type HistoryInput struct {
	Name string
	Path string
}

// ImportHistory reads the old 活动统计表 files into the county's history:
// each row's unit is its 单位 cell when the sheet has that column, else
// unit (a unit of the plan, "" for none). It stores every readable row in
// one transaction (nothing when dryRun; a row stored already is left as
// it is) and reports, file by file and sheet by sheet, each row taken and
// each row left out and why. A unit that is not in the plan refuses the
// whole import; a 单位 cell that names none refuses its row.
func ImportHistory(ctx context.Context, st HistoryStore, files []HistoryInput, unit string, dryRun bool) (*HistoryReport, error) {
	units, err := st.Units(ctx)
	if err != nil {
		return nil, err
	}
	var given *model.Unit
	if strings.TrimSpace(unit) != "" {
		u, ok := FindUnit(units, unit)
		if !ok {
			return nil, unknownUnit(unit, units)
		}
		given = &u
	}
	rep := &HistoryReport{DryRun: dryRun}
	for _, in := range files {
		rep.Files = append(rep.Files, readHistoryFile(in, units, given))
	}
	var list []HistorySession
	var at []*HistoryRow
	first := map[string]*HistoryRow{}
	for fi := range rep.Files {
		for si := range rep.Files[fi].Sheets {
			sh := &rep.Files[fi].Sheets[si]
			for ri := range sh.Rows {
				row := &sh.Rows[ri]
				if f, dup := first[row.Session.Key()]; dup {
					src := f.Session.Source
					row.SameAs = &src
					continue
				}
				first[row.Session.Key()] = row
				list = append(list, row.Session)
				at = append(at, row)
			}
		}
	}
	outcomes, err := st.ImportHistory(ctx, list, dryRun)
	if err != nil {
		return nil, err
	}
	for i, o := range outcomes {
		at[i].Outcome = o
	}
	for _, row := range sameRows(rep) {
		row.Outcome.Covered = first[row.Session.Key()].Outcome.Covered
	}
	return rep, nil
}

// sameRows lists the rows that repeat an earlier row of the import.
func sameRows(rep *HistoryReport) []*HistoryRow {
	var out []*HistoryRow
	for fi := range rep.Files {
		for si := range rep.Files[fi].Sheets {
			for ri := range rep.Files[fi].Sheets[si].Rows {
				if row := &rep.Files[fi].Sheets[si].Rows[ri]; row.SameAs != nil {
					out = append(out, row)
				}
			}
		}
	}
	return out
}

// FindUnit finds the unit of the plan named name, compared after model.FoldName.
func FindUnit(units []model.Unit, name string) (model.Unit, bool) {
	n := model.FoldName(name)
	for _, u := range units {
		if model.FoldName(u.Name) == n {
			return u, true
		}
	}
	return model.Unit{}, false
}

// unknownUnit refuses a unit the plan does not have, naming the plan's.
func unknownUnit(name string, units []model.Unit) error {
	names := make([]string, len(units))
	for i, u := range units {
		names[i] = u.Name
	}
	e := model.Errorf(model.EINVALID, "单位“%s”不是本县计划中的单位，没有导入任何内容。计划中的单位：",
		"the unit %q is not a unit of the county's plan; nothing was imported. The plan's units: ", name)
	e.Message += strings.Join(names, "、")
	e.MessageEN += strings.Join(names, ", ")
	return e
}

// readHistoryFile reads one file's 统计表 sheets into rows with their unit.
func readHistoryFile(in HistoryInput, units []model.Unit, given *model.Unit) HistoryFile {
	hf := HistoryFile{File: in.Name}
	b, err := os.ReadFile(in.Path)
	if err != nil {
		hf.Err = model.Errorf(model.ENOTFOUND, "无法读取 %s：%v", "cannot read %s: %v", in.Name, err)
		return hf
	}
	name := in.Name
	if filepath.Ext(name) == "" {
		name += filepath.Ext(in.Path)
	}
	wb, err := paperimport.Read(name, b)
	if err != nil {
		hf.Err = asModelError(err)
		return hf
	}
	for _, sh := range wb.Sheets {
		hf.Sheets = append(hf.Sheets, historySheet(in.Name, sh, units, given))
	}
	return hf
}

func asModelError(err error) *model.Error {
	if e, ok := err.(*model.Error); ok {
		return e
	}
	return &model.Error{Code: model.EINVALID, Message: err.Error(), MessageEN: err.Error()}
}

// historySheet takes a sheet's sessions with their unit; rows without a
// unit of the plan join the sheet's problems, in row order.
func historySheet(file string, sh paperimport.Sheet, units []model.Unit, given *model.Unit) HistorySheet {
	hs := HistorySheet{Name: sh.Name}
	switch sh.Kind {
	case paperimport.KindNone:
		hs.Skipped = model.Errorf(model.EINVALID, "不是统计表（找不到活动日期、活动地点、活动内容等表头），跳过", "not a statistics table (no 活动日期, 活动地点, 活动内容 header): skipped")
		return hs
	case paperimport.KindSignIn:
		hs.Skipped = model.Errorf(model.EINVALID, "是签到表：县里只导入统计表，签到表请在站点用 carekiosk history import 导入", "a sign-in sheet: the county imports statistics tables only; stations import sign-in sheets (carekiosk history import)")
		return hs
	}
	hs.Problems = append(hs.Problems, sh.Problems...)
	if !sh.HasUnit && given == nil {
		hs.Refused = model.Errorf(model.EINVALID, "这张表没有“单位”列，不知道是哪个单位的活动：请指定单位（命令行 --unit 单位名，网页中选择单位）",
			"the sheet has no 单位 column, so whose sessions they are is unknown: give the unit (--unit NAME, or choose it in the page)")
		return hs
	}
	for _, ps := range sh.Sessions {
		u, perr := rowUnit(ps, units, given)
		if perr != nil {
			hs.Problems = append(hs.Problems, paperimport.Problem{Sheet: sh.Name, Row: ps.Source.Row, Err: perr})
			continue
		}
		ps.Source.File = file
		hs.Rows = append(hs.Rows, HistoryRow{Session: HistorySession{UnitID: u.ID, Unit: u.Name, Date: ps.Date, Place: ps.Station,
			Title: ps.Title, Band: ps.Band, Families: ps.Families, Source: ps.Source}})
	}
	sort.SliceStable(hs.Problems, func(i, j int) bool { return hs.Problems[i].Row < hs.Problems[j].Row })
	return hs
}

// rowUnit is the unit of one row: its 单位 cell, or the unit given.
func rowUnit(ps model.PaperSession, units []model.Unit, given *model.Unit) (model.Unit, *model.Error) {
	if ps.Unit == "" {
		if given != nil {
			return *given, nil
		}
		return model.Unit{}, model.Errorf(model.EINVALID, "“单位”为空（表中没有写是哪个单位）", "the 单位 cell is empty")
	}
	u, ok := FindUnit(units, ps.Unit)
	if !ok {
		return u, model.Errorf(model.EINVALID, "单位“%s”不是本县计划中的单位，请改为计划中的名称", "the unit %q is not a unit of the county's plan; write it as the plan names it", ps.Unit)
	}
	return u, nil
}
