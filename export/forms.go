package export

import (
	"bytes"
	"fmt"
	"image/png"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"carekiosk/model"
)

// Sign-in sheet geometry: column widths (in character widths) and the
// height of a row that holds a signature.
var signInWidths = []float64{6, 14, 10, 15, 14, 24}

const (
	signInRowHeight = 36.0 // points
	signInFirstRow  = 5    // rows 1–4: title, header line, column headers
	sigCol          = 6    // 家长签字
)

// sessionFileName names a session's workbook so a clerk finds it by date:
// 2026-03-15_温溪镇社区卫生服务站_辅食添加.xlsx.
func sessionFileName(s model.Session) string {
	return s.Date.String() + "_" + safeName(s.Station, 30) + "_" + safeName(s.Title, 30)
}

// writeSessionWorkbook writes one session's two forms: 活动记录表 (附件4) and
// 签到表 (附件5), as two sheets of one workbook.
func writeSessionWorkbook(w io.Writer, county string, s sessionInfo, signIns []model.SignIn, withdrawn []model.WithdrawnSignIn) error {
	f, st, err := newWorkbook(sheetRecord)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := activityRecord(f, st, county, s, signIns); err != nil {
		return err
	}
	if _, err := f.NewSheet(sheetSignIn); err != nil {
		return err
	}
	if err := signInSheet(f, st, county, s, signIns, withdrawn); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	return f.Write(w)
}

// cellSetter collects the first error of a run of cell writes and the
// used range they reach.
type cellSetter struct {
	f      *excelize.File
	sheet  string
	err    error
	maxCol int
	maxRow int
}

// reach widens the used range to hold cell.
func (c *cellSetter) reach(cell string) {
	col, row, err := excelize.CellNameToCoordinates(cell)
	if err == nil {
		c.maxCol, c.maxRow = max(c.maxCol, col), max(c.maxRow, row)
	}
}

// done declares the sheet's used range (excelize leaves it at A1, and
// readers that trust it — openpyxl read-only — would see one cell) and
// returns the first error.
func (c *cellSetter) done() error {
	if c.err == nil && c.maxRow > 0 {
		end, _ := excelize.CoordinatesToCellName(c.maxCol, c.maxRow)
		c.err = c.f.SetSheetDimension(c.sheet, "A1:"+end)
	}
	return c.err
}

func (c *cellSetter) str(cell, v string, style int) {
	if c.err == nil {
		c.err = c.f.SetCellStr(c.sheet, cell, v)
	}
	c.style(cell, cell, style)
}

func (c *cellSetter) int(cell string, v, style int) {
	if c.err == nil {
		c.err = c.f.SetCellInt(c.sheet, cell, int64(v))
	}
	c.style(cell, cell, style)
}

func (c *cellSetter) style(from, to string, style int) {
	c.reach(from)
	c.reach(to)
	if c.err == nil {
		c.err = c.f.SetCellStyle(c.sheet, from, to, style)
	}
}

// merged writes v into the merged range from:to with a style on all of it
// (so the borders run round the whole range).
func (c *cellSetter) merged(from, to, v string, style int) {
	if c.err == nil {
		c.err = c.f.MergeCell(c.sheet, from, to)
	}
	c.str(from, v, style)
	c.style(from, to, style)
}

func (c *cellSetter) height(row int, h float64) {
	if c.err == nil {
		c.err = c.f.SetRowHeight(c.sheet, row, h)
	}
}

func (c *cellSetter) widths(ws []float64) {
	for i, w := range ws {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if c.err == nil {
			c.err = c.f.SetColWidth(c.sheet, col, col, w)
		}
	}
}

