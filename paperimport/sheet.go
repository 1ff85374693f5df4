package paperimport

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"carekiosk/model"
)

// Kind says which form a sheet holds.
type Kind string

// The forms a sheet can hold.
const (
	KindNone       Kind = ""           // neither: skipped
	KindSignIn     Kind = "signin"     // 签到表 (附件5): one session
	KindStatistics Kind = "statistics" // 活动统计表 (附件6): a session per row
)

// Problem is a row (Row > 0) or a whole sheet (Row 0) that cannot be read,
// and why.
type Problem struct {
	Sheet string
	Row   int
	Err   *model.Error
}

// Sheet is what one sheet holds.
type Sheet struct {
	Name     string
	Kind     Kind
	Sessions []model.PaperSession
	Problems []Problem
	// Notes say what was read in a way worth knowing (a column missing
	// that has a default).
	Notes []string
	// HasUnit is true for a 统计表 with a 单位 column (a county-wide one):
	// each session's Unit is its row's.
	HasUnit bool
}

// Workbook is one file's sheets.
type Workbook struct {
	File   string
	Sheets []Sheet
}

// column labels, matched after removing spaces and line breaks; the first
// label that a header cell starts with or equals wins.
var signInLabels = map[string][]string{
	"seq": {"序号"}, "child": {"儿童姓名", "幼儿姓名", "孩子姓名", "姓名"}, "age": {"儿童年龄", "月龄", "年龄", "出生日期"},
	"phone": {"联系电话", "电话", "手机"}, "relation": {"养育人与儿童关系", "与儿童关系", "关系"}, "signed": {"家长签字", "签字", "签名"},
	// A sheet of many sessions (the project's 签到表.csv) names each row's.
	"date": {"活动日期"}, "station": {"活动地点"}, "instructor": {"养育指导员", "健康指导员"}, "title": {"活动标题"},
}

var statisticsLabels = map[string][]string{
	"date": {"活动日期", "日期"}, "station": {"活动地点", "地点"}, "title": {"活动内容", "活动标题", "内容"},
	"band": {"活动月龄", "月龄段"}, "families": {"参与家庭", "家庭"}, "remarks": {"备注"},
	// A county-wide 统计表 names each row's unit.
	"unit": {"单位名称", "所属单位", "单位"},
}

func normLabel(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\u3000', '\n', '\r', '\t', '*', '＊':
			return -1
		}
		return r
	}, s)
}

// headerColumns maps the labels found in row r to their columns.
func headerColumns(g grid, r int, labels map[string][]string) map[string]int {
	cols := map[string]int{}
	for c := range g[r] {
		t := normLabel(g[r][c].Text)
		if t == "" || len([]rune(t)) > 12 {
			continue
		}
		for key, words := range labels {
			if _, done := cols[key]; done {
				continue
			}
			for _, w := range words {
				if strings.HasPrefix(t, w) {
					cols[key] = c
					break
				}
			}
		}
	}
	return cols
}

// findHeader finds the header row by its labels: a 签到表 has 儿童姓名 with
// 年龄 or 电话; a 统计表 has 活动日期 and 活动地点 with 活动内容 or 参与家庭.
func findHeader(g grid) (row int, kind Kind, cols map[string]int) {
	for r := range g {
		if c := headerColumns(g, r, signInLabels); hasAll(c, "child") && (hasAll(c, "age") || hasAll(c, "phone")) {
			return r, KindSignIn, c
		}
	}
	// A 签到表's head (活动日期 … 活动地点 …) is no 统计表 header: that has a
	// column of content or families too.
	for r := range g {
		c := headerColumns(g, r, statisticsLabels)
		if hasAll(c, "date", "station") && c["date"] != c["station"] && (hasAll(c, "title") || hasAll(c, "families")) {
			return r, KindStatistics, c
		}
	}
	return -1, KindNone, nil
}

func hasAll(cols map[string]int, keys ...string) bool {
	for _, k := range keys {
		if _, ok := cols[k]; !ok {
			return false
		}
	}
	return true
}

// readSheet reads one sheet of file.
func readSheet(file, name string, g grid) Sheet {
	sh := Sheet{Name: name}
	hr, kind, cols := findHeader(g)
	sh.Kind = kind
	switch kind {
	case KindSignIn:
		readSignInSheet(&sh, file, g, hr, cols)
	case KindStatistics:
		readStatisticsSheet(&sh, file, g, hr, cols)
	}
	return sh
}

