package county_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	_ "modernc.org/sqlite"

	"carekiosk/county"
	"carekiosk/county/countytest"
	"carekiosk/export"
	"carekiosk/model"
)

// stationFix picks, at a station, a closed session with at least three
// sign-ins, another closed session, and a child signed in to the other
// but not to the first, with its caregiver.
func stationFix(t *testing.T, st *countytest.Station) (first, other model.Session, sis []model.SignIn, mover model.SignIn) {
	t.Helper()
	ctx := context.Background()
	all, err := st.Store.Sessions(ctx, model.SessionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range all {
		if s.State != model.StateClosed {
			continue
		}
		list, err := st.Store.SignIns(ctx, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		if first.ID == "" && len(list) >= 3 {
			first, sis = s, list
			continue
		}
		if first.ID != "" && other.ID == "" {
			in := map[string]bool{}
			for _, si := range sis {
				in[si.ChildID] = true
			}
			for _, si := range list {
				if !in[si.ChildID] && si.AgeMonths >= 0 {
					other, mover = s, si
					break
				}
			}
		}
	}
	if first.ID == "" || other.ID == "" {
		t.Fatal("the demo station has no two closed sessions to correct")
	}
	return first, other, sis, mover
}

// TestCountyAppliesSignInCorrections: sign-in corrections, a session's
// date and a void made at the station after its data reached the county
// reach the county with the next bundle: its sign-ins, date, quota and
// statistics follow, every change is kept with who and why, the forms'
// notes can name them, and importing again changes nothing.
func TestCountyAppliesSignInCorrections(t *testing.T) {
	ctx := context.Background()
	c := countytest.New(t, t.TempDir(), 2026, cst(2027, 2, 15, 9))
	st := c.AddStation(t, "温溪片卫生院", 2026, 4)
	out := filepath.Join(c.Root, "U盘")
	c.Import(t, st.Export(t, cst(2026, 12, 20, 10), out))
	first, other, sis, mover := stationFix(t, st)
	q0, err := c.DB.QuotaProgress(ctx, 2026)
	if err != nil {
		t.Fatal(err)
	}
	n0 := reportSessions(t, c)

	s := st.Store
	base := model.SignInCorrectionInput{SessionID: first.ID, Who: "陈晓燕", Reason: "核对纸质签到表"}
	newRel := model.RelGrandpaM
	if sis[0].Relation == newRel {
		newRel = model.RelGrandpaP
	}
	for _, in := range []model.SignInCorrectionInput{
		{SignInID: sis[0].ID, Kind: model.ChangeRelation, Relation: newRel},
		{SignInID: sis[1].ID, Kind: model.ChangeRemove},
		{SignInID: sis[2].ID, Kind: model.ChangeChild, ChildID: mover.ChildID, CaregiverID: mover.CaregiverID},
	} {
		in.SessionID, in.Who, in.Reason = base.SessionID, base.Who, base.Reason
		if _, err := s.CorrectSignIn(ctx, in); err != nil {
			t.Fatalf("%s: %v", in.Kind, err)
		}
	}
	newDate := first.Date.AddDays(-1)
	if _, err := s.Correct(ctx, model.CorrectionInput{SessionID: first.ID, Who: "陈晓燕", Field: model.FieldDate, NewValue: newDate.String(), Reason: "日期填错"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.VoidSession(ctx, model.VoidInput{SessionID: other.ID, Who: "陈晓燕", Reason: "误开的活动"}); err != nil {
		t.Fatal(err)
	}
	second := st.Export(t, cst(2027, 1, 5, 16), out)
	c.Import(t, second)

	got, err := c.DB.SignIns(ctx, first.ID)
	if err != nil {
		t.Fatal(err)
	}
	bySeq := map[int]model.SignIn{}
	for _, si := range got {
		bySeq[si.Seq] = si
	}
	if len(got) != len(sis)-1 || bySeq[sis[0].Seq].Relation != newRel || bySeq[sis[2].Seq].ChildID != mover.ChildID {
		t.Errorf("the county's sign-ins did not follow: %+v", got)
	}
	if _, ok := bySeq[sis[1].Seq]; ok {
		t.Error("the removed sign-in is still counted at the county")
	}
	sess, err := c.DB.Session(ctx, first.ID)
	if err != nil || sess.Date != newDate || sess.SignIns != len(sis)-1 {
		t.Errorf("the county's session: %+v %v", sess, err)
	}
	changes, err := c.DB.SignInChanges(ctx, first.ID)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[model.SignInChangeKind]bool{}
	for _, ch := range changes {
		kinds[ch.Kind] = true
		if ch.Who != "陈晓燕" || ch.Reason == "" || ch.OldValue == "" {
			t.Errorf("change kept as %+v", ch)
		}
		if ch.Kind == model.ChangeChild && (ch.OldName != sis[2].ChildName || ch.NewName != mover.ChildName) {
			t.Errorf("the child change names %q → %q", ch.OldName, ch.NewName)
		}
	}
	if !kinds[model.ChangeRelation] || !kinds[model.ChangeRemove] || !kinds[model.ChangeChild] {
		t.Errorf("changes at the county: %+v", changes)
	}
	forms, err := county.Forms(c.DB)(ctx, exportSession(sess))
	if err != nil || len(forms.Changes) != len(changes) {
		t.Errorf("the county's forms get %d changes (%v), want %d", len(forms.Changes), err, len(changes))
	}
	voided, err := c.DB.Session(ctx, other.ID)
	if err != nil || !voided.Voided {
		t.Errorf("the voided session at the county: %+v %v", voided, err)
	}
	q1, _ := c.DB.QuotaProgress(ctx, 2026)
	n1 := reportSessions(t, c)
	if heldOf(q1, "温溪片卫生院") != heldOf(q0, "温溪片卫生院")-1 || n1 != n0-1 {
		t.Errorf("after the void: held %d (was %d), statistics %d (was %d)", heldOf(q1, "温溪片卫生院"), heldOf(q0, "温溪片卫生院"), n1, n0)
	}

	// Importing again, or a later bundle carrying the same changes, changes
	// nothing.
	rows := countRows(t, c.DB.Path())
	res := county.Import(ctx, c.DB, []string{second}, c.Clock.Model().Time())
	if res[0].Err != nil || !res[0].Duplicate {
		t.Errorf("importing the same bundle again: %+v", res[0])
	}
	c.Import(t, st.Export(t, cst(2027, 1, 6, 16), out))
	if again := countRows(t, c.DB.Path()); again != rows {
		t.Errorf("a later bundle with the same changes changed the county: %v, was %v", again, rows)
	}
}

func heldOf(q []model.QuotaProgress, unit string) int {
	for _, x := range q {
		if x.Unit.Name == unit {
			return x.Held
		}
	}
	return -1
}

// countRows counts the county's sign-ins, withdrawn sign-ins, sign-in
// changes and corrections.
func countRows(t *testing.T, path string) [4]int {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n [4]int
	for i, table := range []string{"sign_ins", "withdrawn_sign_ins", "sign_in_changes", "corrections"} {
		if err := db.QueryRow(`SELECT count(*) FROM ` + table).Scan(&n[i]); err != nil {
			t.Fatal(err)
		}
	}
	return n
}

func exportSession(s *county.Session) export.CountySession {
	return export.CountySession{Session: s.Session, SignIns: s.SignIns, Families: s.Families}
}

// reportSessions counts the sessions the county's 2026 statistics table
// lists.
func reportSessions(t *testing.T, c *countytest.County) int {
	t.Helper()
	r, err := c.DB.ReportRecords(context.Background(), model.MustDate("2026-01-01"), model.MustDate("2026-12-31"))
	if err != nil {
		t.Fatal(err)
	}
	return len(r.Sessions)
}
