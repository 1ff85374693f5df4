package tui

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"carekiosk/model"
	"carekiosk/store"
)

// countingStore counts the reads the check-in screen makes.
type countingStore struct {
	Store
	sessions, signIns, after, rows int
}

func (s *countingStore) Session(ctx context.Context, id string) (*model.Session, error) {
	s.sessions++
	return s.Store.Session(ctx, id)
}

func (s *countingStore) SignIns(ctx context.Context, id string) ([]model.SignIn, error) {
	s.signIns++
	return s.Store.SignIns(ctx, id)
}

func (s *countingStore) SignInsAfter(ctx context.Context, id string, after int) ([]model.SignIn, error) {
	s.after++
	si, err := s.Store.SignInsAfter(ctx, id, after)
	s.rows += len(si)
	return si, err
}

// TestCheckinChangeReadsOneRow: when a family signs in on a phone, the
// check-in screen reads that one row, not the session and every sign-in
// with its signature again; the row is on the list, marked new. A
// withdrawal still reads the session again.
func TestCheckinChangeReadsOneRow(t *testing.T) {
	e := newKeyEnv(t)
	cs := &countingStore{Store: e.st}
	c := e.common()
	c.Store = cs
	k := newCheckin(c, e.today)
	settle(k, k.Init())
	if len(k.signIns) != 4 {
		t.Fatalf("%d sign-ins on the list, want the fixture's 4", len(k.signIns))
	}
	*cs = countingStore{Store: e.st}
	res, err := e.st.SignIn(context.Background(), model.SignInInput{SessionID: e.today, Children: []model.ChildInput{{Name: "林小雨", AgeMonths: 8}},
		Caregiver: "林芳", Phone: "13900001111", Relation: model.RelMother, Method: model.MethodPhone, SignaturePNG: drawnSignature(), ConsentVersion: model.ConsentVersion})
	if err != nil {
		t.Fatal(err)
	}
	settle(k, k.Update(changeMsg{change: model.Change{Kind: model.ChangeSignIn, SessionID: e.today, SignIns: res.SignIns}}))
	if cs.sessions != 0 || cs.signIns != 0 || cs.after != 1 || cs.rows != 1 {
		t.Errorf("a new sign-in read %d sessions, %d whole lists, %d lists after a 序号 with %d rows; want 0, 0, 1, 1", cs.sessions, cs.signIns, cs.after, cs.rows)
	}
	if n := len(k.signIns); n != 5 || k.signIns[4].ChildName != "林小雨" || k.signIns[4].SignaturePNG != nil {
		t.Fatalf("the list after the change: %d rows, last %+v", n, k.signIns[n-1])
	}
	if _, ok := k.newAt[k.signIns[4].ID]; !ok {
		t.Error("the new sign-in is not marked new")
	}
	// The same change seen twice adds nothing.
	settle(k, k.Update(changeMsg{change: model.Change{Kind: model.ChangeSignIn, SessionID: e.today}}))
	if len(k.signIns) != 5 {
		t.Errorf("a repeated change left %d rows, want 5", len(k.signIns))
	}
	*cs = countingStore{Store: e.st}
	if err := e.st.WithdrawSignIn(context.Background(), model.WithdrawInput{SessionID: e.today, SignInID: k.signIns[4].ID, Who: "陈晓燕", Reason: "重复签到"}); err != nil {
		t.Fatal(err)
	}
	settle(k, k.Update(changeMsg{change: model.Change{Kind: model.ChangeSession, SessionID: e.today}}))
	if cs.sessions != 1 || len(k.signIns) != 4 {
		t.Errorf("a withdrawal read the session %d times and left %d rows; want 1 and 4", cs.sessions, len(k.signIns))
	}
}

