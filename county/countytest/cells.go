package countytest

import (
	"io"
	"testing"

	"github.com/xuri/excelize/v2"
)

// BookCells reads every sheet's rows of a workbook, by sheet name.
func BookCells(t testing.TB, r io.Reader) map[string][][]string {
	t.Helper()
	f, err := excelize.OpenReader(r)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string][][]string{}
	for _, name := range f.GetSheetList() {
		if out[name], err = f.GetRows(name); err != nil {
			t.Fatal(err)
		}
	}
	return out
}
