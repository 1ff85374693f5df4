package paperimport

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"carekiosk/model"
)

// readSignInSheet reads a 签到表: its head above the header row, then a
// sign-in per row below it.
func readSignInSheet(sh *Sheet, file string, g grid, hr int, cols map[string]int) {
	for _, need := range []struct{ key, label string }{{"age", "儿童年龄"}, {"phone", "联系电话"}} {
		if !hasAll(cols, need.key) {
			sh.problem(0, model.Errorf(model.EINVALID, "缺少“%s”列", "the %s column is missing", need.label))
			return
		}
	}
	if !hasAll(cols, "relation") {
		sh.Notes = append(sh.Notes, "没有“养育人与儿童关系”列，关系记为“其他” (no relation column: recorded as 其他)")
	}
	perRow := hasAll(cols, "date", "station")
	var head *model.PaperSession
	if !perRow {
		date, station, instructor, err := sheetHead(g, hr)
		if err != nil {
			sh.problem(0, err)
			return
		}
		head = &model.PaperSession{Source: model.PaperSource{File: file, Sheet: sh.Name, Row: rowNo(hr)}, Date: date, Station: station,
			Instructor: instructor, Families: -1}
		sh.Sessions = append(sh.Sessions, *head)
	}
	index := map[string]int{}
	firstRow := map[string]int{}
	for r := hr + 1; r < len(g); r++ {
		if skippable(g[r], cols, "child", "age", "phone") || headerAgain(g, r) {
			continue
		}
		ps, perr := rowSession(g, r, cols, head)
		var si model.PaperSignIn
		if perr == nil {
			si, perr = signInRow(g, r, cols, ps.Date)
		}
		key := ps.Date.String() + "|" + ps.Station
		if perr == nil {
			child := key + "|" + si.Child + "|" + si.Phone
			if first, dup := firstRow[child]; dup {
				perr = model.Errorf(model.EINVALID, "与第 %d 行是同一个孩子", "the same child as row %d", first)
			} else {
				firstRow[child] = rowNo(r)
			}
		}
		if perr != nil {
			sh.problem(rowNo(r), perr)
			continue
		}
		si.Source = model.PaperSource{File: file, Sheet: sh.Name, Row: rowNo(r)}
		i, seen := index[key]
		if !seen {
			if head == nil {
				ps.Source = si.Source
				sh.Sessions = append(sh.Sessions, ps)
			}
			i = len(sh.Sessions) - 1
			index[key] = i
		}
		sh.Sessions[i].SignIns = append(sh.Sessions[i].SignIns, si)
	}
	// A sheet whose every row was refused is no session without sign-ins:
	// nothing of it is stored until its rows are fixed.
	if head != nil && len(sh.Sessions[0].SignIns) == 0 && len(sh.Problems) > 0 {
		sh.Sessions = nil
		sh.Notes = append(sh.Notes, "没有一行能读取，这场活动没有导入 (no row could be read: the session was not imported)")
	}
}

// rowSession is the session of a sign-in row: the sheet's, or the one its
// own 活动日期 and 活动地点 name.
func rowSession(g grid, r int, cols map[string]int, head *model.PaperSession) (model.PaperSession, *model.Error) {
	if head != nil {
		return *head, nil
	}
	ps := model.PaperSession{Families: -1, Station: strings.TrimSpace(g.at(r, cols["station"]).Text)}
	d, ok := dateCell(g.at(r, cols["date"]))
	if !ok {
		return ps, model.Errorf(model.EINVALID, "看不懂活动日期“%s”", "cannot read the date %q", g.at(r, cols["date"]).Text)
	}
	ps.Date = d
	if ps.Station == "" {
		return ps, model.Errorf(model.EINVALID, "活动地点为空", "the place is empty")
	}
	if c, ok := cols["instructor"]; ok {
		ps.Instructor = strings.TrimSpace(g.at(r, c).Text)
	}
	if c, ok := cols["title"]; ok {
		ps.Title = strings.TrimSpace(g.at(r, c).Text)
	}
	return ps, nil
}

