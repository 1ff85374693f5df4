package export

import (
	"strconv"

	"github.com/xuri/excelize/v2"
)

// sheetStream lays a sheet out row by row through excelize's stream
// writer: a small table sheet costs a fraction of setting its cells one
// by one, and its XML is written as it goes instead of being marshalled
// at the end. Everything that changes the sheet itself (page setup,
// charts) must be done before newSheetStream; rows come in order. The
// first error is kept and returned by flush.
type sheetStream struct {
	sw     *excelize.StreamWriter
	row    int
	values []excelize.Cell
	set    []bool
	cells  []any
	err    error
}

// newSheetStream starts streaming sheet. Its column widths are set
// before (colWidths), with its page setup and charts: a chart's size in
// cells follows the widths.
func newSheetStream(f *excelize.File, sheet string) (*sheetStream, error) {
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return nil, err
	}
	return &sheetStream{sw: sw, row: 1}, nil
}

// colWidths sets the widths of a sheet's first columns, the last first:
// excelize puts each column it is given before those it has, and a
// streamed sheet writes them as they are, so they come out in order.
func colWidths(f *excelize.File, sheet string, ws []float64) error {
	for i := len(ws); i >= 1; i-- {
		col := mustCol(i)
		if err := f.SetColWidth(sheet, col, col, ws[i-1]); err != nil {
			return err
		}
	}
	return nil
}

// put sets the cell of column col (1-based) in the row being made.
func (s *sheetStream) put(col int, v any, style int) {
	for len(s.values) < col {
		s.values, s.set = append(s.values, excelize.Cell{}), append(s.set, false)
	}
	s.values[col-1], s.set[col-1] = excelize.Cell{StyleID: style, Value: v}, true
}

// merged puts v into columns from..to of the row, merged, the style on
// every cell (so the borders run round the whole range).
func (s *sheetStream) merged(from, to int, v any, style int) {
	for c := from; c <= to; c++ {
		s.put(c, nil, style)
	}
	s.values[from-1].Value = v
	if s.err == nil {
		s.err = s.sw.MergeCell(cellName(from, s.row), cellName(to, s.row))
	}
}

// percent puts held ÷ quota as a percentage (four decimals, as the
// station's sheets store it), or — when there is no quota.
func (s *sheetStream) percent(col, held, quota int, st *styles) {
	if quota == 0 {
		s.put(col, "—", st.cell)
		return
	}
	s.put(col, percentValue(held, quota), st.percent)
}

// percentValue is held ÷ quota to four decimals, rounded as
// SetCellFloat(…, 4) rounds it (to even on a tie: 1 ÷ 32 is 0.0312), so the
// stored value is the one the sheets held before they were streamed.
func percentValue(held, quota int) float64 {
	v, _ := strconv.ParseFloat(strconv.FormatFloat(float64(held)/float64(quota), 'f', 4, 64), 64)
	return v
}

// end writes the row made (height 0: the default) and starts the next.
func (s *sheetStream) end(height float64) {
	if s.err == nil && len(s.values) > 0 {
		s.cells = s.cells[:0]
		for i := range s.values {
			var c any // a column left out stays empty
			if s.set[i] {
				c = &s.values[i]
			}
			s.cells = append(s.cells, c)
		}
		s.err = s.sw.SetRow(cellName(1, s.row), s.cells, excelize.RowOpts{Height: height})
	}
	s.values, s.set = s.values[:0], s.set[:0]
	s.row++
}

// skip leaves n empty rows.
func (s *sheetStream) skip(n int) { s.row += n }

// flush ends the sheet and returns the first error.
func (s *sheetStream) flush() error {
	if s.err != nil {
		return s.err
	}
	return s.sw.Flush()
}

// cellName names the cell of column col and row row ("B12").
func cellName(col, row int) string {
	return mustCol(col) + strconv.Itoa(row)
}
