package export

import (
	"github.com/xuri/excelize/v2"
)

// formFont is the font of every form: 宋体 is what the county's Word and
// Excel forms use on Chinese Windows; LibreOffice substitutes a CJK serif
// (Noto Serif CJK) for it.
const formFont = "SimSun"

// styles are the cell styles of one workbook.
type styles struct {
	title, subtitle, label, header, cell, cellLeft, text, number, percent, note int
}

func newStyles(f *excelize.File) (*styles, error) {
	border := []excelize.Border{
		{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1},
		{Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1},
	}
	gb2312 := 134 // the font's character set: simplified Chinese
	font := func(size float64, bold bool) *excelize.Font {
		return &excelize.Font{Family: formFont, Size: size, Bold: bold, Charset: &gb2312}
	}
	center := &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}
	left := &excelize.Alignment{Horizontal: "left", Vertical: "center", WrapText: true}
	top := &excelize.Alignment{Horizontal: "left", Vertical: "top", WrapText: true}
	textFmt, pct := "@", "0.0%"
	var s styles
	var err error
	add := func(dst *int, st excelize.Style) {
		if err == nil {
			*dst, err = f.NewStyle(&st)
		}
	}
	add(&s.title, excelize.Style{Font: font(16, true), Alignment: center})
	add(&s.subtitle, excelize.Style{Font: font(11, false), Alignment: left})
	add(&s.label, excelize.Style{Font: font(11, false), Alignment: left, Border: border})
	add(&s.header, excelize.Style{Font: font(11, true), Alignment: center, Border: border})
	add(&s.cell, excelize.Style{Font: font(11, false), Alignment: center, Border: border})
	add(&s.cellLeft, excelize.Style{Font: font(11, false), Alignment: top, Border: border})
	add(&s.text, excelize.Style{Font: font(11, false), Alignment: center, Border: border, CustomNumFmt: &textFmt})
	add(&s.number, excelize.Style{Font: font(11, false), Alignment: center, Border: border, NumFmt: 1})
	add(&s.percent, excelize.Style{Font: font(11, false), Alignment: center, Border: border, CustomNumFmt: &pct})
	add(&s.note, excelize.Style{Font: font(9, false), Alignment: top})
	return &s, err
}

// pageSetup prepares a sheet for printing on A4: orientation, fit to one
// page wide, all six margins, page numbers in the footer, and the rows
// that repeat at the top of every printed page (e.g. "$1:$4"; empty for
// none).
func pageSetup(f *excelize.File, sheet string, landscape bool, repeatRows string) error {
	size, orient, one, zero := 9, "portrait", 1, 0
	if landscape {
		orient = "landscape"
	}
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &size, Orientation: &orient, FitToWidth: &one, FitToHeight: &zero}); err != nil {
		return err
	}
	fit := true
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	top, bottom, side, hf := 0.8, 0.8, 0.6, 0.3
	center := true
	if err := f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{Top: &top, Bottom: &bottom, Left: &side, Right: &side, Header: &hf, Footer: &hf, Horizontally: &center}); err != nil {
		return err
	}
	if err := f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{OddFooter: "&C第 &P 页，共 &N 页"}); err != nil {
		return err
	}
	if repeatRows != "" {
		return f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: "'" + sheet + "'!" + repeatRows, Scope: sheet})
	}
	return nil
}

// textLines estimates how many lines s takes in a column width chars wide
// (a Han character is two widths), for row heights.
func textLines(s string, width float64) int {
	lines := 0
	cur := 0.0
	for _, r := range s {
		if r == '\n' {
			lines++
			cur = 0
			continue
		}
		w := 1.0
		if r >= 0x2E80 {
			w = 2
		}
		if cur+w > width {
			lines++
			cur = 0
		}
		cur += w
	}
	return lines + 1 // the last line, ended or not
}

// rowHeight is the height in points of a row holding lines lines of 11 pt
// text, at least floor, within Excel's limit of 409.
func rowHeight(lines int, floor float64) float64 {
	return min(max(float64(lines)*14.5+6, floor), 409)
}

// newWorkbook starts a workbook in the forms' font with the shared styles,
// its first sheet named first. The caller closes it.
func newWorkbook(first string) (*excelize.File, *styles, error) {
	f := excelize.NewFile()
	if err := f.SetDefaultFont(formFont); err != nil {
		f.Close()
		return nil, nil, err
	}
	st, err := newStyles(f)
	if err == nil {
		err = f.SetSheetName("Sheet1", first)
	}
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return f, st, nil
}