// headerAgain reports a header row repeated further down (a second printed
// page pasted below the first).
func headerAgain(g grid, r int) bool {
	c := headerColumns(g, r, signInLabels)
	return hasAll(c, "child", "age")
}

// signInRow reads one sign-in, naming every field it cannot read.
func signInRow(g grid, r int, cols map[string]int, on model.Date) (model.PaperSignIn, *model.Error) {
	get := func(k string) cell {
		c, ok := cols[k]
		if !ok {
			return cell{}
		}
		return g.at(r, c)
	}
	var si model.PaperSignIn
	var zh, en []string
	fail := func(err error) {
		e, ok := err.(*model.Error)
		if !ok {
			e = model.Errorf(model.EINVALID, "%v", "%v", err)
		}
		zh, en = append(zh, e.Message), append(en, e.MessageEN)
	}
	si.Child = strings.TrimSpace(get("child").Text)
	if err := model.CheckName("child", si.Child); err != nil {
		e := err.(*model.Error)
		zh, en = append(zh, "儿童姓名“"+si.Child+"”："+e.Message), append(en, "child's name "+strconv.Quote(si.Child)+": "+e.MessageEN)
	}
	ageCell := get("age")
	if d, ok := serialDate(ageCell); ok {
		ageCell.Text = d.String()
	}
	age, err := model.ParsePaperAge(ageCell.Text, on)
	if err != nil {
		fail(err)
	}
	si.Age = age
	if si.Phone, err = model.ParsePaperPhone(get("phone").Text); err != nil {
		e := err.(*model.Error)
		zh, en = append(zh, "联系电话“"+get("phone").Text+"”："+e.Message), append(en, "phone "+strconv.Quote(get("phone").Text)+": "+e.MessageEN)
	}
	si.Relation, _ = model.ParseRelation(get("relation").Text)
	if name := strings.TrimSpace(get("signed").Text); model.CheckName("signed", name) == nil {
		si.SignedName = name
	}
	if len(zh) > 0 {
		return si, &model.Error{Code: model.EINVALID, Message: strings.Join(zh, "；"), MessageEN: strings.Join(en, "; ")}
	}
	return si, nil
}

// readStatisticsSheet reads a 统计表: a session per row below the header.
func readStatisticsSheet(sh *Sheet, file string, g grid, hr int, cols map[string]int) {
	_, sh.HasUnit = cols["unit"]
	for r := hr + 1; r < len(g); r++ {
		if skippable(g[r], cols, "date", "station") {
			continue
		}
		if c := headerColumns(g, r, statisticsLabels); hasAll(c, "date", "station") {
			continue
		}
		ps, err := statisticsRow(g, r, cols)
		if err != nil {
			sh.problem(rowNo(r), err)
			continue
		}
		ps.Source = model.PaperSource{File: file, Sheet: sh.Name, Row: rowNo(r)}
		sh.Sessions = append(sh.Sessions, ps)
	}
}

// statisticsRow reads one row of a 统计表.
func statisticsRow(g grid, r int, cols map[string]int) (model.PaperSession, *model.Error) {
	get := func(k string) cell {
		c, ok := cols[k]
		if !ok {
			return cell{}
		}
		return g.at(r, c)
	}
	ps := model.PaperSession{Families: -1}
	var zh, en []string
	bad := func(z, e string, args ...any) {
		zh, en = append(zh, model.Errorf("", z, e, args...).Message), append(en, model.Errorf("", z, e, args...).MessageEN)
	}
	d, ok := dateCell(get("date"))
	if !ok {
		bad("看不懂活动日期“%s”", "cannot read the date %q", get("date").Text)
	}
	ps.Date = d
	ps.Station = strings.TrimSpace(get("station").Text)
	if ps.Station == "" {
		bad("活动地点为空", "the place is empty")
	}
	ps.Title = strings.TrimSpace(get("title").Text)
	ps.Unit = strings.TrimSpace(get("unit").Text)
	_, ps.UnitColumn = cols["unit"]
	if err := model.CheckText("title", ps.Title, 0, 60); err != nil {
		bad("活动内容超过 60 个字，请在表中缩短", "the content is longer than 60 characters; shorten it in the sheet")
	}
	if t := get("band").Text; t != "" {
		b, err := model.ParseAgeBand(strings.NewReplacer("个月", "", "至", "-", "到", "-").Replace(t))
		if err != nil {
			bad("看不懂活动月龄“%s”", "cannot read the age band %q", t)
		}
		ps.Band = b
	}
	if t := strings.TrimSuffix(strings.TrimSpace(get("families").Text), "组"); t != "" {
		n, err := strconv.Atoi(t)
		if err != nil || n < 0 || n > 1000 {
			bad("参与家庭“%s”不是组数", "the families %q is not a number", get("families").Text)
		}
		ps.Families = n
	}
	if len(zh) > 0 {
		return ps, &model.Error{Code: model.EINVALID, Message: strings.Join(zh, "；"), MessageEN: strings.Join(en, "; ")}
	}
	return ps, nil
}

