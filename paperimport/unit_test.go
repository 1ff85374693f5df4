package paperimport_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"carekiosk/model"
)

// TestCountyWideTableAtStation imports a county-wide 统计表 (a 单位 column)
// at a station: only the station's own unit's rows become its sessions
// (the unit written with a space and full-width brackets still matches);
// another unit's row is refused with its unit named, and a repeat changes
// nothing.
func TestCountyWideTableAtStation(t *testing.T) {
	path := filepath.Join(t.TempDir(), "全县统计表2024.xlsx")
	f := excelize.NewFile()
	w := sheetWriter{t, f, "Sheet1"}
	w.set("A1", "青田县养育照护小组活动统计表")
	w.merge("A1", "G1")
	w.row(2, "单位", "活动日期", "活动地点", "活动内容", "活动月龄", "参与家庭（组）", "备注")
	w.row(3, "温溪片 卫生院", "2024-03-15", "温溪站", "辅食添加", "13-18", 3, "")
	w.row(4, "船寮片卫生院", "2024-03-16", "船寮站", "亲子阅读", "7-9", 4, "")
	w.row(5, "温溪片卫生院", "2024-04-12", "温溪站", "户外游戏", "10-12", 5, "")
	saveBook(t, f, path)
	f.Close()
	s := newStore(t)
	report := runImport(t, s, false, path)
	for _, want := range []string{
		"2024-03-15 温溪站：新活动",
		"2024-04-12 温溪站：新活动",
		"2024-03-16 船寮站：未导入：这一行是「船寮片卫生院」的活动，不属于本单位「温溪片卫生院」",
	} {
		if !strings.Contains(report, want) {
			t.Errorf("report lacks %q:\n%s", want, report)
		}
	}
	got, err := s.Sessions(context.Background(), model.SessionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("stored %d sessions, want the unit's 2: %+v", len(got), got)
	}
	for _, se := range got {
		if se.Title == "亲子阅读" {
			t.Errorf("another unit's session was stored: %+v", se)
		}
	}
	if again := runImport(t, s, false, path); strings.Contains(again, "站：新活动") {
		t.Errorf("a repeat stored again:\n%s", again)
	}
}
