package store

import (
	"context"
	"slices"
	"strings"
	"testing"

	"carekiosk/model"
)

func TestStationWordsLeaveOutErasedFamilies(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	sess := openSession(t, s, model.AgeBand{Min: 7, Max: 9})
	in := kioskSignIn(sess.ID, "王小明", "2026-02-10", "13812349876")
	in.Caregiver = "张美华"
	if _, err := s.SignIn(ctx, in); err != nil {
		t.Fatal(err)
	}
	gone := kioskSignIn(sess.ID, "欧阳小红", "2026-02-01", "13911112222")
	gone.Caregiver = "欧阳丽"
	g, err := s.SignIn(ctx, gone)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpdateSummary(ctx, sess.ID, model.Summary{Handover: "衔接上次的辅食添加"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.EraseFamily(ctx, model.EraseInput{FamilyID: g.FamilyID, Who: "陈医生"}); err != nil {
		t.Fatal(err)
	}
	w, err := s.StationWords(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"王小明", "张美华"} {
		if !slices.Contains(w.Names, n) {
			t.Errorf("names %v lack %s", w.Names, n)
		}
	}
	for _, n := range []string{"欧阳小红", "欧阳丽", model.Anonymised} {
		if slices.Contains(w.Names, n) {
			t.Errorf("names %v hold %s of the erased family", w.Names, n)
		}
	}
	if !strings.Contains(strings.Join(w.Texts, "|"), "衔接上次的辅食添加") {
		t.Errorf("texts %v lack the summary", w.Texts)
	}
}
