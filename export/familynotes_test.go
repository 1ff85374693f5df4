package export

import (
	"strings"
	"testing"

	"carekiosk/model"
)

// TestExportFamilyCorrections: after a birth date is corrected, the two
// sessions' 签到表 show the corrected 月龄 with a note naming the 序号, old
// and new age, who and why; the activity record's 月龄分布 follows; the
// statistics CSV's 备注 and the record CSV list the correction; after a
// merge the session counts one family fewer; the bundle carries each
// correction with what followed it and still verifies.
func TestExportFamilyCorrections(t *testing.T) {
	f := newFixture(t)
	fam := []child{{name: "欧阳小明", phone: "13912349876", age: 8, typed: "张美华"}, {name: "欧阳小红", phone: "13912349876", age: 20, typed: "张美华"}}
	first := f.session("2026-03-15", "辅食添加", model.AgeBand{Min: 7, Max: 9}, append(kids(2), fam...), false)
	f.session("2026-04-19", "亲子阅读", model.AgeBand{Min: 7, Max: 9}, fam[:1], false)
	famID := f.families["13912349876"]
	got, err := f.s.Family(f.ctx, famID)
	if err != nil {
		t.Fatal(err)
	}
	kid := got.Children[0]
	if _, err := f.s.CorrectFamily(f.ctx, model.FamilyCorrectionInput{FamilyID: famID, Kind: model.FixChildBirth, TargetID: kid.ID,
		NewValue: "2025-09-20", Who: "陈晓燕", Reason: "核对出生证明"}); err != nil {
		t.Fatal(err)
	}
	// The two families of the first session are one.
	if _, err := f.s.MergeFamilies(f.ctx, model.MergeInput{From: f.families["13800000001"], Into: famID, Who: "陈晓燕", Reason: "外婆的手机"}); err != nil {
		t.Fatal(err)
	}
	rep, err := Run(f.ctx, f.s, Options{OutDir: t.TempDir()}, nil)
	if err != nil {
		t.Fatal(err)
	}
	x := openXLSX(t, findFile(t, rep.Files, "2026-03-15"))
	found, noted := false, false
	for row := 5; row < 12; row++ {
		ref := func(col string) string { return col + itoa(row) }
		if cell(t, x, sheetSignIn, ref("B")) == "欧阳小明" {
			found = true
			if age := cell(t, x, sheetSignIn, ref("C")); age != "5月龄" {
				t.Errorf("签到表 shows %s, want the corrected 5月龄", age)
			}
		}
		if note := cell(t, x, sheetSignIn, ref("A")); strings.HasPrefix(note, "注：家庭信息更正") {
			for _, want := range []string{"序号 3", "“8月龄”", "“5月龄”", "陈晓燕", "核对出生证明"} {
				if !strings.Contains(note, want) {
					t.Errorf("note %q lacks %q", note, want)
				}
			}
			noted = true
		}
	}
	if !found || !noted {
		t.Errorf("the child (%v) or the note (%v) is not on the 签到表", found, noted)
	}
	if dist := cell(t, x, sheetRecord, "C4"); !strings.Contains(dist, "5月龄 1人") || !strings.Contains(dist, "8月龄 1人") {
		t.Errorf("月龄分布 %q does not follow the corrected birth date", dist)
	}
	if fams := cell(t, x, sheetRecord, "A4"); fams != "参与家庭：1 组" {
		t.Errorf("after the merge: %q", fams)
	}
	text := exportText(t, rep.Files)
	var stats, record string
	for name, c := range text {
		if strings.Contains(name, "统计") && strings.HasSuffix(name, ".csv") {
			stats = string(c)
		}
		if strings.Contains(name, "活动记录") && strings.HasSuffix(name, ".csv") {
			record = string(c)
		}
	}
	if !strings.Contains(stats, "出生日期更正") || !strings.Contains(stats, "合并为一个家庭") || !strings.Contains(record, "“9月龄”改为“6月龄”") {
		t.Errorf("CSV lacks the correction:\n%s\n%s", stats, record)
	}
	b := readBundleFile(t, rep.Bundle)
	if len(b.FamilyCorrections) != 2 || b.Info.Manifest.Counts.FamilyCorrections != 2 || b.FamilyCorrections[1].Rec.Kind != "merge" {
		t.Fatalf("bundle family corrections %+v", b.FamilyCorrections)
	}
	r := b.FamilyCorrections[0].Rec
	if r.Kind != "child.birth" || r.TargetID != kid.ID || r.NewValue != "2025-09-20" || len(r.Follows) != 2 || r.Follows[0].SessionID != first.ID ||
		r.Follows[0].OldValue != "8" || r.Follows[0].NewValue != "5" {
		t.Errorf("record %+v", r)
	}
	for _, l := range b.SignIns {
		if l.Rec.ChildID == kid.ID && l.Rec.SessionID == first.ID && l.Rec.AgeMonths != 5 {
			t.Errorf("the bundle's sign-in keeps age %d", l.Rec.AgeMonths)
		}
	}
}
