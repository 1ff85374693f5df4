// Package paperimport reads the sign-in sheets (签到表, 附件5) and
// statistics tables (活动统计表, 附件6) that units kept in Excel or CSV
// before the kiosk, as they really kept them: titles and header rows
// anywhere, merged cells, ages written many ways, phones as text or
// numbers, blank lines, a sheet per month. It reads; the store stores.
package paperimport

import (
	"bytes"
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"carekiosk/model"
)

// cell is one spreadsheet cell: the text a person sees and the stored
// value (an Excel date is a serial number underneath).
type cell struct {
	Text string
	Raw  string
}

// grid is one sheet's cells by row and column, from 0.
type grid [][]cell

func (g grid) at(r, c int) cell {
	if r < 0 || r >= len(g) || c < 0 || c >= len(g[r]) {
		return cell{}
	}
	return g[r][c]
}

// ReadFile reads a workbook (.xlsx) or a CSV file, sheet by sheet.
func ReadFile(path string) (*Workbook, error) {
	if err := supported(path); err != nil {
		return nil, err
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, model.Errorf(model.ENOTFOUND, "无法读取 %s：%v", "cannot read %s: %v", path, err)
	}
	return Read(filepath.Base(path), b)
}

// Read reads a workbook or CSV file named name (its extension says which)
// from b.
func Read(name string, b []byte) (*Workbook, error) {
	sheets, err := readGrids(name, b)
	if err != nil {
		return nil, err
	}
	wb := &Workbook{File: name}
	for _, s := range sheets {
		wb.Sheets = append(wb.Sheets, readSheet(name, s.name, s.g))
	}
	return wb, nil
}

// readGrids reads the sheets of a workbook or the one of a CSV file.
func readGrids(name string, b []byte) ([]namedGrid, error) {
	var sheets []namedGrid
	var err error
	switch strings.ToLower(filepath.Ext(name)) {
	case ".xlsx", ".xlsm":
		sheets, err = readXLSX(b)
	case ".csv":
		var g grid
		g, err = readCSV(b)
		sheets = []namedGrid{{strings.TrimSuffix(name, filepath.Ext(name)), g}}
	default:
		return nil, supported(name)
	}
	if err != nil {
		return nil, model.Errorf(model.EINVALID, "%s 不是可以读取的表格文件：%v", "%s is not a readable spreadsheet: %v", name, err)
	}
	return sheets, nil
}

// supported refuses a file that is neither a workbook nor CSV.
func supported(name string) error {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".xlsx", ".xlsm", ".csv":
		return nil
	}
	return model.Errorf(model.EINVALID, "%s：只能读取 .xlsx 或 .csv 文件（.xls 请先在 Excel 或 WPS 中另存为 .xlsx）", "%s: only .xlsx and .csv files can be read (save an .xls as .xlsx first)", filepath.Base(name))
}

type namedGrid struct {
	name string
	g    grid
}

// readXLSX reads every sheet, the value of a merged range copied into each
// of its cells.
func readXLSX(b []byte) ([]namedGrid, error) {
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []namedGrid
	for _, name := range f.GetSheetList() {
		text, err := f.GetRows(name)
		if err != nil {
			return nil, err
		}
		raw, err := f.GetRows(name, excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, err
		}
		g := make(grid, len(text))
		for r := range text {
			g[r] = make([]cell, len(text[r]))
			for c := range text[r] {
				g[r][c] = cell{Text: strings.TrimSpace(text[r][c])}
				if r < len(raw) && c < len(raw[r]) {
					g[r][c].Raw = strings.TrimSpace(raw[r][c])
				}
			}
		}
		merged, err := f.GetMergeCells(name)
		if err != nil {
			return nil, err
		}
		for _, m := range merged {
			g = fillMerged(g, m)
		}
		out = append(out, namedGrid{name, g})
	}
	return out, nil
}

// fillMerged copies a merged range's value into each of its cells, so a
// label or a date merged across columns or rows is found wherever it is
// looked for.
func fillMerged(g grid, m excelize.MergeCell) grid {
	c1, r1, err1 := excelize.CellNameToCoordinates(m.GetStartAxis())
	c2, r2, err2 := excelize.CellNameToCoordinates(m.GetEndAxis())
	if err1 != nil || err2 != nil {
		return g
	}
	v := g.at(r1-1, c1-1)
	if v.Text == "" {
		v = cell{Text: strings.TrimSpace(m.GetCellValue()), Raw: strings.TrimSpace(m.GetCellValue())}
	}
	for r := r1 - 1; r < r2; r++ {
		for len(g) <= r {
			g = append(g, nil)
		}
		for len(g[r]) < c2 {
			g[r] = append(g[r], cell{})
		}
		for c := c1 - 1; c < c2; c++ {
			g[r][c] = v
		}
	}
	return g
}

// readCSV reads a CSV file in UTF-8 (with or without a BOM) or, as Excel
// on Chinese Windows saves it, GB18030.
func readCSV(b []byte) (grid, error) {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(b) {
		d, err := simplifiedchinese.GB18030.NewDecoder().Bytes(b)
		if err != nil {
			return nil, err
		}
		b = d
	}
	r := csv.NewReader(bytes.NewReader(b))
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	var g grid
	// encoding/csv skips blank lines; a spreadsheet shows them as empty
	// rows, so they are put back to keep the row numbers people see.
	next := 1
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return g, nil
		}
		if err != nil {
			return nil, err
		}
		start, _ := r.FieldPos(0)
		for ; next < start; next++ {
			g = append(g, nil)
		}
		end, _ := r.FieldPos(len(rec) - 1)
		next = end + strings.Count(rec[len(rec)-1], "\n") + 1
		row := make([]cell, len(rec))
		for i, v := range rec {
			v = strings.TrimSpace(v)
			// The project's own CSV guards cells against formula
			// injection with a leading apostrophe.
			v = strings.TrimPrefix(v, "'")
			row[i] = cell{Text: v, Raw: v}
		}
		g = append(g, row)
	}
}
