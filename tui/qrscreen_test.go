package tui

import (
	"fmt"
	"image"
	"image/color"
	"strings"
	"testing"
	"time"

	"github.com/makiuchi-d/gozxing"
	zxqr "github.com/makiuchi-d/gozxing/qrcode"

	phone "carekiosk/checkin"
)

// rgbCell is one terminal cell with its exact colours ("" when unset).
type rgbCell struct {
	text   string
	fg, bg string
}

// screenCells reads a rendered screen into rows of cells, following the
// 24-bit SGR colours lipgloss writes.
func screenCells(t *testing.T, screen string) [][]rgbCell {
	var rows [][]rgbCell
	for _, line := range strings.Split(screen, "\n") {
		var row []rgbCell
		fg, bg := "", ""
		for i := 0; i < len(line); {
			if strings.HasPrefix(line[i:], "\x1b[") {
				end := strings.IndexByte(line[i:], 'm')
				if end < 0 {
					t.Fatalf("unterminated escape in %q", line)
				}
				p := strings.Split(line[i+2:i+end], ";")
				for j := 0; j < len(p); j++ {
					switch p[j] {
					case "", "0":
						fg, bg = "", ""
					case "39":
						fg = ""
					case "49":
						bg = ""
					case "38", "48":
						if j+4 < len(p) && p[j+1] == "2" {
							v := strings.Join(p[j+2:j+5], ",")
							if p[j] == "38" {
								fg = v
							} else {
								bg = v
							}
							j += 4
						}
					}
				}
				i += end + 1
				continue
			}
			r := []rune(line[i:])[0]
			row = append(row, rgbCell{text: string(r), fg: fg, bg: bg})
			i += len(string(r))
		}
		rows = append(rows, row)
	}
	return rows
}

// screenImage draws what the QR colours of a screen show, as a camera
// would see them on a white wall: each cell 4 pixels wide and 8 tall, a half
// block as two 4x4 modules, and every cell not drawn in the QR colours
// white.
func screenImage(t *testing.T, screen string) image.Image {
	const black, white = "0,0,0", "255,255,255"
	rows := screenCells(t, screen)
	w := 0
	for _, r := range rows {
		w = max(w, len(r))
	}
	img := image.NewGray(image.Rect(0, 0, 4*w+64, 8*len(rows)+64))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	qrColour := func(s string) bool { return s == black || s == white }
	paint := func(x, y, h int, dark bool) {
		if !dark {
			return
		}
		for dy := 0; dy < h; dy++ {
			for dx := 0; dx < 4; dx++ {
				img.SetGray(32+x*4+dx, 32+y+dy, color.Gray{})
			}
		}
	}
	for y, r := range rows {
		for x, c := range r {
			switch {
			case c.text == "\u2580" && qrColour(c.fg) && qrColour(c.bg):
				paint(x, 8*y, 4, c.fg == black)
				paint(x, 8*y+4, 4, c.bg == black)
			case c.text == " " && qrColour(c.bg):
				paint(x, 8*y, 8, c.bg == black)
			}
		}
	}
	return img
}

// decodeScreenQR reads the QR code shown on a screen, or "" when there is
// none it can read.
func decodeScreenQR(t *testing.T, screen string) string {
	bmp, err := gozxing.NewBinaryBitmapFromImage(screenImage(t, screen))
	if err != nil {
		t.Fatal(err)
	}
	res, err := zxqr.NewQRCodeReader().Decode(bmp, map[gozxing.DecodeHintType]interface{}{gozxing.DecodeHintType_TRY_HARDER: true})
	if err != nil {
		return ""
	}
	return res.GetText()
}

// TestQRShowsOnEverySize: from 80x16 up (a 800x480 panel, a 1024x600 one,
// a 1280x720 screen with a large font, the usual consoles) the check-in
// screen shows a QR code that decodes to the phone server's address, with
// the address also written out, and every line fits.
func TestQRShowsOnEverySize(t *testing.T) {
	sizes := [][2]int{{80, 16}, {80, 20}, {80, 24}, {90, 18}, {102, 20}, {110, 24}, {118, 24}, {128, 24}, {100, 30}, {120, 40}, {160, 45}, {200, 60}}
	for _, sz := range sizes {
		{
			t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
				st, dir := copyStore(t, advancingClock(screenNow))
				srv, err := phone.New(st, phone.Options{PublicBase: "http://192.168.100.200:8080", Clock: fixedClock(screenNow)})
				if err != nil {
					t.Fatal(err)
				}
				k := startModel(t, New(Options{Store: st, Clock: fixedClock(screenNow), URL: srv, DataDir: dir}), sz[0], sz[1])
				toCheckin(k)
				url := srv.URL(sessionByTitle(t, st, fixtureSession).ID)
				// The first frames may come before the code is drawn.
				screen := k.view()
				for end := time.Now().Add(5 * time.Second); decodeScreenQR(t, screen) != url && time.Now().Before(end); {
					time.Sleep(50 * time.Millisecond)
					screen = k.view()
				}
				checkFits(t, screen, sz[0], sz[1])
				plain := strings.Join(strings.Fields(normalize(screen)), "")
				if !strings.Contains(plain, url) {
					t.Errorf("the address %s is not written out:\n%s", url, normalize(screen))
				}
				if got := decodeScreenQR(t, screen); got != url {
					t.Fatalf("the QR code reads %q, want %q:\n%s", got, url, normalize(screen))
				}
				if !strings.Contains(plain, "已签到4组家庭") {
					t.Errorf("the count is not shown:\n%s", normalize(screen))
				}
			})
		}
	}
}
