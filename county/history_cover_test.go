package county_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Two groups held at the same place on the same day: the station's kiosk
// recorded one (closed, in its bundle), the other was kept on paper only.
// The paper table lists both. Each session should count once: the
// station's one from the bundle, the paper-only one from paper.
func TestHistorySecondSessionSameDayPlace(t *testing.T) {
	h := newHistoryCounty(t)
	h.c.Import(t, h.bundle)
	p := filepath.Join(h.dir, "温溪2025.csv")
	body := "活动日期,活动地点,活动内容,活动月龄,参与家庭（组）,备注\r\n" +
		h.held.Date.String() + "," + h.held.Station + ",与站点同一场,7-9,5,\r\n" +
		h.held.Date.String() + "," + h.held.Station + ",下午另一组（只在纸上）,19-24,4,\r\n"
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	// The import's report counts as the board will: one row stood in for.
	for _, dry := range []bool{true, false} {
		if rep := h.importHistory(t, "温溪片卫生院", dry, p); !strings.Contains(rep, "其中站点已有记录不另计 1 场") {
			t.Errorf("dry run %v: the report does not count one row held by the station:\n%s", dry, rep)
		}
	}
	// 4 closed station sessions + the afternoon group from paper.
	h.assertHeld(t, 2025, map[string][2]int{"温溪片卫生院": {5, 1}})
}
