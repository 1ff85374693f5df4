package tui

import (
	"bytes"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"os"
	"strings"

	qrcode "github.com/skip2/go-qrcode"
	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"

	"carekiosk/model"
)

// cjkFonts are where Debian keeps fonts with Chinese glyphs (fonts-noto-cjk,
// fonts-wqy-microhei, fonts-wqy-zenhei).
var cjkFonts = []string{
	"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
	"/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
	"/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
	"/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
}

// loadCJKFace opens the first CJK font found at size points, or nil.
func loadCJKFace(size float64) font.Face {
	for _, p := range cjkFonts {
		b, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		var f *opentype.Font
		if coll, err := opentype.ParseCollection(b); err == nil && coll.NumFonts() > 0 {
			f, err = coll.Font(0)
			if err != nil {
				continue
			}
		} else if f, err = opentype.Parse(b); err != nil {
			continue
		}
		face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingFull})
		if err == nil {
			return face
		}
	}
	return nil
}

// cardMargin is the white margin kept at the right edge of a family card.
const cardMargin = 20

// wrapToWidth breaks s into lines no wider than max when drawn with face,
// at a space when one falls on the line, else between characters (Chinese
// has no spaces). A single character wider than max stays on its own line.
func wrapToWidth(face font.Face, s string, max fixed.Int26_6) []string {
	var lines []string
	for s != "" {
		rs := []rune(s)
		n := len(rs)
		for n > 1 && font.MeasureString(face, string(rs[:n])) > max {
			n--
		}
		if n < len(rs) {
			if sp := strings.LastIndex(string(rs[:n]), " "); sp > 0 {
				n = len([]rune(string(rs[:n])[:sp]))
			}
		}
		lines = append(lines, strings.TrimRight(string(rs[:n]), " "))
		s = strings.TrimLeft(string(rs[n:]), " ")
	}
	return lines
}

// familyCardPNG draws a family card: the QR code of the card code on the
// left, the children's and caregivers' names and the code on the right. It
// reports whether a Chinese font was found; without one the names are left
// out and only the QR code and the code are drawn.
func familyCardPNG(f model.Family, title string) ([]byte, bool, error) {
	const W, H = 720, 400
	img := image.NewRGBA(image.Rect(0, 0, W, H))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	q, err := qrcode.New(f.CardCode, qrcode.Medium)
	if err != nil {
		return nil, false, err
	}
	qi := q.Image(340) // includes the quiet zone
	draw.Draw(img, image.Rect(20, 30, 360, 370), qi, image.Point{}, draw.Src)

	big, small := loadCJKFace(34), loadCJKFace(24)
	hasFont := big != nil && small != nil
	d := &font.Drawer{Dst: img, Src: image.NewUniform(color.Black)}
	y := 80
	// line draws s from x=380, wrapped to the card's right margin: a county
	// name makes the title wider than the room beside the QR code.
	line := func(face font.Face, s string, step int) {
		d.Face = face
		for i, part := range wrapToWidth(face, s, fixed.I(W-380-cardMargin)) {
			if i > 0 {
				y += face.Metrics().Height.Ceil()
			}
			d.Dot = fixed.P(380, y)
			d.DrawString(part)
		}
		y += step
	}
	if hasFont {
		line(big, title, 56)
		var kids, adults []string
		for _, ch := range f.Children {
			kids = append(kids, ch.Name)
		}
		for _, cg := range f.Caregivers {
			adults = append(adults, cg.Name)
		}
		line(small, strings.Join(kids, " "), 40)
		line(small, strings.Join(adults, " "), 56)
	}
	line(basicfont.Face7x13, f.CardCode, 20)
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, false, err
	}
	return buf.Bytes(), hasFont, nil
}