// activityRecord lays out 附件4 on sheet 活动记录表, A4 portrait, columns A–D.
func activityRecord(f *excelize.File, st *styles, county string, s sessionInfo, signIns []model.SignIn) error {
	c := &cellSetter{f: f, sheet: sheetRecord}
	const colW = 21.0
	c.widths([]float64{colW, colW, colW, colW})
	c.merged("A1", "D1", county+titleGroup, st.title)
	c.merged("A2", "D2", titleRecord+voidTitle(s), st.title)
	c.height(1, 24)
	c.height(2, 24)
	ages := make([]int, len(signIns))
	for i, si := range signIns {
		ages[i] = si.AgeMonths
	}
	dist := model.FormatDistribution(model.Distribution(ages), model.LangZH)
	if dist == "" {
		dist = "无"
	}
	d := s.Date
	c.merged("A3", "B3", fmt.Sprintf("日期：%d 年 %d 月 %d 日", d.Year, d.Month, d.Day), st.label)
	c.merged("C3", "D3", "活动地点："+s.Station, st.label)
	c.merged("A4", "B4", fmt.Sprintf("参与家庭：%d 组", s.Families), st.label)
	c.merged("C4", "D4", "月龄分布："+dist, st.label)
	c.merged("A5", "B5", "活动内容（活动月龄 "+s.Band.String()+"）", st.label)
	c.merged("C5", "D5", "健康指导员："+s.Instructor, st.label)
	for _, r := range []int{3, 4, 5} {
		c.height(r, rowHeight(textLines("月龄分布："+dist, 2*colW), 24))
	}
	for i, h := range recordColumns {
		col, _ := excelize.ColumnNumberToName(i + 1)
		c.str(col+"6", h, st.header)
	}
	c.height(6, 22)
	titleCell := contentText(s.Session)
	if intro := segmentText(s.Segments[model.SegIntroductions]); intro != "" {
		titleCell += "\n" + model.SegIntroductions.FormLabel(model.LangZH) + "：" + intro
	}
	content := []string{titleCell, segmentText(s.Segments[model.SegHealthEducation]),
		segmentText(s.Segments[model.SegParentingSharing]), segmentText(s.Segments[model.SegParentChildActivity])}
	lines := 0
	for i, v := range content {
		col, _ := excelize.ColumnNumberToName(i + 1)
		c.str(col+"7", v, st.cellLeft)
		lines = max(lines, textLines(v, colW))
	}
	c.height(7, rowHeight(lines, 120))
	summary := summaryLabel + "\n" + s.Summary.Text(model.LangZH)
	c.merged("A8", "D8", summary, st.cellLeft)
	c.height(8, rowHeight(textLines(summary, 4*colW), 160))
	if after := afterCloseNotes(s); len(s.corrections) > 0 || len(after) > 0 {
		notes := make([]string, len(s.corrections))
		for i, x := range s.corrections {
			notes[i] = correctionNote(x, s.loc)
		}
		count := fmt.Sprintf("%d 次更正", len(s.corrections))
		if len(after) > 0 {
			count += fmt.Sprintf("、%d 次签到更正", len(after))
		}
		text := fmt.Sprintf("本表为第 %d 版（活动结束后有 %s，均留有记录）：\n", s.Revision, count) + strings.Join(append(notes, after...), "\n")
		if s.Voided {
			text = voidMark + "，不计入统计和任务数。" + text
		}
		c.merged("A9", "D9", text, st.note)
		c.height(9, rowHeight(textLines(text, 4*colW*1.2), 20))
	}
	familyNotesRow(c, st, s.familyNotes, "D", 4*colW)
	if mark := originNote(s); mark != "" {
		row := c.maxRow + 1
		c.merged(fmt.Sprintf("A%d", row), fmt.Sprintf("D%d", row), "注："+mark+"，依据纸质活动记录和签到表录入", st.note)
		c.height(row, 20)
	}
	if err := c.done(); err != nil {
		return err
	}
	return pageSetup(f, sheetRecord, false, "")
}

