package paperimport_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"

	"carekiosk/model"
)

// A county-wide 统计表 where the clerk left the 单位 cell blank under
// another unit's row (not merged): the row is not the station's own.
func TestBlankUnitCellAtStation(t *testing.T) {
	path := filepath.Join(t.TempDir(), "全县统计表2024.xlsx")
	f := excelize.NewFile()
	w := sheetWriter{t, f, "Sheet1"}
	w.row(1, "单位", "活动日期", "活动地点", "活动内容", "活动月龄", "参与家庭（组）", "备注")
	w.row(2, "温溪片卫生院", "2024-03-15", "温溪站", "辅食添加", "13-18", 3, "")
	w.row(3, "船寮片卫生院", "2024-03-16", "船寮站", "亲子阅读", "7-9", 4, "")
	w.row(4, "", "2024-03-20", "船寮站", "户外游戏", "10-12", 5, "")
	saveBook(t, f, path)
	f.Close()
	s := newStore(t)
	t.Log(runImport(t, s, false, path))
	got, _ := s.Sessions(context.Background(), model.SessionFilter{})
	for _, se := range got {
		if se.Station == "船寮站" {
			t.Errorf("another unit's row (blank 单位 cell) stored as the station's session: %s %s", se.Date, se.Title)
		}
	}
}
