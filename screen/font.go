package screen

// Font is the terminal font the kiosk gets on one display: Noto Sans Mono
// CJK at Pixels with LineHeight pixels per row, which gives Cols x Rows
// cells. Raise moves the glyphs up by that many pixels inside their row.
type Font struct {
	Pixels, LineHeight int
	Cols, Rows         int
	Raise              int
}

// raise is how far glyphs move up in the shorter rows: the font's ascent
// (1.16 em) would put the baseline so low that the bottoms of Chinese
// characters and of g, p, y are cut; a fifth of an em up centres them.
func raise(px int) int { return (px*21 + 50) / 100 }

// The grids the kiosk screens are laid out for: 80x24 is the smallest that
// works; from 100x30 the check-in screen shows the QR code with room for the
// list beside it. A font under comfortable is used only when the display is
// too small for the larger grid at that size.
const (
	minCols, minRows   = 80, 24
	roomCols, roomRows = 100, 30
	comfortable        = 16
	largest, smallest  = 48, 8
)

// cell returns the cell of Noto Sans Mono CJK at px pixels: a Latin glyph is
// half an em wide (rounded up, as foot does) and rows get a quarter em of
// leading so Chinese lines do not touch.
func cell(px int) (w, h int) {
	return (px + 1) / 2, px * 5 / 4
}

// FontFor picks the largest font that gives at least 100x30 cells with
// glyphs of 16 pixels or more, else the largest that gives 80x24, on a
// display of width x height pixels.
func FontFor(width, height int) Font {
	fit := func(cols, rows, floor int) (Font, bool) {
		for px := largest; px >= floor; px-- {
			cw, ch := cell(px)
			f := Font{Pixels: px, LineHeight: ch, Cols: width / cw, Rows: height / ch, Raise: raise(px)}
			if f.Cols >= cols && f.Rows >= rows {
				return f, true
			}
		}
		return Font{}, false
	}
	if f, ok := fit(roomCols, roomRows, comfortable); ok {
		return f
	}
	if f, ok := fit(minCols, minRows, smallest); ok {
		return f
	}
	cw, ch := cell(smallest)
	return Font{Pixels: smallest, LineHeight: ch, Cols: width / cw, Rows: height / ch, Raise: raise(smallest)}
}

// Smallest returns the mode with the fewest pixels, the display every
// screen must fit when cage spans several.
func Smallest(modes []Mode) (Mode, bool) {
	if len(modes) == 0 {
		return Mode{}, false
	}
	m := modes[0]
	for _, o := range modes[1:] {
		if o.Width*o.Height < m.Width*m.Height {
			m = o
		}
	}
	return m, true
}
