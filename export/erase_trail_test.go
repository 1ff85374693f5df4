package export

import (
	"bytes"
	"testing"

	"carekiosk/model"
)

// TestExportAfterErasureOfCorrectedFamily: a family whose child's name and
// caregiver's phone were corrected, then erased: no export file (forms,
// CSV, bundle) holds the old or the new name or number, the trail of the
// corrections included.
func TestExportAfterErasureOfCorrectedFamily(t *testing.T) {
	f := newFixture(t)
	fam := []child{{name: "欧阳小明", phone: "13912349876", age: 8, sig: signaturePNG(98)}}
	f.session("2026-03-15", "辅食添加", model.AgeBand{Min: 7, Max: 9}, append(kids(3), fam...), false)
	id := f.families["13912349876"]
	fa, err := f.s.Family(f.ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	fix := func(kind model.FamilyCorrectionKind, target, v string) {
		t.Helper()
		if _, err := f.s.CorrectFamily(f.ctx, model.FamilyCorrectionInput{FamilyID: id, Kind: kind, TargetID: target, NewValue: v,
			Who: "陈晓燕", Reason: "家长核对"}); err != nil {
			t.Fatal(err)
		}
	}
	fix(model.FixChildName, fa.Children[0].ID, "欧阳晓明")
	fix(model.FixCaregiverPhone, fa.Caregivers[0].ID, "13712340000")
	secrets := []string{"欧阳小明", "欧阳晓明", "13912349876", "13712340000"}
	before, err := Run(f.ctx, f.s, Options{OutDir: t.TempDir()}, nil)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, c := range exportText(t, before.Files) {
		for _, s := range secrets {
			seen[s] = seen[s] || bytes.Contains(c, []byte(s))
		}
	}
	if !seen["欧阳小明"] || !seen["13912349876"] {
		t.Fatalf("the trail's old values are not in the exports even before the erasure: %v", seen)
	}
	if _, err := f.s.EraseFamily(f.ctx, model.EraseInput{FamilyID: id, Who: "陈晓燕"}); err != nil {
		t.Fatal(err)
	}
	rep, err := Run(f.ctx, f.s, Options{OutDir: t.TempDir()}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for name, c := range exportText(t, rep.Files) {
		for _, s := range secrets {
			if bytes.Contains(c, []byte(s)) {
				t.Errorf("%s still holds %s", name, s)
			}
		}
	}
}
