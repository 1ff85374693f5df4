package export

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"testing"
	"time"

	"carekiosk/model"
	"carekiosk/store"
)

var testNow = time.Date(2026, 11, 22, 1, 30, 0, 0, time.UTC)

func fixedClock(t time.Time) model.Clock {
	return model.Clock{Now: func() time.Time { t = t.Add(time.Millisecond); return t }}
}

// fixture is a station database for tests.
type fixture struct {
	t   testing.TB
	s   *store.Store
	dir string
	ctx context.Context
	// families remembers the family each phone signed in first, so a
	// returning family is picked like the kiosk picks it.
	families map[string]string
}

// newFixture opens a store with the county's ten units and quotas, a
// station of 温溪片卫生院 and the settings.
func newFixture(t testing.TB) *fixture {
	t.Helper()
	dir := t.TempDir()
	s, err := store.Open(dir, store.Options{Clock: fixedClock(testNow)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	f := &fixture{t: t, s: s, dir: dir, ctx: context.Background()}
	seedCounty(f)
	return f
}

// child describes one sign-in of a fixture session.
type child struct {
	name, phone string
	age         int // months
	rel         model.Relation
	sig         []byte // drawn signature, or nil
	typed       string // typed name
}

// session creates a session on date with the children signed in, closes it
// (unless open is set) with a summary.
func (f *fixture) session(date, title string, band model.AgeBand, kids []child, open bool) *model.Session {
	f.t.Helper()
	sess, err := f.s.CreateSession(f.ctx, model.NewSessionInput{Date: model.MustDate(date), Band: band, Title: title, Instructor: "陈晓燕",
		Areas:   []model.ContentArea{model.AreaNutrition, model.AreaResponsive},
		Planned: [4]string{"家长和孩子轮流介绍自己", "辅食添加的时间与顺序", "分享孩子吃饭的小故事", "亲子手指游戏“小兔子”"}})
	if err != nil {
		f.t.Fatal(err)
	}
	if _, err := f.s.AdvanceSession(f.ctx, sess.ID, model.StateOpen); err != nil {
		f.t.Fatal(err)
	}
	// Consecutive children of one family (same phone) sign in together, as
	// siblings do: fewer durable writes, so the fixtures build fast.
	for i := 0; i < len(kids); {
		k := kids[i]
		in := model.SignInInput{SessionID: sess.ID, Phone: k.phone, Relation: k.rel, Method: model.MethodKiosk, ConsentVersion: model.ConsentVersion, SignaturePNG: k.sig, SignedName: k.typed, Caregiver: "王丽"}
		if in.Relation == "" {
			in.Relation = model.RelMother
		}
		for ; i < len(kids) && kids[i].phone == k.phone && len(in.Children) < model.MaxChildrenPerSignIn; i++ {
			in.Children = append(in.Children, model.ChildInput{Name: kids[i].name, AgeMonths: kids[i].age})
		}
		// A returning family is picked, as the kiosk does; a phone number
		// alone never joins a family.
		in.FamilyID = f.families[k.phone]
		res, err := f.s.SignIn(f.ctx, in)
		if err != nil {
			f.t.Fatalf("sign in %s: %v", k.name, err)
		}
		if f.families == nil {
			f.families = map[string]string{}
		}
		f.families[k.phone] = res.FamilyID
	}
	notes := "家长积极参与，孩子们很开心"
	if _, err := f.s.UpdateSegment(f.ctx, sess.ID, model.SegHealthEducation, model.SegmentUpdate{Start: true, Notes: &notes}); err != nil {
		f.t.Fatal(err)
	}
	if open {
		return sess
	}
	if _, err := f.s.UpdateSummary(f.ctx, sess.ID, model.Summary{Handover: "与上次活动衔接良好", Cooperation: "家长配合，孩子专注", Incidents: "无", Other: "下次提前通知"}); err != nil {
		f.t.Fatal(err)
	}
	if sess, err = f.s.CloseSession(f.ctx, sess.ID); err != nil {
		f.t.Fatal(err)
	}
	return sess
}

// signaturePNG draws a caregiver's signature: a wavy stroke.
func signaturePNG(seed int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 300, 100))
	for x := 10; x < 290; x++ {
		y := 50 + int(30*sinApprox(float64(x+seed*7)/23))
		for d := -2; d <= 2; d++ {
			img.Set(x, y+d, color.Black)
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		panic(err)
	}
	return b.Bytes()
}

func sinApprox(x float64) float64 {
	// A triangle wave is enough for a drawing.
	x = x - float64(int(x/4))*4
	switch {
	case x < 1:
		return x
	case x < 3:
		return 2 - x
	}
	return x - 4
}

// kidsPerFamily groups the children kids makes into families.
const kidsPerFamily = 5

// kids makes n children, five to a family (one phone, one relation, one
// signature), families alternating drawn and typed signatures.
func kids(n int) []child {
	out := make([]child, n)
	for i := range out {
		fam := i / kidsPerFamily
		out[i] = child{name: fmt.Sprintf("王%s", cnDigits(i)), phone: fmt.Sprintf("138%08d", fam+1), age: 7 + i%3, rel: model.Relations[fam%len(model.Relations)]}
		if fam%2 == 0 {
			out[i].sig = signaturePNG(fam)
		} else {
			out[i].typed = "李丽"
		}
	}
	return out
}

// cnDigits spells i with Han digits, so names pass model.CheckName.
func cnDigits(i int) string {
	d := []rune("零一二三四五六七八九")
	s := fmt.Sprint(i)
	out := []rune("小")
	for _, c := range s {
		out = append(out, d[c-'0'])
	}
	return string(out)
}
