package export

import (
	"bufio"
	"encoding/csv"
	"io"
	"strings"
	"unicode/utf8"
)

// utf8BOM makes Excel on Chinese Windows read a CSV file as UTF-8 instead
// of GBK.
const utf8BOM = "\uFEFF"

// csvWriter writes one table as CSV: UTF-8 with a BOM, CRLF line ends (what
// Excel writes), every text cell neutralised against formula injection.
type csvWriter struct {
	bw  *bufio.Writer
	cw  *csv.Writer
	err error
}

func newCSV(w io.Writer, header []string) *csvWriter {
	bw := bufio.NewWriterSize(w, 64<<10)
	c := &csvWriter{bw: bw, cw: csv.NewWriter(bw)}
	c.cw.UseCRLF = true
	_, c.err = bw.WriteString(utf8BOM)
	c.row(header...)
	return c
}

// row writes one record; text cells are neutralised.
func (c *csvWriter) row(cells ...string) {
	if c.err != nil {
		return
	}
	rec := make([]string, len(cells))
	for i, s := range cells {
		rec[i] = Neutralize(s)
	}
	c.err = c.cw.Write(rec)
}

// close flushes and reports the first error.
func (c *csvWriter) close() error {
	c.cw.Flush()
	if c.err == nil {
		c.err = c.cw.Error()
	}
	if c.err == nil {
		c.err = c.bw.Flush()
	}
	return c.err
}

// Neutralize defuses a CSV cell that a spreadsheet would run as a formula
// (OWASP CSV injection): a cell starting with = + - @, a tab or a carriage
// return (or their full-width forms) gets a leading apostrophe, so it shows
// as the text it is. Other cells are returned unchanged.
func Neutralize(s string) string {
	if s == "" {
		return s
	}
	r, _ := utf8.DecodeRuneInString(s)
	if strings.ContainsRune("=+-@\t\r＝＋－＠", r) {
		return "'" + s
	}
	return s
}

// csvPhone writes a mobile number so that every spreadsheet keeps it as
// text: Excel turns a bare 13812345678 into 1.38E+10 when it opens a CSV
// file, but never 138-1234-5678; model.NormalizePhone reads it back.
func csvPhone(p string) string {
	if len(p) == 11 && strings.Trim(p, "0123456789") == "" {
		return p[:3] + "-" + p[3:7] + "-" + p[7:]
	}
	return p
}