// signInSheet lays out 附件5 on sheet 签到表: every sign-in by 序号, the
// drawn signature as a picture in 家长签字, the header rows repeated on
// every printed page.
func signInSheet(f *excelize.File, st *styles, county string, s sessionInfo, signIns []model.SignIn, withdrawn []model.WithdrawnSignIn) error {
	c := &cellSetter{f: f, sheet: sheetSignIn}
	c.widths(signInWidths)
	c.merged("A1", "F1", county+titleGroup, st.title)
	c.merged("A2", "F2", titleSignIn+voidTitle(s), st.title)
	c.height(1, 24)
	c.height(2, 24)
	// One line, as on the paper form.
	head := "活动日期：" + s.Date.Chinese() + "　　活动地点：" + s.Station + "　　养育指导员：" + s.Instructor
	if mark := s.OriginLabel(); mark != "" {
		head += "　　（" + mark + "，家长在纸质签到表上签字）"
	}
	c.merged("A3", "F3", head, st.subtitle)
	total := 0.0
	for _, w := range signInWidths {
		total += w
	}
	c.height(3, rowHeight(textLines(head, total), 22))
	for i, h := range signInHeader {
		col, _ := excelize.ColumnNumberToName(i + 1)
		c.str(col+"4", h, st.header)
	}
	c.height(4, 30)
	if len(signIns) == 0 {
		c.merged("A5", "F5", "（本次活动无人签到）", st.cell)
		c.height(5, signInRowHeight)
	}
	for i, si := range signIns {
		row := signInFirstRow + i
		r := func(col string) string { return fmt.Sprintf("%s%d", col, row) }
		c.int(r("A"), si.Seq, st.number)
		c.str(r("B"), si.ChildName, st.cell)
		c.str(r("C"), ageText(si.AgeMonths), st.cell)
		c.str(r("D"), si.Phone, st.text)
		c.str(r("E"), string(si.Relation), st.cell)
		c.height(row, signInRowHeight)
		if c.err != nil {
			return c.err
		}
		text, pic := signatureCell(si)
		c.str(r("F"), text, st.cell)
		if pic != nil && c.err == nil {
			c.err = f.AddPictureFromBytes(sheetSignIn, r("F"), pic)
		}
	}
	// A 序号 missing from the table was withdrawn during the session or
	// removed after: say which, by whom and why, under the table, with
	// every correction of a sign-in.
	row := signInFirstRow + max(len(signIns), 1)
	for _, note := range signInSheetNotes(s, withdrawn) {
		c.merged(fmt.Sprintf("A%d", row), fmt.Sprintf("F%d", row), note, st.note)
		c.height(row, 22)
		row++
	}
	familyNotesRow(c, st, s.familyNotes, "F", total)
	if err := c.done(); err != nil {
		return err
	}
	return pageSetup(f, sheetSignIn, false, "$1:$4")
}

// instructorSigned is what 家长签字 says when the instructor signed for
// the caregiver.
func instructorSigned(si model.SignIn) string {
	return "指导员代签（" + si.SignedName + "）"
}

// signatureCell returns what goes in 家长签字: 指导员代签 when the
// instructor signed for the caregiver, the drawn signature as a
// picture scaled into the cell (and no text), or the typed name, or, when
// the drawing cannot be read and no name was typed, a note saying so with
// the caregiver's name.
func signatureCell(si model.SignIn) (string, *excelize.Picture) {
	if si.ByInstructor {
		return instructorSigned(si), nil
	}
	if len(si.SignaturePNG) > 0 {
		cfg, err := png.DecodeConfig(bytes.NewReader(si.SignaturePNG))
		if err == nil && cfg.Width > 0 && cfg.Height > 0 {
			// Cell size in pixels: a character width is ~7 px, a point 4/3 px.
			cw, ch := signInWidths[sigCol-1]*7+5, signInRowHeight*4/3
			scale := min((cw-8)/float64(cfg.Width), (ch-6)/float64(cfg.Height))
			offX := int((cw - float64(cfg.Width)*scale) / 2)
			offY := int((ch - float64(cfg.Height)*scale) / 2)
			printIt := true
			return "", &excelize.Picture{Extension: ".png", File: si.SignaturePNG, Format: &excelize.GraphicOptions{
				AltText: "家长签字：" + si.Caregiver, ScaleX: scale, ScaleY: scale, OffsetX: offX, OffsetY: offY,
				Positioning: "oneCell", PrintObject: &printIt, LockAspectRatio: true}}
		}
		if si.SignedName != "" {
			return si.SignedName, nil
		}
		return "（签名图片无法读取，签到人：" + si.Caregiver + "）", nil
	}
	if si.SignedName != "" {
		return si.SignedName, nil
	}
	return "（无签名，签到人：" + si.Caregiver + "）", nil
}
