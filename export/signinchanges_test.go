package export

import (
	"bytes"
	"strings"
	"testing"

	"carekiosk/model"
)

// correctedStation is a fixture with a closed session 辅食添加 of
// 2026-03-15 whose sign-ins were corrected after closing (序号 1's
// relation, 序号 2 removed, 序号 3 moved to 赵小雨 of another family) and
// whose date moved to 03-14, and a session 误开的活动 voided.
func correctedStation(t *testing.T) (*fixture, *model.Session, *model.Session) {
	t.Helper()
	f := newFixture(t)
	a := f.session("2026-03-15", "辅食添加", model.AgeBand{Min: 7, Max: 9}, kids(3), false)
	b := f.session("2026-04-10", "误开的活动", model.AgeBand{Min: 7, Max: 9}, []child{{name: "赵小雨", phone: "13700000001", age: 8, typed: "赵丽"}}, false)
	sa, err := f.s.SignIns(f.ctx, a.ID)
	if err != nil || len(sa) != 3 {
		t.Fatal(sa, err)
	}
	sb, err := f.s.SignIns(f.ctx, b.ID)
	if err != nil || len(sb) != 1 {
		t.Fatal(sb, err)
	}
	base := model.SignInCorrectionInput{SessionID: a.ID, Who: "陈晓燕", Reason: "核对纸质签到表"}
	for _, in := range []model.SignInCorrectionInput{
		{SignInID: sa[0].ID, Kind: model.ChangeRelation, Relation: model.RelGrandmaM},
		{SignInID: sa[1].ID, Kind: model.ChangeRemove},
		{SignInID: sa[2].ID, Kind: model.ChangeChild, ChildID: sb[0].ChildID, CaregiverID: sb[0].CaregiverID},
	} {
		in.SessionID, in.Who, in.Reason = base.SessionID, base.Who, base.Reason
		if _, err := f.s.CorrectSignIn(f.ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.s.Correct(f.ctx, model.CorrectionInput{SessionID: a.ID, Who: "陈晓燕", Field: model.FieldDate, NewValue: "2026-03-14", Reason: "日期填错"}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.VoidSession(f.ctx, model.VoidInput{SessionID: b.ID, Who: "陈晓燕", Reason: "测试时误开"}); err != nil {
		t.Fatal(err)
	}
	return f, a, b
}

// TestExportSignInCorrections: the sign-in changes and the void travel in
// the bundle as records of their own and on the session's revision; the
// forms and the CSV list them as corrections are listed; the voided session
// is marked and leaves the statistics table.
func TestExportSignInCorrections(t *testing.T) {
	f, a, b := correctedStation(t)
	rep, err := Run(f.ctx, f.s, Options{OutDir: t.TempDir()}, nil)
	if err != nil {
		t.Fatal(err)
	}
	bun := readBundleFile(t, rep.Bundle)
	kinds := map[string]int{}
	for _, l := range bun.SignInChanges {
		kinds[l.Rec.Kind]++
		if l.Rec.SessionID != a.ID || l.Rec.Who != "陈晓燕" || l.Rec.Reason == "" || l.Rec.At == "" {
			t.Errorf("change record %s", l.Raw)
		}
		if bytes.Contains(l.Raw, []byte("王")) || bytes.Contains(l.Raw, []byte("赵小雨")) {
			t.Errorf("a change record holds a name: %s", l.Raw)
		}
	}
	if kinds["relation"] != 1 || kinds["remove"] != 1 || kinds["child"] != 1 || kinds["caregiver"] != 1 {
		t.Errorf("change kinds %v", kinds)
	}
	if n := bun.Info.Manifest.Counts.SignInChanges; n != len(bun.SignInChanges) {
		t.Errorf("manifest counts %d changes, the file holds %d", n, len(bun.SignInChanges))
	}
	var voided, dated bool
	for _, l := range bun.Sessions {
		if l.Rec.ID == b.ID && l.Rec.Voided && l.Rec.Correction != nil && l.Rec.Correction.Field == "void" {
			voided = true
		}
		if l.Rec.ID == a.ID && l.Rec.Correction != nil && l.Rec.Correction.Field == "date" && l.Rec.Date == "2026-03-14" && l.Rec.Correction.OldValue == "2026-03-15" {
			dated = true
		}
	}
	if !voided || !dated {
		t.Errorf("session revisions: voided %v, date corrected %v", voided, dated)
	}
	files := exportText(t, rep.Files)
	var stats, recordCSV, formA, formB string
	for name, c := range files {
		switch {
		case strings.HasSuffix(name, "活动统计表.csv"):
			stats = string(c)
		case strings.HasSuffix(name, "活动记录表.csv"):
			recordCSV = string(c)
		case strings.Contains(name, "辅食添加") && strings.HasSuffix(name, "sharedStrings.xml"):
			formA = string(c)
		case strings.Contains(name, "误开的活动") && strings.HasSuffix(name, "sharedStrings.xml"):
			formB = string(c)
		}
	}
	if strings.Contains(stats, "误开的活动") || !strings.Contains(stats, "序号 2（王小一）的签到在活动结束后删除") || !strings.Contains(stats, "2026-03-14") {
		t.Errorf("statistics CSV:\n%s", stats)
	}
	for _, want := range []string{"序号 2（王小一）的签到在活动结束后删除", "儿童由“王小二（9月龄）”改为“赵小雨（7月龄）”", "养育人与儿童关系由", "活动日期由“2026-03-15”改为“2026-03-14”"} {
		if !strings.Contains(formA, want) {
			t.Errorf("the 辅食添加 forms lack %q", want)
		}
		if !strings.Contains(recordCSV, want) {
			t.Errorf("活动记录表.csv lacks %q", want)
		}
	}
	if !strings.Contains(formA, "本表为第 2 版（活动结束后有 1 次更正、4 次签到更正") {
		t.Errorf("the 活动记录表 does not count the sign-in corrections:\n%s", formA)
	}
	if !strings.Contains(formB, "已作废") || !strings.Contains(recordCSV, "已作废") {
		t.Errorf("the voided session is not marked:\n%s\n%s", formB, recordCSV)
	}
}
