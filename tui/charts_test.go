package tui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"carekiosk/model"
)

// chartCommon is a Common for drawing charts outside the program.
func chartCommon(lang model.Lang) *Common {
	c := &Common{Width: 80, Height: 24, Styles: DefaultStyles(), Settings: model.DefaultSettings()}
	c.setLang(lang)
	return c
}

// The month chart against hand-worked columns: quota 12 is one session a
// month of pace; 2 held in January, none in February, 1 in March, asked in
// March. Line r holds r sessions: January's column reaches line 2, March's
// line 3; the pace is on line 1 in January, 2 in February, 3 in March.
func TestMonthChartColumns(t *testing.T) {
	c := chartCommon(model.LangZH)
	held := [12]int{2, 0, 1}
	lines := monthChart(c, 2026, held, 12, 3, 80, 20)
	plain := make([]string, len(lines))
	for i, l := range lines {
		plain[i] = ansi.Strip(l)
	}
	if !strings.Contains(plain[0], "已开展 3 场，任务 12 场") {
		t.Errorf("title %q", plain[0])
	}
	// 12 lines of values, top first: line r is plain[2+12-r].
	at := func(r, month int) string {
		row := plain[2+12-r]
		cell := 5 + (month-1)*6
		return row[cell : cell+5]
	}
	for _, tt := range []struct {
		r, month int
		want     string
	}{
		{1, 1, "====="}, // held 2 ≥ line 1, pace 1 on line 1
		{2, 1, "#####"},
		{3, 1, "     "},
		{2, 2, "====="}, // cumulative 2, pace 2
		{1, 2, "#####"},
		{3, 3, "====="}, // cumulative 3, pace 3
		{4, 4, "-----"}, // April: not yet, the pace only
		{3, 4, "     "},
		{12, 12, "-----"},
	} {
		if got := at(tt.r, tt.month); got != tt.want {
			t.Errorf("line %d, month %d: %q, want %q\n%s", tt.r, tt.month, got, tt.want, strings.Join(plain, "\n"))
		}
	}
	// Months to come have no count.
	if last := plain[len(plain)-1]; strings.TrimRight(last, " ") != "当月 2     0     1" {
		t.Errorf("month counts %q", last)
	}
}

// Bars scale to the largest value; a value above 0 gets at least one cell;
// labels in Chinese line up.
func TestHBarsAlign(t *testing.T) {
	c := chartCommon(model.LangZH)
	lines := hbars(c, []hbar{{"7月龄", 40}, {"13-18月龄", 1}, {"8月龄", 0}}, 1, 40)
	want := []string{
		"  7月龄     " + strings.Repeat("#", 25) + " 40",
		"> 13-18月龄 # 1",
		"  8月龄      0",
	}
	for i, l := range lines {
		if got := ansi.Strip(l); got != want[i] {
			t.Errorf("bar %d: %q, want %q", i, got, want[i])
		}
	}
}

// TestChartScreens renders the three charts at 80x24, 80x16 and 120x40,
// Chinese and English, and compares them with the goldens.
func TestChartScreens(t *testing.T) {
	for _, sz := range [][2]int{{80, 24}, {80, 16}, {120, 40}} {
		for view, want := range []string{"每月活动（累计）", "参与家庭（组）", "月龄分布："} {
			t.Run(fmt.Sprintf("view%d_%dx%d", view, sz[0], sz[1]), func(t *testing.T) {
				st, dir := copyStore(t, advancingClock(screenNow))
				k := startKiosk(t, st, dir, sz[0], sz[1], screenNow)
				k.waitFor(fixtureSession)
				k.keys("g")
				k.waitFor("按任务进度")
				for range view {
					k.keys("tab")
				}
				k.waitFor(want)
				screen := k.view()
				checkFits(t, screen, sz[0], sz[1])
				golden.RequireEqual(t, []byte(normalize(screen)))
			})
		}
	}
}
