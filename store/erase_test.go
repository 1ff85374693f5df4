package store

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"carekiosk/model"
)

// fileHas reports which of the needles occur in the bytes of the database
// file and its WAL.
func fileHas(t *testing.T, dir string, needles ...string) []string {
	t.Helper()
	var found []string
	for _, name := range []string{"carekiosk.db", "carekiosk.db-wal"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		for _, n := range needles {
			if bytes.Contains(b, []byte(n)) {
				found = append(found, name+": "+n)
			}
		}
	}
	return found
}

// tinyPNG is a 1×1 PNG: the header a signature must have.
func tinyPNG(t *testing.T) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, 1, 1))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

type sessionCounts struct {
	signIns, families int
	ages              string
}

func countsOf(t *testing.T, s *Store, ids ...string) []sessionCounts {
	t.Helper()
	var out []sessionCounts
	for _, id := range ids {
		var c sessionCounts
		if err := s.r.QueryRow(`SELECT signin_count, family_count FROM sessions WHERE id = ?`, id).Scan(&c.signIns, &c.families); err != nil {
			t.Fatal(err)
		}
		sis, err := s.SignIns(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		var ages []int
		for _, si := range sis {
			ages = append(ages, si.AgeMonths)
		}
		c.ages = model.FormatDistribution(model.Distribution(ages), model.LangZH)
		out = append(out, c)
	}
	return out
}

// TestEraseFamily: after a family's erasure its children's and caregivers'
// names, its phone number, its signatures (withdrawn sign-ins too) and the
// typed name are in neither the database file nor the WAL, each session's
// counts and age distribution are unchanged, another family is untouched,
// the erasure is recorded with the consent withdrawal and no personal data,
// and a second erasure is refused.
func TestEraseFamily(t *testing.T) {
	s, dir := newTestStore(t)
	ctx := context.Background()
	sess := openSession(t, s, model.AgeBand{Min: 7, Max: 9})
	sig := append(tinyPNG(t), "SIGNATURE-OF-ZHANG-MEIHUA"...)
	in := kioskSignIn(sess.ID, "欧阳小明", "2026-02-10", "13812349876")
	in.Children = append(in.Children, model.ChildInput{Name: "欧阳小红", BirthDate: model.MustDate("2026-03-11")})
	in.Caregiver, in.SignedName, in.SignaturePNG = "张美华", "", sig
	a, err := s.SignIn(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	other := kioskSignIn(sess.ID, "李小兰", "2026-02-01", "13911112222")
	other.Caregiver, other.SignedName = "李丽", "李丽"
	b, err := s.SignIn(ctx, other)
	if err != nil {
		t.Fatal(err)
	}
	// One of the family's sign-ins withdrawn: kept aside with its signature.
	if err := s.WithdrawSignIn(ctx, model.WithdrawInput{SessionID: sess.ID, SignInID: a.SignIns[1].ID, Who: "陈医生", Reason: "签错了"}); err != nil {
		t.Fatal(err)
	}
	before := countsOf(t, s, sess.ID)
	secrets := []string{"欧阳小明", "欧阳小红", "张美华", "13812349876", "SIGNATURE-OF-ZHANG-MEIHUA"}
	if found := fileHas(t, dir, secrets...); len(found) == 0 {
		t.Fatal("the test finds nothing even before the erasure")
	}

	e, err := s.EraseFamily(ctx, model.EraseInput{FamilyID: a.FamilyID, Who: "陈医生", WithdrawConsent: true})
	if err != nil {
		t.Fatal(err)
	}
	if found := fileHas(t, dir, secrets...); len(found) > 0 {
		t.Errorf("still in the files after the erasure: %v", found)
	}
	if after := countsOf(t, s, sess.ID); after[0] != before[0] {
		t.Errorf("counts changed: %+v, were %+v", after, before)
	}
	fam, err := s.Family(ctx, a.FamilyID)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range fam.Children {
		if c.Name != model.Anonymised || !c.BirthDate.IsZero() {
			t.Errorf("child after erasure: %+v", c)
		}
	}
	if found, err := s.FindFamilies(ctx, model.FamilyQuery{Phone: "13812349876"}); err != nil || len(found) != 0 {
		t.Errorf("the erased phone number still finds the family (%v)", err)
	}
	if found, err := s.FindFamilies(ctx, model.FamilyQuery{ChildName: model.Anonymised}); err != nil || len(found) != 0 {
		t.Errorf("an erased family is found by its anonymised name (%v)", err)
	}
	if found, err := s.FindFamilies(ctx, model.FamilyQuery{ChildName: "李小兰"}); err != nil || len(found) != 1 {
		t.Errorf("another family is no longer found: %v %v", found, err)
	}
	if kept, _ := s.Family(ctx, b.FamilyID); kept.Children[0].Name != "李小兰" || kept.Caregivers[0].Phone != "13911112222" {
		t.Errorf("another family changed: %+v", kept)
	}
	if fam.Erased != true {
		t.Error("the family is not marked erased")
	}
	back := kioskSignIn(sess.ID, "", "2026-02-10", "13812349876")
	back.FamilyID, back.Children = a.FamilyID, []model.ChildInput{{ChildID: a.SignIns[0].ChildID, AgeMonths: -1}}
	if _, err := s.SignIn(ctx, back); err == nil {
		t.Error("an erased family signs in again by its id")
	}
	back.FamilyID = ""
	if _, err := s.SignIn(ctx, back); err == nil {
		t.Error("an erased child signs in again by its id")
	}
	list, err := s.Erasures(ctx)
	if err != nil || len(list) != 1 {
		t.Fatalf("erasures %+v %v", list, err)
	}
	got := list[0]
	if got.ID != e.ID || got.FamilyID != a.FamilyID || got.Kind != model.ErasureRequest || !got.ConsentWithdrawn || got.Who != "陈医生" ||
		len(got.ChildIDs) != 2 || len(got.CaregiverIDs) != 1 {
		t.Errorf("erasure record %+v", got)
	}
	if _, err := s.EraseFamily(ctx, model.EraseInput{FamilyID: a.FamilyID, Who: "陈医生"}); model.ErrorCode(err) != model.ECONFLICT {
		t.Errorf("a second erasure: %v", err)
	}
	if _, err := s.EraseFamily(ctx, model.EraseInput{FamilyID: "no-such", Who: "陈医生"}); err == nil {
		t.Error("an unknown family is erased")
	}
}

// TestFamilyCopy: the family's copy holds its children, caregivers with the
// full phone, every sign-in (the withdrawn one marked), the consent given
// with the words of that version, and nothing of another family; after an
// erasure it says so and holds no name.
func TestFamilyCopy(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	sess := openSession(t, s, model.AgeBand{Min: 7, Max: 9})
	in := kioskSignIn(sess.ID, "欧阳小明", "2026-02-10", "13812349876")
	in.Children = append(in.Children, model.ChildInput{Name: "欧阳小红", BirthDate: model.MustDate("2026-03-11")})
	in.Caregiver = "张美华"
	a, err := s.SignIn(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.SignIn(ctx, kioskSignIn(sess.ID, "李小兰", "2026-02-01", "13911112222")); err != nil {
		t.Fatal(err)
	}
	if err := s.WithdrawSignIn(ctx, model.WithdrawInput{SessionID: sess.ID, SignInID: a.SignIns[1].ID, Who: "陈医生", Reason: "签错了"}); err != nil {
		t.Fatal(err)
	}
	cp, err := s.FamilyCopy(ctx, a.FamilyID)
	if err != nil {
		t.Fatal(err)
	}
	text := cp.Text(model.LangZH, time.FixedZone("CST", 8*3600), testNow)
	notice, _ := model.ConsentOf(model.ConsentVersion, model.LangZH)
	for _, want := range []string{"欧阳小明", "欧阳小红", "2026-02-10", "张美华", "13812349876", "辅食添加", "（已撤销）", model.ConsentVersion, notice.Rights} {
		if !strings.Contains(text, want) {
			t.Errorf("the copy lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "李小兰") || strings.Contains(text, "13911112222") {
		t.Errorf("the copy holds another family's data:\n%s", text)
	}
	if len(cp.SignIns) != 2 || len(cp.Consents) == 0 || cp.SignIns[0].Signature != (len(in.SignaturePNG) > 0) {
		t.Errorf("copy: %d sign-ins, %d consents", len(cp.SignIns), len(cp.Consents))
	}
	if _, err := s.EraseFamily(ctx, model.EraseInput{FamilyID: a.FamilyID, Who: "陈医生", WithdrawConsent: true}); err != nil {
		t.Fatal(err)
	}
	cp, err = s.FamilyCopy(ctx, a.FamilyID)
	if err != nil {
		t.Fatal(err)
	}
	text = cp.Text(model.LangZH, time.UTC, testNow)
	if strings.Contains(text, "欧阳") || strings.Contains(text, "13812349876") || !strings.Contains(text, "个人信息已删除") || !strings.Contains(text, "同意已撤回") {
		t.Errorf("the copy after the erasure:\n%s", text)
	}
}
