package checkin

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"carekiosk/model"
)

// TestStrangerWithKnownNumberLearnsNothing: a stranger scans the QR code and
// submits the new-family form with another family's phone number. Nothing
// is filed under that family: the stranger's child becomes a new family
// marked as a possible duplicate for the instructor, and neither the answer
// nor the stranger's next scan shows anything the stranger did not type.
func TestStrangerWithKnownNumberLearnsNothing(t *testing.T) {
	e := newEnv(t, Options{})
	ctx := context.Background()
	victim := e.phone()
	v := fullForm(victim.scan(e.sess.ID))
	v.Set("name1", "李宇轩")
	v.Set("name2", "李锦程")
	v.Set("birth2", "2026-03-10")
	if code, body := victim.post("/f", v); code != http.StatusOK {
		t.Fatalf("the family's own sign-in: %d\n%s", code, excerpt(body))
	}
	victimFam := e.signIns(e.sess.ID)[0].FamilyID

	stranger := e.phone()
	v = fullForm(stranger.scan(e.sess.ID))
	v.Set("name1", "张三")
	v.Set("phone", "13812345678") // the victim's number
	v.Set("rel", "奶奶")
	code, body := stranger.post("/f", v)
	if code != http.StatusOK {
		t.Fatalf("stranger's submission: %d\n%s", code, excerpt(body))
	}
	for _, leak := range []string{"李", "*"} {
		if strings.Contains(excerpt(body), leak) {
			t.Fatalf("the answer to the stranger shows %q:\n%s", leak, excerpt(body))
		}
	}
	sis := e.signIns(e.sess.ID)
	if len(sis) != 3 || sis[2].ChildName != "张三" || sis[2].FamilyID == victimFam {
		t.Fatalf("the stranger's child was filed under the family of the number: %+v", sis)
	}
	fam, err := e.st.Family(ctx, victimFam)
	if err != nil {
		t.Fatal(err)
	}
	if len(fam.Children) != 2 || len(fam.Caregivers) != 1 {
		t.Fatalf("the family of the number changed: %+v", fam)
	}
	dup, err := e.st.Family(ctx, sis[2].FamilyID)
	if err != nil {
		t.Fatal(err)
	}
	if dup.DuplicateOf != victimFam {
		t.Fatalf("the new family is not marked as a possible duplicate of the family with that number: %+v", dup)
	}

	// The stranger's next scan shows only the child the stranger typed.
	next := e.newSession("回应性照护", band1318(), true)
	page := stranger.scan(next.ID)
	if !strings.Contains(page, "张三") || strings.Contains(page, "李") || strings.Contains(page, "*明") {
		t.Fatalf("the stranger's next scan:\n%s", excerpt(page))
	}
	// The family's own phone is unaffected.
	if page := victim.scan(next.ID); !strings.Contains(page, "李宇轩") || strings.Contains(page, "张三") {
		t.Fatalf("the family's own phone:\n%s", excerpt(page))
	}
}

// TestFindAnswersSignedRefsOnly: a number typed on a new phone answers with
// opaque references to the children, never their ids, and tells nothing of
// the number's owner (no relation ticked, no caregiver id, no phone line). A
// child id posted instead of a reference, or a reference of another family,
// stores nothing.
func TestFindAnswersSignedRefsOnly(t *testing.T) {
	e := newEnv(t, Options{})
	owner := e.phone()
	v := fullForm(owner.scan(e.sess.ID))
	v.Set("rel", "外婆")
	if code, _ := owner.post("/f", v); code != http.StatusOK {
		t.Fatal(code)
	}
	other := e.phone()
	v = fullForm(other.scan(e.sess.ID))
	v.Set("name1", "赵一")
	v.Set("phone", "13900001111")
	if code, _ := other.post("/f", v); code != http.StatusOK {
		t.Fatal(code)
	}
	sis := e.signIns(e.sess.ID)
	next := e.newSession("亲子阅读", band1318(), true)
	p := e.phone()
	p.scan(next.ID)
	code, page := p.post("/find", url.Values{"sid": {next.ID}, "phone": {"13812345678"}})
	if code != http.StatusOK || !strings.Contains(page, "王*明") {
		t.Fatalf("find: %d\n%s", code, excerpt(page))
	}
	for _, id := range []string{sis[0].ChildID, sis[0].CaregiverID, sis[0].FamilyID} {
		if strings.Contains(page, id) {
			t.Fatalf("the answer holds the id %s:\n%s", id, excerpt(page))
		}
	}
	if strings.Contains(page, `name="rel" value="外婆" checked`) || strings.Count(page, `name="rel"`) != len(model.Relations) {
		t.Fatalf("the owner's relation is ticked:\n%s", excerpt(page))
	}
	if strings.Contains(page, "联系电话：") {
		t.Fatalf("the owner's phone line is shown:\n%s", excerpt(page))
	}
	refs := childIDs(page)
	if len(refs) != 1 || refs[0] == sis[0].ChildID {
		t.Fatalf("child references %v", refs)
	}
	post := func(child string) int {
		v := hidden(page)
		v["child"] = []string{child}
		v.Set("rel", "奶奶")
		v.Set("consent", ConsentVersion)
		v.Set("signed", "张桂兰")
		code, _ := p.post("/f", v)
		return code
	}
	// Another family's child id, or the raw id of this one: refused.
	if code := post(sis[1].ChildID); code != http.StatusBadRequest {
		t.Fatalf("another family's child id: %d", code)
	}
	if code := post(sis[0].ChildID); code != http.StatusBadRequest {
		t.Fatalf("a raw child id: %d", code)
	}
	if n := len(e.signIns(next.ID)); n != 0 {
		t.Fatalf("%d stored", n)
	}
	if code := post(refs[0]); code != http.StatusOK {
		t.Fatalf("the reference: %d", code)
	}
	if got := e.signIns(next.ID); len(got) != 1 || got[0].ChildID != sis[0].ChildID || got[0].Relation != model.RelGrandmaP {
		t.Fatalf("stored %+v", got)
	}
}

