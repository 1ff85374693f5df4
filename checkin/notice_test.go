package checkin

import (
	"context"
	"html"
	"strings"
	"testing"

	"carekiosk/model"
)

// TestPageNoticeNamesUnitAndPhone: the phone form's 签到须知 names the
// session's unit as processor, the station phone and retention of the
// settings, and the family's rights; it changes when the settings do.
func TestPageNoticeNamesUnitAndPhone(t *testing.T) {
	e := newEnv(t, Options{})
	ctx := context.Background()
	set, err := e.st.Settings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	set.StationPhone, set.RetentionYears = "0578-6123456", 4
	if err := e.st.SaveSettings(ctx, set); err != nil {
		t.Fatal(err)
	}
	e.srv.cache.mu.Lock()
	e.srv.cache.lang = "" // as after cacheTTL
	e.srv.cache.mu.Unlock()
	page := html.UnescapeString(e.phone().scan(e.sess.ID))
	want := model.ConsentFor(model.LangZH, model.ContactOf(set, "温溪片卫生院"))
	for _, p := range want.Lines() {
		if !strings.Contains(page, p) {
			t.Errorf("the page lacks %q", p)
		}
	}
	for _, s := range []string{"温溪片卫生院", "0578-6123456", "4 年", "拷贝"} {
		if !strings.Contains(page, s) {
			t.Errorf("the page does not say %q", s)
		}
	}
	if strings.Contains(page, "{unit}") || strings.Contains(page, "{phone}") {
		t.Error("a placeholder is shown")
	}
}

// TestErasedFamilyStartsAfresh: a phone whose family was erased at the
// kiosk gets the new-family form, not the one-tap page of an anonymised
// child.
func TestErasedFamilyStartsAfresh(t *testing.T) {
	e := newEnv(t, Options{})
	p := e.phone()
	v := fullForm(p.scan(e.sess.ID))
	if code, body := p.post("/f", v); code != 200 {
		t.Fatalf("submit: %d\n%s", code, body)
	}
	fam := e.signIns(e.sess.ID)[0].FamilyID
	if _, err := e.st.EraseFamily(context.Background(), model.EraseInput{FamilyID: fam, Who: "陈医生"}); err != nil {
		t.Fatal(err)
	}
	next := e.newSession("回应性照护", band1318(), true)
	page := p.scan(next.ID)
	if !strings.Contains(page, `name="name1"`) || strings.Contains(page, model.Anonymised) {
		t.Fatalf("page after the erasure:\n%s", page)
	}
}
