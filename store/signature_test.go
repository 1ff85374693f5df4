package store

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"testing"

	"carekiosk/model"
)

// testPNG encodes a w×h image with some ink, so it compresses like a drawing.
func testPNG(t testing.TB, w, h int) []byte {
	img := image.NewGray(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = byte(i * 7919 % 251)
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// noisePNG is a valid drawing of about 90 KB that does not compress: big
// enough to fill a small disk, within the signature's bounds.
func noisePNG(t testing.TB) []byte {
	img := image.NewGray(image.Rect(0, 0, 300, 300))
	x := uint32(1)
	for i := range img.Pix {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		img.Pix[i] = byte(x)
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	if b.Len() > model.MaxSignaturePNG || b.Len() < 80<<10 {
		t.Fatalf("noise PNG of %d bytes", b.Len())
	}
	return b.Bytes()
}

// TestOneSignaturePerSubmission: a caregiver signing in four children with
// one drawing stores the drawing once; every sign-in still reads it (the
// 签到表 and the bundle show it per sign-in), withdrawn ones too.
func TestOneSignaturePerSubmission(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	sess := openSession(t, s, model.AgeBand{Min: 7, Max: 9})
	sig := testPNG(t, 300, 100)
	in := kioskSignIn(sess.ID, "林一", "2026-02-01", "13812345678")
	in.Method, in.SignedName, in.SignaturePNG = model.MethodPhone, "", sig
	for _, n := range []string{"林二", "林三", "林四"} {
		in.Children = append(in.Children, model.ChildInput{Name: n, BirthDate: model.MustDate("2026-02-01")})
	}
	res, err := s.SignIn(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	var stored, copies int
	s.r.QueryRow(`SELECT count(*) FROM signatures`).Scan(&stored)
	s.r.QueryRow(`SELECT count(*) FROM sign_ins WHERE signature_png IS NOT NULL`).Scan(&copies)
	if stored != 1 || copies != 0 {
		t.Fatalf("%d signature rows and %d copies in sign-ins for one submission of 4 children", stored, copies)
	}
	sis, _ := s.SignIns(ctx, sess.ID)
	if len(sis) != 4 {
		t.Fatalf("%d sign-ins", len(sis))
	}
	for _, si := range sis {
		if !bytes.Equal(si.SignaturePNG, sig) {
			t.Fatalf("sign-in %d reads %d bytes of signature", si.Seq, len(si.SignaturePNG))
		}
	}
	if err := s.WithdrawSignIn(ctx, model.WithdrawInput{SessionID: sess.ID, SignInID: res.SignIns[3].ID, Who: "陈医生", Reason: "选错孩子"}); err != nil {
		t.Fatal(err)
	}
	var kept int
	s.r.QueryRow(`SELECT count(*) FROM withdrawn_sign_ins WHERE signature_id IS NOT NULL`).Scan(&kept)
	if kept != 1 {
		t.Fatal("the withdrawn sign-in lost its signature")
	}
	if rep, err := s.Check(ctx); err != nil || !rep.OK() {
		t.Fatalf("check: %+v %v", rep, err)
	}
}

// TestSignatureBounds: a signature over the byte or pixel cap is refused
// by the model before anything is stored.
func TestSignatureBounds(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	sess := openSession(t, s, model.AgeBand{Min: 7, Max: 9})
	for _, c := range []struct {
		name string
		png  []byte
	}{
		{"too many pixels", testPNG(t, 2400, 1200)},
		{"too wide", testPNG(t, 4000, 40)},
		{"too many bytes", append(testPNG(t, 300, 100), make([]byte, model.MaxSignaturePNG)...)},
		{"not an image", []byte("\x89PNG\r\n\x1a\nnot really")},
	} {
		in := kioskSignIn(sess.ID, "林一", "2026-02-01", "13812345678")
		in.SignaturePNG = c.png
		if _, err := s.SignIn(ctx, in); model.ErrorCode(err) != model.EINVALID {
			t.Errorf("%s: %v", c.name, err)
		}
	}
	var n int
	s.r.QueryRow(`SELECT count(*) FROM sign_ins`).Scan(&n)
	if n != 0 {
		t.Fatalf("%d stored", n)
	}
}
