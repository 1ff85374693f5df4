package checkin

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestNewFamilyThenOneTap(t *testing.T) {
	e := newEnv(t, Options{})
	p := e.phone()
	page := p.scan(e.sess.ID)
	if !strings.Contains(page, "辅食添加与进餐习惯") || !strings.Contains(page, `name="name1"`) {
		t.Fatalf("form page:\n%s", page)
	}
	v := fullForm(page)
	v.Set("name2", "王小红")
	v.Set("months2", "14")
	code, body := p.post("/f", v)
	if code != http.StatusOK {
		t.Fatalf("submit: %d\n%s", code, body)
	}
	got := seqs(body)
	if len(got) != 2 || got[0] != [2]string{"1", "王小明 · 14月龄"} || got[1] != [2]string{"2", "王小红 · 14月龄"} {
		t.Fatalf("confirmation: %v\n%s", got, body)
	}
	if !strings.Contains(body, "辅食添加与进餐习惯") {
		t.Fatal("confirmation lacks the session title")
	}
	sis := e.signIns(e.sess.ID)
	if len(sis) != 2 || sis[0].Phone != "13812345678" || sis[0].ConsentVersion != ConsentVersion || len(sis[0].SignaturePNG) == 0 {
		t.Fatalf("stored: %+v", sis)
	}

	// Next session: the phone is recognised.
	next := e.newSession("回应性照护", band1318(), true)
	page = p.scan(next.ID)
	if !strings.Contains(page, "王小明 · 14月龄、王小红 · 14月龄 — 签到") {
		t.Fatalf("one-tap page:\n%s", page)
	}
	v = hidden(page)
	v["child"] = childIDs(page)
	v.Set("signed", "李丽")
	code, body = p.post("/f", v)
	if code != http.StatusOK || len(seqs(body)) != 2 {
		t.Fatalf("one tap: %d\n%s", code, body)
	}
	sis2 := e.signIns(next.ID)
	if len(sis2) != 2 || sis2[0].ChildID != sis[0].ChildID || sis2[0].FamilyID != sis[0].FamilyID {
		t.Fatalf("one-tap stored: %+v vs %+v", sis2, sis)
	}
}

// TestKnownPhoneFindsFamily: a returning caregiver on a new phone types the
// number and gets the one-tap page, with the children's names partly hidden.
func TestKnownPhoneFindsFamily(t *testing.T) {
	e := newEnv(t, Options{})
	first := e.phone()
	v := fullForm(first.scan(e.sess.ID))
	v.Set("name2", "王小红")
	v.Set("birth2", "2026-01-03")
	if code, _ := first.post("/f", v); code != 200 {
		t.Fatal(code)
	}
	next := e.newSession("亲子阅读", band1318(), true)
	p := e.phone() // a new phone, no cookie
	page := p.scan(next.ID)
	if !strings.Contains(page, `action="/find"`) {
		t.Fatal("no phone lookup on the form")
	}
	look := url.Values{"sid": {next.ID}, "phone": {"138-1234-5678"}}
	code, page := p.post("/find", look)
	if code != 200 || !strings.Contains(page, "王*明 · 14月龄") || !strings.Contains(page, "王*红 · 10月龄") || strings.Contains(page, "王小明") {
		t.Fatalf("lookup: %d\n%s", code, excerpt(page))
	}
	if !strings.Contains(page, "妈妈 · 138****5678") {
		t.Fatalf("caregiver line missing:\n%s", excerpt(page))
	}
	// Only the elder today; forgetting to sign shows the error and keeps the tick.
	v = hidden(page)
	ids := childIDs(page)
	v["child"] = ids[:1]
	v.Set("consent", ConsentVersion) // the new phone never agreed: the box is on the page
	code, body := p.post("/f", v)
	if code != 422 || !strings.Contains(body, "请签名") || !strings.Contains(body, "王*明") || strings.Contains(body, "王小明") {
		t.Fatalf("unsigned one-tap: %d\n%s", code, excerpt(body))
	}
	if strings.Count(body, `name="child" value="`) != 2 || strings.Count(body, " checked>") < 1 || strings.Contains(body, `value="`+ids[1]+`" checked`) {
		t.Fatalf("ticks not kept:\n%s", excerpt(body))
	}
	v.Set("sig", signatureURL())
	code, body = p.post("/f", v)
	if code != 200 || len(seqs(body)) != 1 || seqs(body)[0][1] != "王小明 · 14月龄" {
		t.Fatalf("one-tap after lookup: %d %v", code, seqs(body))
	}
	// An unknown number keeps the full form, with the number filled in.
	// Without a fresh scan nobody can look families up.
	if code, page := e.phone().post("/find", look); code != 403 || strings.Contains(page, "王*明") {
		t.Fatalf("lookup without a scan: %d", code)
	}
	p2 := e.phone()
	p2.scan(next.ID)
	code, page = p2.post("/find", url.Values{"sid": {next.ID}, "phone": {"13900001111"}})
	if code != 200 || !strings.Contains(page, "没有找到这个手机号") || !strings.Contains(page, `value="13900001111"`) {
		t.Fatalf("unknown number: %d\n%s", code, excerpt(page))
	}
	code, page = p2.post("/find", url.Values{"sid": {next.ID}, "phone": {"12"}})
	if code != 422 || !strings.Contains(page, "手机号码应为 11 位数字") {
		t.Fatalf("bad number: %d", code)
	}
	if n := len(e.signIns(next.ID)); n != 1 {
		t.Fatalf("%d sign-ins in the next session", n)
	}
}

// TestOneTapNeedsAChild: unticking every child is an error, nothing stored.
func TestOneTapNeedsAChild(t *testing.T) {
	e := newEnv(t, Options{})
	p := e.phone()
	p.post("/f", fullForm(p.scan(e.sess.ID)))
	next := e.newSession("亲子阅读", band1318(), true)
	page := p.scan(next.ID)
	if strings.Contains(page, `type="checkbox" name="consent"`) || !strings.Contains(page, "您已同意签到须知") {
		t.Fatalf("a phone that agreed is asked again:\n%s", excerpt(page))
	}
	v := hidden(page)
	v.Set("signed", "李丽")
	code, body := p.post("/f", v)
	if code != 422 || !strings.Contains(body, "请至少选择一个今天来的孩子") || !strings.Contains(body, `value="李丽"`) {
		t.Fatalf("no child: %d\n%s", code, excerpt(body))
	}
	if n := len(e.signIns(next.ID)); n != 0 {
		t.Fatalf("%d stored", n)
	}
	// "Not this family" shows the full form.
	if code, body := p.get("/f?new=1"); code != 200 || !strings.Contains(body, `name="name1"`) {
		t.Fatalf("new form: %d", code)
	}
}
