package tui

import (
	"context"
	"fmt"
	"testing"
	"time"

	"carekiosk/model"
)

// BenchmarkCheckinView renders the check-in screen with 60 families signed
// in at 120x40.
func BenchmarkCheckinView(b *testing.B) {
	c := &Common{Ctx: context.Background(), Width: 120, Height: 40, Styles: DefaultStyles(), Settings: model.DefaultSettings(),
		Clock: model.Clock{Now: func() time.Time { return screenNow }}, URL: fixedURL{}}
	c.setLang("zh")
	day := model.MustDate("2026-11-22")
	s := &model.Session{ID: "bench", Date: day, Band: model.AgeBand{Min: 7, Max: 9}, Title: fixtureSession, Instructor: "陈晓燕", State: model.StateOpen}
	k := newCheckin(c, s.ID)
	k.url = "http://192.168.1.20:8080/c/01a202dd-f891-7c3e-9d4b-5a6f7e8d9c0b?t=AbCdEf12"
	si := make([]model.SignIn, 60)
	names := []string{"王小明", "李欣怡", "张子涵", "刘一诺", "陈梓萱", "杨浩宇"}
	for i := range si {
		si[i] = model.SignIn{ID: fmt.Sprint(i), Seq: i + 1, FamilyID: fmt.Sprint(i), ChildName: names[i%len(names)], AgeMonths: 6 + i%5,
			Relation: model.Relations[i%len(model.Relations)], Phone: fmt.Sprintf("138%08d", i), Method: model.MethodKiosk, OutsideBand: i%5 == 4}
	}
	k.Update(sessionLoadedMsg{s: s, signIns: si})
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if v := k.View(); len(v) == 0 {
			b.Fatal("empty view")
		}
	}
}