// problem notes a row (or, with row 0, the sheet) that cannot be read.
func (sh *Sheet) problem(row int, err *model.Error) {
	sh.Problems = append(sh.Problems, Problem{Sheet: sh.Name, Row: row, Err: err})
}

// rowText returns the distinct non-empty texts of a row, in order.
func rowText(row []cell) []string {
	var out []string
	for _, c := range row {
		if c.Text != "" && (len(out) == 0 || out[len(out)-1] != c.Text) {
			out = append(out, c.Text)
		}
	}
	return out
}

// skippable reports a row that holds no record: empty, a pre-numbered
// empty line of the paper form, or one note merged across the row.
func skippable(row []cell, cols map[string]int, dataKeys ...string) bool {
	texts := rowText(row)
	if len(texts) <= 1 {
		return true
	}
	for _, k := range dataKeys {
		if c, ok := cols[k]; ok && c < len(row) && row[c].Text != "" {
			return false
		}
	}
	return true
}

var headLineRe = map[string]*regexp.Regexp{
	"date":       regexp.MustCompile(`活动日期\s*[:：]?\s*([^\s　]+(?:\s*年\s*\d+\s*月\s*\d+\s*日)?)`),
	"station":    regexp.MustCompile(`活动地点\s*[:：]?\s*([^\s　]+)`),
	"instructor": regexp.MustCompile(`(?:养育|健康)指导员\s*[:：]?\s*([^\s　]+)`),
}

// sheetHead reads 活动日期, 活动地点 and 养育指导员 from the rows above the
// header: on one line as the project writes them, or label and value in
// neighbouring cells.
func sheetHead(g grid, header int) (date model.Date, station, instructor string, err *model.Error) {
	var parts []string
	for r := 0; r < header; r++ {
		for _, c := range g[r] {
			if c.Text != "" && (len(parts) == 0 || parts[len(parts)-1] != c.Text) {
				t := c.Text
				if _, ok := model.ParseLooseDate(t); !ok {
					if d, ok := serialDate(c); ok {
						t = d.String()
					}
				}
				parts = append(parts, t)
			}
		}
	}
	line := strings.Join(parts, " ")
	get := func(k string) string {
		if m := headLineRe[k].FindStringSubmatch(line); m != nil {
			v := strings.TrimSpace(m[1])
			if strings.HasPrefix(v, "活动") || strings.Contains(v, "指导员") {
				return ""
			}
			return v
		}
		return ""
	}
	station, instructor = get("station"), get("instructor")
	dt := strings.ReplaceAll(get("date"), " ", "")
	d, ok := model.ParseLooseDate(dt)
	switch {
	case dt == "":
		return date, station, instructor, model.Errorf(model.EINVALID, "表头找不到“活动日期”", "no 活动日期 above the header")
	case !ok:
		return date, station, instructor, model.Errorf(model.EINVALID, "看不懂活动日期“%s”", "cannot read the session date %q", dt)
	case station == "":
		return d, station, instructor, model.Errorf(model.EINVALID, "表头找不到“活动地点”", "no 活动地点 above the header")
	}
	return d, station, instructor, nil
}

// serialDate reads a cell Excel stores as a date serial number.
func serialDate(c cell) (model.Date, bool) {
	f, err := strconv.ParseFloat(c.Raw, 64)
	if err != nil || f < 367 || f > 120000 || c.Raw == c.Text {
		return model.Date{}, false
	}
	t, err := excelize.ExcelDateToTime(f, false)
	if err != nil {
		return model.Date{}, false
	}
	return model.DateOf(t.In(time.UTC)), true
}

// dateCell reads a date cell: text as people write dates, or an Excel date.
func dateCell(c cell) (model.Date, bool) {
	if d, ok := model.ParseLooseDate(c.Text); ok {
		return d, true
	}
	return serialDate(c)
}

func rowNo(r int) int { return r + 1 }

func fmtRows(rows []int) string {
	s := make([]string, len(rows))
	for i, r := range rows {
		s[i] = fmt.Sprint(r)
	}
	return strings.Join(s, "、")
}
