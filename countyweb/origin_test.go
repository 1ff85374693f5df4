package countyweb_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"carekiosk/county/countytest"
	"carekiosk/countyweb"
	"carekiosk/model"
)

// TestSessionPageSaysBackfilled: the county's page of a session a station
// entered from paper says so (纸质补录, in English with the setting); a
// session held on the kiosk says nothing of paper.
func TestSessionPageSaysBackfilled(t *testing.T) {
	ctx := context.Background()
	c := countytest.New(t, t.TempDir(), 2026, cst(2027, 2, 15, 9))
	st := c.AddStation(t, "温溪片卫生院", 2026, 2)
	bf, err := st.Store.BackfillSession(ctx, model.BackfillInput{Date: model.Date{Year: 2026, Month: 12, Day: 18}, Band: model.AgeBand{Min: 13, Max: 18},
		Title: "停电时的活动", Instructor: "陈医生", Areas: []model.ContentArea{model.AreaNutrition}, Summary: model.Summary{Handover: "停电"},
		SignIns: []model.PaperSignIn{{Child: "周小雨", Age: model.PaperAge{Months: 14}, Phone: "13812349876", Relation: model.RelMother}}})
	if err != nil {
		t.Fatal(err)
	}
	c.Import(t, st.Export(t, cst(2026, 12, 20, 10), filepath.Join(c.Root, "U盘")))
	s, err := countyweb.New(c.DB, countyweb.Options{Clock: c.Clock.Model(), TempDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	h := s.Handler()
	if w := get(t, h, "/session/"+bf.ID); w.Code != 200 || !strings.Contains(w.Body.String(), "纸质补录：这场活动在纸上进行") {
		t.Fatalf("backfilled session page: %d\n%s", w.Code, w.Body)
	}
	list, err := st.Store.Sessions(ctx, model.SessionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range list {
		if x.ID == bf.ID {
			continue
		}
		if w := get(t, h, "/session/"+x.ID); w.Code != 200 || strings.Contains(w.Body.String(), `id="origin"`) {
			t.Fatalf("kiosk session page: %d, mentions paper: %v", w.Code, strings.Contains(w.Body.String(), `id="origin"`))
		}
	}
}