// TestPassBoundsWhatItStores: one scan of the QR code stores at most
// maxPassSignIns submissions; then the phone is sent to the instructor and
// nothing more is stored (ten quick posts with four children and a drawing
// each cannot fill the disk).
func TestPassBoundsWhatItStores(t *testing.T) {
	e := newEnv(t, Options{})
	p := e.phone()
	page := p.scan(e.sess.ID)
	stored := 0
	for i := 0; i < maxPassSignIns+3; i++ {
		v := fullForm(page)
		v.Set("name1", "赵"+hanNumber(i))
		v.Set("nonce", "submission"+string(rune('a'+i)))
		v.Set("phone", "1390000"+strings.Repeat(string(rune('0'+i%10)), 4))
		code, body := p.post("/f", v)
		switch {
		case i < maxPassSignIns && code != http.StatusOK:
			t.Fatalf("submission %d: %d\n%s", i, code, excerpt(body))
		case i >= maxPassSignIns && (code != http.StatusTooManyRequests || !strings.Contains(body, "指导员")):
			t.Fatalf("submission %d over the bound: %d\n%s", i, code, excerpt(body))
		}
		if code == http.StatusOK {
			stored++
		}
	}
	if n := len(e.signIns(e.sess.ID)); n != maxPassSignIns || stored != maxPassSignIns {
		t.Fatalf("%d sign-ins stored by one pass, want %d", n, maxPassSignIns)
	}
	// A new scan (at the kiosk, in the room) is a new pass.
	q := e.phone()
	if code, _ := q.post("/f", fullForm(q.scan(e.sess.ID))); code != http.StatusOK {
		t.Fatalf("a new pass: %d", code)
	}
}

// TestNamesAsTheKioskReadsThem: two inner spaces make no other child, a
// name of filler characters is refused, and a name field lets a 20-character
// name with a character outside the BMP through (maxlength counts UTF-16
// units in browsers, so it allows 40; the server counts characters).
func TestNamesAsTheKioskReadsThem(t *testing.T) {
	e := newEnv(t, Options{})
	p := e.phone()
	page := p.scan(e.sess.ID)
	if strings.Contains(page, `name="name1" value="" maxlength="20"`) {
		t.Fatal("the name field's maxlength cuts a name with 𠮷")
	}
	v := fullForm(page)
	v.Set("name1", "\u3164\u3164")
	if code, body := p.post("/f", v); code != http.StatusUnprocessableEntity || !strings.Contains(body, "看不见") {
		t.Fatalf("filler name: %d\n%s", code, excerpt(body))
	}
	v = fullForm(page)
	v.Set("name1", "王  小明")
	v.Set("name2", "王小明")
	v.Set("months2", "14")
	if code, body := p.post("/f", v); code != http.StatusUnprocessableEntity || !strings.Contains(body, "填写了两次") {
		t.Fatalf("the same name twice: %d\n%s", code, excerpt(body))
	}
	v.Del("name2")
	v.Del("months2")
	if code, body := p.post("/f", v); code != http.StatusOK || seqs(body)[0][1] != "王小明 · 14月龄" {
		t.Fatalf("inner spaces: %d\n%s", code, excerpt(body))
	}
}

// TestFaviconCostsNoRateLimit: every page load asks for /favicon.ico; it is
// answered (no content, cached a day) without spending the phone's rate limit.
func TestFaviconCostsNoRateLimit(t *testing.T) {
	e := newEnv(t, Options{RateBurst: 2, RateEvery: time.Hour})
	p := e.phone()
	for i := 0; i < 5; i++ {
		if code, _ := p.get("/favicon.ico"); code != http.StatusNoContent {
			t.Fatalf("favicon %d: %d", i, code)
		}
	}
	if code, _ := p.get(e.srv.URL(e.sess.ID)); code != http.StatusOK {
		t.Fatalf("the page after the favicons: %d", code)
	}
}

// TestSummaryNamesTheField: when two children's fields share a message, the
// summary at the top says which child each is about.
func TestSummaryNamesTheField(t *testing.T) {
	e := newEnv(t, Options{})
	p := e.phone()
	v := fullForm(p.scan(e.sess.ID))
	v.Set("birth1", "abc")
	v.Set("name2", "王小红")
	v.Set("birth2", "xyz")
	code, body := p.post("/f", v)
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, "第 1 个孩子的出生日期：") || !strings.Contains(body, "第 2 个孩子的出生日期：") {
		t.Fatalf("summary: %d\n%s", code, excerpt(body))
	}
}
