package store

import (
	"context"
	"testing"

	"carekiosk/model"
)

// TestFamilyConsented: only a sign-in carrying the asked version counts; a
// kiosk sign-in without consent, an older version, another family or an
// unknown family do not.
func TestFamilyConsented(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	sess := openSession(t, s, model.AgeBand{Min: 7, Max: 9})
	ask := func(fam, version string) bool {
		t.Helper()
		ok, err := s.FamilyConsented(ctx, fam, version)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	// A kiosk sign-in of the old kind: no consent recorded.
	plain, err := s.SignIn(ctx, kioskSignIn(sess.ID, "王小明", "2026-02-10", "13812345678"))
	if err != nil {
		t.Fatal(err)
	}
	if ask(plain.FamilyID, model.ConsentVersion) {
		t.Error("a sign-in without consent counts as agreed")
	}
	// A phone sign-in of an older notice.
	old := kioskSignIn(sess.ID, "李小红", "2026-03-05", "13911112222")
	old.Method, old.ConsentVersion = model.MethodPhone, "2026-01"
	oldRes, err := s.SignIn(ctx, old)
	if err != nil {
		t.Fatal(err)
	}
	if ask(oldRes.FamilyID, model.ConsentVersion) {
		t.Error("an older version counts as agreed to the current one")
	}
	if !ask(oldRes.FamilyID, "2026-01") {
		t.Error("the version the family did agree to is not found")
	}
	// The same family's second child, signed in with the current notice,
	// makes the whole family agreed.
	cur := model.SignInInput{SessionID: sess.ID, FamilyID: oldRes.FamilyID, Children: []model.ChildInput{{Name: "李小兰", BirthDate: model.MustDate("2026-03-05")}},
		Phone: "13911112222", Relation: model.RelGrandmaM, Method: model.MethodKiosk, SignedName: "王芳", ConsentVersion: model.ConsentVersion}
	if _, err := s.SignIn(ctx, cur); err != nil {
		t.Fatal(err)
	}
	if !ask(oldRes.FamilyID, model.ConsentVersion) {
		t.Error("the family's agreement is not found")
	}
	if ask(plain.FamilyID, model.ConsentVersion) {
		t.Error("another family's agreement leaks to this one")
	}
	if ask("no-such-family", model.ConsentVersion) || ask("", model.ConsentVersion) || ask(oldRes.FamilyID, "") {
		t.Error("an unknown family or an empty version counts as agreed")
	}
}