// drawnSignature is a phone signature as the page sends it: three strokes
// on a 620x308 canvas, some 10–20 KB of PNG.
func drawnSignature() []byte {
	img := image.NewNRGBA(image.Rect(0, 0, 620, 308))
	ink := color.NRGBA{20, 20, 20, 255}
	for line := range 3 {
		for t := 0.0; t < 1; t += 0.0005 {
			x := 40 + 540*t
			y := 80 + 70*float64(line) + 30*math.Sin(t*float64(8+3*line)*math.Pi)*math.Cos(t*6)
			for dx := -2; dx <= 2; dx++ {
				for dy := -2; dy <= 2; dy++ {
					if dx*dx+dy*dy <= 5 {
						img.Set(int(x)+dx, int(y)+dy, ink)
					}
				}
			}
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// BenchmarkCheckinChange: 60 families signed in by phone, each with a drawn
// signature, are on the check-in screen and one more arrives. One op is the
// screen taking the committed change until the list shows the new row.
// "reload" is how the screen took a change before (the session and every
// sign-in with its signature read again); "row" is now (the one new row).
func BenchmarkCheckinChange(b *testing.B) {
	ctx := context.Background()
	now := time.Date(2026, 11, 22, 1, 30, 0, 0, time.UTC)
	st, err := store.Open(b.TempDir(), store.Options{Clock: advancingClock(now)})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	u, err := st.CreateUnit(ctx, "温溪片卫生院", 1)
	if err != nil {
		b.Fatal(err)
	}
	station, err := st.CreateStation(ctx, "温溪镇卫生院儿童保健室", u.ID)
	if err != nil {
		b.Fatal(err)
	}
	set := model.DefaultSettings()
	set.UnitID, set.StationID = u.ID, station.ID
	if err := st.SaveSettings(ctx, set); err != nil {
		b.Fatal(err)
	}
	s, err := st.CreateSession(ctx, model.NewSessionInput{Date: model.MustDate("2026-11-22"), StationID: station.ID, Band: model.AgeBand{Min: 7, Max: 9},
		Title: fixtureSession, Instructor: "陈晓燕", Areas: []model.ContentArea{model.AreaNutrition}})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := st.AdvanceSession(ctx, s.ID, model.StateOpen); err != nil {
		b.Fatal(err)
	}
	sig := drawnSignature()
	surnames, given := []rune("王李张刘陈杨赵黄"), []string{"小明", "欣怡", "子涵", "一诺", "梓萱", "浩宇", "雨桐", "思远"}
	for i := range 61 {
		name := string(surnames[i%8]) + given[i/8]
		if _, err := st.SignIn(ctx, model.SignInInput{SessionID: s.ID, Children: []model.ChildInput{{Name: name, AgeMonths: 7 + i%3}},
			Caregiver: string(surnames[i%8]) + "芳", Phone: fmt.Sprintf("138%08d", i), Relation: model.RelMother, Method: model.MethodPhone,
			SignaturePNG: sig, ConsentVersion: model.ConsentVersion}); err != nil {
			b.Fatal(err)
		}
	}
	c := &Common{Ctx: ctx, Width: 120, Height: 40, Styles: DefaultStyles(), Store: st, Settings: set, Clock: fixedClock(screenNow), URL: fixedURL{}}
	c.setLang(model.LangZH)
	k := newCheckin(c, s.ID)
	settle(k, k.Init())
	if len(k.signIns) != 61 {
		b.Fatalf("%d sign-ins", len(k.signIns))
	}
	sixty := k.signIns[:60:60] // appending copies: every op starts from 60
	change := changeMsg{change: model.Change{Kind: model.ChangeSignIn, SessionID: s.ID}}
	run := func(b *testing.B, take func() tea.Msg) {
		b.ReportAllocs()
		for b.Loop() {
			k.signIns = sixty
			k.Update(take())
			if len(k.signIns) != 61 {
				b.Fatalf("%d sign-ins after the change", len(k.signIns))
			}
		}
	}
	b.Run("reload", func(b *testing.B) { run(b, func() tea.Msg { return loadSession(c, s.ID)() }) })
	b.Run("row", func(b *testing.B) { run(b, func() tea.Msg { return k.Update(change)() }) })
}
