package tui

import (
	"fmt"
	"strconv"
	"strings"

	"carekiosk/model"
)

// Charts are drawn with ASCII only: block characters are East-Asian
// ambiguous and would break the columns on a Chinese terminal, and # reads
// on a monochrome console too.
const (
	chartBar       = "#"
	chartPace      = "-"
	chartPaceOnBar = "="
)

// monthChart draws the sessions held, summed month by month through month
// upTo (1–12) of the year, as columns against the line of the quota's pace
// (quota × month / 12), in w cells and h lines: a title, a legend, the
// columns, the months and each month's own count.
func monthChart(c *Common, year int, held [12]int, quota, upTo, w, h int) []string {
	st := c.Styles
	var cum [12]int
	total := 0
	for m := range held {
		total += held[m]
		cum[m] = total
	}
	lines := []string{
		st.Title.Render(truncate(fmt.Sprintf(c.T("%d年每月活动（累计）：已开展 %d 场，任务 %d 场", "%d sessions by month (running total): %d held, quota %d"), year, cum[max(0, min(11, upTo-1))], quota), w)),
		st.Faint.Render(truncate(c.T("# 累计已开展   - 按任务进度应达到   = 两者重合", "# held so far   - quota pace   = both"), w)),
	}
	rows := h - len(lines) - 2
	if rows < 2 {
		return lines
	}
	top := max(quota, total, 1)
	step := (top + rows - 1) / rows // sessions per line
	rows = (top + step - 1) / step
	colW := max(3, min(6, (w-6)/12))
	for r := rows; r >= 1; r-- {
		level := r * step
		var b strings.Builder
		b.WriteString(padLeft(strconv.Itoa(level), 3) + " |")
		for m := 0; m < 12; m++ {
			// Line r holds the values above (r-1)×step up to r×step.
			paceRow := (quota*(m+1) + 12*step - 1) / (12 * step)
			filled := m < upTo && (cum[m]+step-1)/step >= r
			cell := " "
			switch {
			case filled && paceRow == r:
				cell = chartPaceOnBar
			case filled:
				cell = chartBar
			case paceRow == r:
				cell = chartPace
			}
			col := strings.Repeat(cell, colW-1) + " "
			if filled {
				col = st.Title.Render(strings.Repeat(cell, colW-1)) + " "
			}
			b.WriteString(col)
		}
		lines = append(lines, b.String())
	}
	var months, counts strings.Builder
	months.WriteString("    +")
	counts.WriteString(padRight(c.T("当月", "held"), 5))
	for m := 0; m < 12; m++ {
		months.WriteString(padRight(monthLabel(c, m+1), colW))
		n := ""
		if m < upTo {
			n = strconv.Itoa(held[m])
		}
		counts.WriteString(padRight(n, colW))
	}
	return append(lines, months.String(), counts.String())
}

// monthLabel is 3月 or Mar.
func monthLabel(c *Common, m int) string {
	if c.Lang.English() {
		return []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}[m-1]
	}
	return strconv.Itoa(m) + "月"
}

// hbar is one labelled horizontal bar.
type hbar struct {
	label string
	value int
}

// hbars draws labelled horizontal bars in w cells, scaled to the largest
// value, each followed by its number; selected (-1 for none) is marked > .
func hbars(c *Common, bars []hbar, selected, w int) []string {
	labelW, top := 0, 1
	for _, b := range bars {
		labelW = max(labelW, lipglossWidth(b.label))
		top = max(top, b.value)
	}
	labelW = min(labelW, w/2)
	room := max(1, w-2-labelW-1-1-len(strconv.Itoa(top)))
	var out []string
	for i, b := range bars {
		n := b.value * room / top
		if b.value > 0 && n == 0 {
			n = 1
		}
		cursor := "  "
		if i == selected {
			cursor = "> "
		}
		line := cursor + padRight(b.label, labelW) + " " + c.Styles.Title.Render(strings.Repeat(chartBar, n)) + " " + strconv.Itoa(b.value)
		if i == selected {
			line = c.Styles.Selected.Render(cursor+padRight(b.label, labelW)) + " " + c.Styles.Title.Render(strings.Repeat(chartBar, n)) + " " + strconv.Itoa(b.value)
		}
		out = append(out, line)
	}
	return out
}

// ageBars are a session's 月龄分布 as bars: every month of its band, with
// the ages outside the band that came.
func ageBars(c *Common, band model.AgeBand, ages []model.AgeCount) []hbar {
	count := map[int]int{}
	lo, hi := band.Min, band.Max
	for _, a := range ages {
		count[a.AgeMonths] = a.Count
		lo, hi = min(lo, a.AgeMonths), max(hi, a.AgeMonths)
	}
	var out []hbar
	for a := lo; a <= hi; a++ {
		if (a < band.Min || a > band.Max) && count[a] == 0 {
			continue
		}
		out = append(out, hbar{label: ageText(c, a), value: count[a]})
	}
	return out
}
