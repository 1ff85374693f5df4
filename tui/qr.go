package tui

import (
	"strings"

	"charm.land/lipgloss/v2"
	qrcode "github.com/skip2/go-qrcode"
)

// qrBlock renders text as a QR code for the terminal: two modules per line
// with half blocks, dark modules black on a white background with a quiet
// zone whatever the terminal's theme. It picks the widest quiet zone (4 down
// to 2 modules) that fits maxW x maxH cells, and returns "" when even that
// does not fit.
func qrBlock(st *Styles, text string, maxW, maxH int) (string, int) {
	q, err := qrcode.New(text, qrcode.Low)
	if err != nil {
		return "", 0
	}
	q.DisableBorder = true
	bm := q.Bitmap()
	n := len(bm)
	// Big screens: two cells per module, coloured spaces only.
	if size := n + 8; 2*size <= maxW && size <= maxH {
		return renderQRLarge(st, bm, 4), 2 * size
	}
	for quiet := 4; quiet >= 2; quiet-- {
		size := n + 2*quiet
		rows := (size + 1) / 2
		if size <= maxW && rows <= maxH {
			return renderQR(st, bm, quiet), size
		}
	}
	return "", 0
}

func renderQR(st *Styles, bm [][]bool, quiet int) string {
	n := len(bm)
	size := n + 2*quiet
	dark := func(x, y int) bool {
		x -= quiet
		y -= quiet
		return x >= 0 && y >= 0 && x < n && y < n && bm[y][x]
	}
	var b strings.Builder
	// Each cell shows two modules: the top one as foreground of an upper
	// half block, the bottom one as background.
	styles := [4]lipgloss.Style{}
	for i := 0; i < 4; i++ {
		top, bottom := i&2 != 0, i&1 != 0
		s := lipgloss.NewStyle()
		if top {
			s = s.Foreground(st.QRDark)
		} else {
			s = s.Foreground(st.QRLight)
		}
		if bottom {
			s = s.Background(st.QRDark)
		} else {
			s = s.Background(st.QRLight)
		}
		styles[i] = s
	}
	for y := 0; y < size; y += 2 {
		var run strings.Builder
		last := -1
		flush := func() {
			if last >= 0 {
				b.WriteString(styles[last].Render(run.String()))
			}
			run.Reset()
		}
		for x := 0; x < size; x++ {
			i := 0
			if dark(x, y) {
				i |= 2
			}
			if y+1 < size && dark(x, y+1) {
				i |= 1
			}
			if i != last {
				flush()
				last = i
			}
			run.WriteString("\u2580")
		}
		flush()
		if y+2 < size {
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// renderQRLarge draws each module as two coloured spaces: square modules
// and no block characters at all.
func renderQRLarge(st *Styles, bm [][]bool, quiet int) string {
	n := len(bm)
	size := n + 2*quiet
	dark := lipgloss.NewStyle().Background(st.QRDark)
	light := lipgloss.NewStyle().Background(st.QRLight)
	lines := make([]string, size)
	for y := 0; y < size; y++ {
		var b strings.Builder
		run, last := 0, false
		flush := func() {
			if run > 0 {
				s := light
				if last {
					s = dark
				}
				b.WriteString(s.Render(strings.Repeat("  ", run)))
			}
			run = 0
		}
		for x := 0; x < size; x++ {
			xx, yy := x-quiet, y-quiet
			d := xx >= 0 && yy >= 0 && xx < n && yy < n && bm[yy][xx]
			if d != last {
				flush()
				last = d
			}
			run++
		}
		flush()
		lines[y] = b.String()
	}
	return strings.Join(lines, "\n")
}
