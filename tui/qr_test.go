package tui

import (
	"strconv"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	qrcode "github.com/skip2/go-qrcode"
)

// cell is what one terminal cell shows: the colours of its foreground and
// background as "dark", "light" or "" (unset).
type cell struct {
	text   string
	fg, bg string
}

// parseCells reads a rendered line into cells, following the SGR colour
// sequences lipgloss writes.
func parseCells(t *testing.T, line string) []cell {
	var out []cell
	fg, bg := "", ""
	for i := 0; i < len(line); {
		if strings.HasPrefix(line[i:], "\x1b[") {
			end := strings.IndexByte(line[i:], 'm')
			if end < 0 {
				t.Fatalf("unterminated escape in %q", line)
			}
			params := strings.Split(line[i+2:i+end], ";")
			for j := 0; j < len(params); j++ {
				switch params[j] {
				case "", "0":
					fg, bg = "", ""
				case "38", "48":
					if j+4 < len(params) && params[j+1] == "2" {
						r, _ := strconv.Atoi(params[j+2])
						c := "light"
						if r < 128 {
							c = "dark"
						}
						if params[j] == "38" {
							fg = c
						} else {
							bg = c
						}
						j += 4
					}
				case "39":
					fg = ""
				case "49":
					bg = ""
				}
			}
			i += end + 1
			continue
		}
		r := []rune(line[i:])[0]
		out = append(out, cell{text: string(r), fg: fg, bg: bg})
		i += len(string(r))
	}
	return out
}

// modulesOf turns a rendered QR block back into dark/light modules.
func modulesOf(t *testing.T, block string) [][]bool {
	var rows [][]bool
	for _, line := range strings.Split(block, "\n") {
		cells := parseCells(t, line)
		if len(cells) > 0 && cells[0].text == " " { // large: two spaces per module
			var row []bool
			for x := 0; x+1 < len(cells); x += 2 {
				if cells[x].bg == "" || cells[x].bg != cells[x+1].bg {
					t.Fatalf("module without an explicit background at %d", x)
				}
				row = append(row, cells[x].bg == "dark")
			}
			rows = append(rows, row)
			continue
		}
		top, bottom := make([]bool, len(cells)), make([]bool, len(cells))
		for x, c := range cells {
			if c.text != "\u2580" || c.fg == "" || c.bg == "" {
				t.Fatalf("cell %d is %q fg %q bg %q: every cell needs both colours", x, c.text, c.fg, c.bg)
			}
			top[x], bottom[x] = c.fg == "dark", c.bg == "dark"
		}
		rows = append(rows, top, bottom)
	}
	return rows
}

// TestQRBlockIsTheCode checks that both renderings draw exactly the QR
// code's modules, dark on light, with a light quiet zone of at least two
// modules, and fit the room they were given.
func TestQRBlockIsTheCode(t *testing.T) {
	st := DefaultStyles()
	url := "http://192.168.1.20:8080/c/01a202dd-f891-7c3e-9d4b-5a6f7e8d9c0b"
	q, err := qrcode.New(url, qrcode.Low)
	if err != nil {
		t.Fatal(err)
	}
	q.DisableBorder = true
	want := q.Bitmap()
	n := len(want)
	for _, room := range [][2]int{{39, 19}, {60, 30}, {120, 80}} {
		block, size := qrBlock(st, url, room[0], room[1])
		if block == "" {
			t.Fatalf("no QR code in %v", room)
		}
		lines := strings.Split(block, "\n")
		if len(lines) > room[1] {
			t.Errorf("%d lines in a room of %d", len(lines), room[1])
		}
		for _, l := range lines {
			if w := ansi.StringWidth(l); w != size || w > room[0] {
				t.Errorf("line %d cells wide, size %d, room %d", w, size, room[0])
			}
		}
		got := modulesOf(t, block)
		quiet := (len(got[0]) - n) / 2
		if quiet < 2 {
			t.Fatalf("quiet zone %d modules in %v", quiet, room)
		}
		for y := range got {
			for x := range got[y] {
				xx, yy := x-quiet, y-quiet
				expect := xx >= 0 && yy >= 0 && xx < n && yy < n && want[yy][xx]
				if y >= len(got[0]) { // the padding half row under an odd size
					if got[y][x] {
						t.Fatalf("dark module below the code")
					}
					continue
				}
				if got[y][x] != expect {
					t.Fatalf("room %v: module (%d,%d) is %v, want %v", room, x, y, got[y][x], expect)
				}
			}
		}
	}
	if block, _ := qrBlock(st, url, 20, 10); block != "" {
		t.Error("a QR code was drawn in a room too small for it")
	}
}
