package tui

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"carekiosk/model"
	"carekiosk/store"
)

// signInMany signs in n more families to today's session, taking children
// from several age bands so the age distribution runs over several lines. It
// returns the newest sign-in.
func signInMany(t *testing.T, st *store.Store, n int) model.SignIn {
	t.Helper()
	ctx := context.Background()
	s := sessionByTitle(t, st, fixtureSession)
	today := model.MustDate("2026-11-22")
	done := 0
	var last model.SignIn
	for _, b := range []model.AgeBand{{Min: 7, Max: 9}, {Min: 0, Max: 3}, {Min: 4, Max: 6}, {Min: 10, Max: 12}, {Min: 13, Max: 18}, {Min: 19, Max: 24}} {
		due, err := st.FamiliesDue(ctx, b, today, today, n)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range due {
			if done == n {
				return last
			}
			cg := d.Family.Caregivers[0]
			res, err := st.SignIn(ctx, model.SignInInput{SessionID: s.ID, FamilyID: d.Family.ID,
				Children: []model.ChildInput{{ChildID: d.Child.ID, AgeMonths: -1}}, Caregiver: cg.Name, Phone: cg.Phone,
				Relation: cg.Relation, Method: model.MethodKiosk, SignedName: cg.Name, ConsentVersion: model.ConsentVersion})
			if err != nil {
				t.Fatal(err)
			}
			if !res.Existing[0] {
				last = res.SignIns[0]
				done++
			}
			if done == n/6*(1+len(b.Label("zh"))%5) {
				break
			}
		}
	}
	if done < n {
		t.Fatalf("only %d of %d families signed in", done, n)
	}
	return last
}

// TestCheckinListShowsNewest: at 80x24 with more sign-ins than rows, the
// family that signed in last finds its 序号, the screen says how many rows
// are not shown, and the age distribution is shown whole.
func TestCheckinListShowsNewest(t *testing.T) {
	for _, lang := range []string{"zh", "en"} {
		t.Run(lang, func(t *testing.T) {
			st, dir := copyStore(t, advancingClock(screenNow))
			newest := signInMany(t, st, 26)
			ctx := context.Background()
			if lang == "en" {
				set, _ := st.Settings(ctx)
				set.Lang = "en"
				if err := st.SaveSettings(ctx, set); err != nil {
					t.Fatal(err)
				}
			}
			k := startKiosk(t, st, dir, 80, 24, screenNow)
			k.waitFor(fixtureSession)
			k.keys("enter")
			// The list faces families: names partly hidden (王*明).
			screen := k.waitFor(model.MaskName(newest.ChildName))
			if strings.Contains(screen, newest.ChildName) {
				t.Errorf("the list shows the full name %s:\n%s", newest.ChildName, screen)
			}
			checkFits(t, k.view(), 80, 24)
			all, err := st.SignIns(ctx, sessionByTitle(t, st, fixtureSession).ID)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(screen, fmt.Sprintf(" %d %s", newest.Seq, model.MaskName(newest.ChildName))) {
				t.Errorf("the newest sign-in %d %s is not on the screen:\n%s", newest.Seq, newest.ChildName, screen)
			}
			shown := 0
			for _, si := range all {
				if strings.Contains(screen, fmt.Sprintf(" %d %s", si.Seq, model.MaskName(si.ChildName))) {
					shown++
				}
			}
			hidden := fmt.Sprintf(map[string]string{"zh": "前 %d 行未显示", "en": "%d earlier rows not shown"}[lang], len(all)-shown)
			if shown == len(all) || !strings.Contains(screen, hidden) {
				t.Errorf("%d of %d rows shown; the screen should say %q:\n%s", shown, len(all), hidden, screen)
			}
			ages := make([]int, len(all))
			for i, si := range all {
				ages[i] = si.AgeMonths
			}
			flat := strings.Join(strings.Fields(screen), "")
			for _, c := range model.Distribution(ages) {
				part := strings.ReplaceAll(model.FormatDistribution([]model.AgeCount{c}, model.Lang(lang)), " ", "")
				if !strings.Contains(flat, part) {
					t.Errorf("the age distribution lost %q:\n%s", part, screen)
				}
			}
		})
	}
}