// Sessions gathers the sessions of the workbooks: a 统计表 row on the same
// date at the same place as a 签到表 gives that session its 活动内容, band
// and reported families, instead of becoming a second session. merged
// lists the 统计表 rows so joined.
func Sessions(wbs []*Workbook) (list []model.PaperSession, merged []model.PaperSource) {
	index := map[string]int{}
	key := func(ps model.PaperSession) string { return ps.Date.String() + "|" + ps.Station }
	for _, kind := range []Kind{KindSignIn, KindStatistics} {
		for _, wb := range wbs {
			for _, sh := range wb.Sheets {
				if sh.Kind != kind {
					continue
				}
				for _, ps := range sh.Sessions {
					i, seen := index[key(ps)]
					if !seen {
						index[key(ps)] = len(list)
						list = append(list, ps)
						continue
					}
					if kind == KindStatistics {
						merged = append(merged, ps.Source)
					}
					into := &list[i]
					if into.Title == "" {
						into.Title = ps.Title
					}
					if into.Band.IsZero() {
						into.Band = ps.Band
					}
					if into.Families < 0 {
						into.Families = ps.Families
					}
					into.SignIns = append(into.SignIns, ps.SignIns...)
				}
			}
		}
	}
	return list, merged
}

// SignInRows reads the sign-ins of a paper 签到表 typed into a workbook or
// CSV for a session held on the date on (补录): the first sheet with a
// 签到表 header, with or without the head above it. Ages written as birth
// dates are counted on on.
func SignInRows(path string, on model.Date) ([]model.PaperSignIn, []Problem, error) {
	if err := supported(path); err != nil {
		return nil, nil, err
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, model.Errorf(model.ENOTFOUND, "无法读取 %s：%v", "cannot read %s: %v", path, err)
	}
	sheets, err := readGrids(filepath.Base(path), b)
	if err != nil {
		return nil, nil, err
	}
	for _, s := range sheets {
		hr, kind, cols := findHeader(s.g)
		if kind != KindSignIn {
			continue
		}
		sh := Sheet{Name: s.name}
		for _, need := range []struct{ key, label string }{{"age", "儿童年龄"}, {"phone", "联系电话"}} {
			if !hasAll(cols, need.key) {
				sh.problem(0, model.Errorf(model.EINVALID, "缺少“%s”列", "the %s column is missing", need.label))
				return nil, sh.Problems, nil
			}
		}
		var out []model.PaperSignIn
		for r := hr + 1; r < len(s.g); r++ {
			if skippable(s.g[r], cols, "child", "age", "phone") || headerAgain(s.g, r) {
				continue
			}
			si, perr := signInRow(s.g, r, cols, on)
			if perr != nil {
				sh.problem(rowNo(r), perr)
				continue
			}
			si.Source = model.PaperSource{Sheet: s.name, Row: rowNo(r)}
			out = append(out, si)
		}
		return out, sh.Problems, nil
	}
	return nil, nil, model.Errorf(model.EINVALID, "%s 中找不到签到表（儿童姓名、儿童年龄、联系电话……）", "%s holds no sign-in sheet (儿童姓名, 儿童年龄, 联系电话 …)", filepath.Base(path))
}
