package tui

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// truncate cuts s to at most w cells, marking a cut with "..".
func truncate(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if ansi.StringWidth(s) <= w {
		return s
	}
	if w <= 2 {
		return ansi.Truncate(s, w, "")
	}
	return ansi.Truncate(s, w, "..")
}

// padRight truncates or pads s with spaces to exactly w cells.
func padRight(s string, w int) string {
	s = truncate(s, w)
	if n := w - ansi.StringWidth(s); n > 0 {
		s += strings.Repeat(" ", n)
	}
	return s
}

// padLeft right-aligns s in w cells.
func padLeft(s string, w int) string {
	s = truncate(s, w)
	if n := w - ansi.StringWidth(s); n > 0 {
		s = strings.Repeat(" ", n) + s
	}
	return s
}

// fitBlock makes a block exactly w cells wide and h lines tall: long lines
// are cut, short ones padded, missing lines added, extra lines dropped.
func fitBlock(s string, w, h int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	for i, l := range lines {
		lines[i] = padRight(l, w)
	}
	return strings.Join(lines, "\n")
}

// sideBySide joins two blocks with a gap, each fitted to its width and h.
func sideBySide(left string, lw int, right string, rw int, h int) string {
	return lipgloss.JoinHorizontal(lipgloss.Top, fitBlock(left, lw, h), "  ", fitBlock(right, rw, h))
}

// column is one column of a text table.
type column struct {
	title string
	width int
	right bool
}

// tableRow renders cells into the columns, separated by one space.
func tableRow(cols []column, cells []string) string {
	parts := make([]string, len(cols))
	for i, c := range cols {
		v := ""
		if i < len(cells) {
			v = cells[i]
		}
		if c.right {
			parts[i] = padLeft(v, c.width)
		} else {
			parts[i] = padRight(v, c.width)
		}
	}
	return strings.Join(parts, " ")
}

// tableHeader renders the column titles.
func tableHeader(st *Styles, cols []column) string {
	titles := make([]string, len(cols))
	for i, c := range cols {
		titles[i] = c.title
	}
	return st.Label.Render(tableRow(cols, titles))
}

// bar draws a progress bar of w cells with coloured spaces (no block
// characters, which are ambiguous in East-Asian terminals).
func bar(st *Styles, done, total, w int) string {
	if w <= 0 {
		return ""
	}
	fill := 0
	if total > 0 {
		fill = done * w / total
		if fill > w {
			fill = w
		}
	}
	return st.BarFull.Render(strings.Repeat(" ", fill)) + st.BarEmpty.Render(strings.Repeat(" ", w-fill))
}

// scrollWindow returns the first index to show so that sel stays visible in
// a list of n rows with room for h rows.
func scrollWindow(sel, n, h int) int {
	if h <= 0 || n <= h {
		return 0
	}
	start := sel - h/2
	if start < 0 {
		start = 0
	}
	if start > n-h {
		start = n - h
	}
	return start
}

// wrap breaks text into lines of at most w cells.
func wrap(s string, w int) []string {
	if w <= 0 {
		return nil
	}
	var out []string
	for _, para := range strings.Split(s, "\n") {
		wrapped := ansi.Hardwrap(ansi.Wordwrap(para, w, " "), w, true)
		out = append(out, strings.Split(wrapped, "\n")...)
	}
	return out
}

// hardWrap cuts s into lines of exactly w cells (the last one shorter), for
// URLs that must not be broken at punctuation.
func hardWrap(s string, w int) []string {
	if w <= 0 {
		return nil
	}
	return strings.Split(ansi.Hardwrap(s, w, true), "\n")
}

// wrapParts joins parts with sep after prefix into lines of at most w cells,
// breaking only between parts, so "11 mo: 3" never splits over two lines. A
// part wider than w on its own is wrapped.
func wrapParts(prefix string, parts []string, sep string, w int) []string {
	var out []string
	line := prefix
	fresh := true // nothing but the prefix on the line yet
	for i, p := range parts {
		if i < len(parts)-1 {
			p += strings.TrimRight(sep, " ")
		}
		add := p
		if !fresh {
			add = " " + p
		}
		if !fresh && ansi.StringWidth(line+add) > w {
			out = append(out, wrap(line, w)...)
			line, add = "", p
		}
		line += add
		fresh = false
	}
	return append(out, wrap(line, w)...)
}

// wrapUnits fills lines of at most w cells with units joined by join,
// breaking only between units; a unit wider than w is broken on its own
// (wrapCJK).
func wrapUnits(units []string, join string, w int) []string {
	var out []string
	line := ""
	for _, u := range units {
		add := u
		if line != "" {
			add = join + u
		}
		if line != "" && ansi.StringWidth(line+add) > w {
			out = append(out, line)
			line, add = "", u
		}
		if ansi.StringWidth(add) > w {
			parts := wrapCJK(line+add, w)
			out = append(out, parts[:len(parts)-1]...)
			line = parts[len(parts)-1]
			continue
		}
		line += add
	}
	if line != "" {
		out = append(out, line)
	}
	return out
}

// wrapText breaks a message into lines of at most w cells between words:
// English at spaces, Chinese after its punctuation, so names, dates and
// times stay whole and no line starts with a closing mark.
func wrapText(s string, w int) []string {
	if !strings.ContainsFunc(s, func(r rune) bool { return ansi.StringWidth(string(r)) > 1 }) {
		return wrapUnits(strings.Fields(s), " ", w)
	}
	var units []string
	rs := []rune(s)
	start := 0
	for i := 0; i < len(rs); i++ {
		closing := strings.ContainsRune(noLineStart, rs[i]) && (ansi.StringWidth(string(rs[i])) > 1 || i+1 < len(rs) && rs[i+1] == ' ')
		if !closing || i+1 < len(rs) && strings.ContainsRune(noLineStart, rs[i+1]) {
			continue // "10:00" and "，" after "）" stay whole
		}
		units = append(units, string(rs[start:i+1]))
		start = i + 1
	}
	if start < len(rs) {
		units = append(units, string(rs[start:]))
	}
	return wrapUnits(units, "", w)
}
