package tui

import "strings"

// bigGlyphs draws the hex digits 3 cells wide and 5 rows high, so a key's
// fingerprint can be read out from across the room. b and d are lower case
// so they differ from 8 and 0.
var bigGlyphs = map[rune][5]string{
	'0': {"###", "# #", "# #", "# #", "###"},
	'1': {" # ", "## ", " # ", " # ", "###"},
	'2': {"###", "  #", "###", "#  ", "###"},
	'3': {"###", "  #", "###", "  #", "###"},
	'4': {"# #", "# #", "###", "  #", "  #"},
	'5': {"###", "#  ", "###", "  #", "###"},
	'6': {"###", "#  ", "###", "# #", "###"},
	'7': {"###", "  #", "  #", "  #", "  #"},
	'8': {"###", "# #", "###", "# #", "###"},
	'9': {"###", "# #", "###", "  #", "###"},
	'a': {"###", "# #", "###", "# #", "# #"},
	'b': {"#  ", "#  ", "###", "# #", "###"},
	'c': {"###", "#  ", "#  ", "#  ", "###"},
	'd': {"  #", "  #", "###", "# #", "###"},
	'e': {"###", "#  ", "###", "#  ", "###"},
	'f': {"###", "#  ", "###", "#  ", "#  "},
}

// bigRow draws groups side by side in big glyphs, each pixel sx cells wide,
// glyphs gap cells apart and groups sep cells apart. The ink is the Big
// style's # on its own colour, a solid block on screen.
func bigRow(st *Styles, groups []string, sx, gap, sep int) []string {
	rows := make([]string, 5)
	for y := range rows {
		var b strings.Builder
		for gi, g := range groups {
			if gi > 0 {
				b.WriteString(strings.Repeat(" ", sep))
			}
			for ci, r := range strings.ToLower(g) {
				if ci > 0 {
					b.WriteString(strings.Repeat(" ", gap))
				}
				glyph, ok := bigGlyphs[r]
				if !ok {
					glyph = [5]string{"   ", "   ", " ? ", "   ", "   "}
				}
				for _, px := range glyph[y] {
					cell := strings.Repeat(" ", sx)
					if px == '#' {
						cell = st.BigInk.Render(strings.Repeat("#", sx))
					}
					b.WriteString(cell)
				}
			}
		}
		rows[y] = strings.TrimRight(b.String(), " ")
	}
	return rows
}

// bigGroups lays a fingerprint's groups out as large as w cells and h rows
// allow: two rows of two groups at double width, one row of all groups, or
// nothing when even that does not fit (the plain fingerprint stays).
func bigGroups(st *Styles, groups []string, w, h int) []string {
	width := func(sx, gap, sep, per int) int {
		n := 0
		for _, g := range groups[:min(per, len(groups))] {
			n += len(g)*3*sx + (len(g)-1)*gap
		}
		return n + (min(per, len(groups))-1)*sep
	}
	if len(groups) == 4 && h >= 20 && width(2, 2, 6, 2) <= w {
		out := bigRow(st, groups[:2], 2, 2, 6)
		return append(append(out, ""), bigRow(st, groups[2:], 2, 2, 6)...)
	}
	if h >= 12 && width(1, 1, 3, len(groups)) <= w {
		return bigRow(st, groups, 1, 1, 3)
	}
	return nil
}
