package tui

import (
	"bytes"
	"image/png"
	"testing"

	"carekiosk/model"
)

// TestFamilyCardTextStaysOnCard draws a card with the county's usual title
// and several names and checks that no text runs off the right edge: the
// last columns of the picture stay white, as the card's margin.
func TestFamilyCardTextStaysOnCard(t *testing.T) {
	f := model.Family{
		CardCode: "CKTJ87HYAN",
		Children: []model.Child{{Name: "欧阳思琪"}, {Name: "欧阳思远"}, {Name: "欧阳思源"}},
		Caregivers: []model.Caregiver{
			{Name: "欧阳丽华", Relation: "妈妈"}, {Name: "欧阳建国", Relation: "爸爸"}, {Name: "欧阳桂英", Relation: "奶奶"},
		},
	}
	b, hasFont, err := familyCardPNG(f, "青田县养育照护小组 家庭卡")
	if err != nil {
		t.Fatal(err)
	}
	if !hasFont {
		t.Skip("no CJK font installed; the card carries only the QR code and the code")
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	r := img.Bounds()
	const margin = 12
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Max.X - margin; x < r.Max.X; x++ {
			if cr, cg, cb, _ := img.At(x, y).RGBA(); cr < 0xf000 || cg < 0xf000 || cb < 0xf000 {
				t.Fatalf("text reaches the card's right edge at (%d,%d); it must wrap inside the card", x, y)
			}
		}
	}
	// Every line must still be drawn: the bottom text ends above the card's
	// lower edge too.
	for x := r.Min.X + 370; x < r.Max.X; x++ {
		for y := r.Max.Y - margin; y < r.Max.Y; y++ {
			if cr, _, _, _ := img.At(x, y).RGBA(); cr < 0xf000 {
				t.Fatalf("text reaches the card's bottom edge at (%d,%d)", x, y)
			}
		}
	}
}
