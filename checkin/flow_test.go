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
	// Nothing of the number's owner: no phone line, no relation ticked.
	if strings.Contains(page, "联系电话：") || strings.Contains(page, `value="妈妈" checked>`) {
		t.Fatalf("the number's owner shows:\n%s", excerpt(page))
	}
	// Only the elder today; forgetting to sign shows the error and keeps the tick.
	v = hidden(page)
	v.Set("rel", "妈妈")
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
	// The answer keeps the name partly hidden: knowing a number must not
	// tell a child's name. So does the next scan on this phone.
	if code != 200 || len(seqs(body)) != 1 || seqs(body)[0][1] != "王*明 · 14月龄" || strings.Contains(body, "王小明") {
		t.Fatalf("one-tap after lookup: %d %v", code, seqs(body))
	}
	third := e.newSession("户外游戏", band1318(), true)
	if again := p.scan(third.ID); !strings.Contains(again, "王*明") || strings.Contains(again, "王小明") {
		t.Fatalf("the next scan on the phone that looked the family up:\n%s", excerpt(again))
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
	if !strings.Contains(page, `id="ck" data-rel="妈妈"`) || !strings.Contains(page, "您已同意签到须知") {
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

// TestOneTapWhoBroughtTheChild: a grandmother brings the child with mum's
// phone and picks 奶奶 on the one-tap page. The sign-in (what the 签到表 and
// the kiosk show) says 奶奶, the family gains a caregiver with mum's phone,
// and the phone still offers 妈妈 next time. A phone that finds the family by
// number chooses the same way.
func TestOneTapWhoBroughtTheChild(t *testing.T) {
	e := newEnv(t, Options{})
	ctx := context.Background()
	p := e.phone()
	if code, _ := p.post("/f", fullForm(p.scan(e.sess.ID))); code != 200 {
		t.Fatal(code)
	}
	famID := e.signIns(e.sess.ID)[0].FamilyID
	caregivers := func() []model.Caregiver {
		t.Helper()
		fam, err := e.st.Family(ctx, famID)
		if err != nil {
			t.Fatal(err)
		}
		return fam.Caregivers
	}
	if n := len(caregivers()); n != 1 {
		t.Fatalf("%d caregivers after the first check-in", n)
	}
	changes, cancelSub := e.st.Subscribe()
	defer cancelSub()

	// Grandma, mum's phone: 妈妈 is offered, she picks 奶奶.
	second := e.newSession("亲子阅读", band1318(), true)
	page := p.scan(second.ID)
	if !strings.Contains(page, `name="rel" value="妈妈" checked>`) || strings.Count(page, `name="rel"`) != len(model.Relations) {
		t.Fatalf("one-tap page does not offer the relations with 妈妈 ticked:\n%s", excerpt(page))
	}
	v := hidden(page)
	v["child"] = childIDs(page)
	v.Set("rel", "奶奶")
	v.Set("signed", "张桂兰")
	// Mum agreed to the notice, grandma did not: she is asked herself.
	if code, body := p.post("/f", v); code != 422 || !strings.Contains(body, "请先阅读签到须知并同意") || !strings.Contains(body, `type="checkbox" name="consent"`) {
		t.Fatalf("one tap as 奶奶 without her consent: %d\n%s", code, excerpt(body))
	}
	v.Set("consent", ConsentVersion)
	if code, body := p.post("/f", v); code != 200 || len(seqs(body)) != 1 {
		t.Fatalf("one tap as 奶奶: %d\n%s", code, excerpt(body))
	}
	sis := e.signIns(second.ID)
	if len(sis) != 1 || sis[0].Relation != model.RelGrandmaP || sis[0].Phone != "13812345678" || sis[0].FamilyID != famID {
		t.Fatalf("stored: %+v", sis)
	}
	cgs := caregivers()
	if len(cgs) != 2 || cgs[0].Relation != model.RelMother || cgs[1].Relation != model.RelGrandmaP || cgs[1].Phone != "13812345678" || cgs[1].ID != sis[0].CaregiverID {
		t.Fatalf("caregivers: %+v (sign-in's %s)", cgs, sis[0].CaregiverID)
	}
	for heard := false; !heard; {
		select {
		case c := <-changes:
			if c.Kind != model.ChangeSignIn {
				continue
			}
			if c.SessionID != second.ID || len(c.SignIns) != 1 || c.SignIns[0].Relation != model.RelGrandmaP {
				t.Fatalf("the kiosk was told %+v", c)
			}
			heard = true
		case <-time.After(5 * time.Second):
			t.Fatal("the kiosk heard of no sign-in")
		}
	}

	// Mum next time, same phone: 妈妈 is still the default; one tap keeps it
	// and adds no caregiver.
	third := e.newSession("回应性照护", band1318(), true)
	page = p.scan(third.ID)
	if !strings.Contains(page, `name="rel" value="妈妈" checked>`) || strings.Contains(page, `value="奶奶" checked`) {
		t.Fatalf("the phone forgot its owner's relation:\n%s", excerpt(page))
	}
	v = hidden(page)
	v["child"] = childIDs(page)
	v.Set("rel", "妈妈") // what the ticked radio sends
	v.Set("signed", "李丽")
	if code, body := p.post("/f", v); code != 200 || len(seqs(body)) != 1 {
		t.Fatalf("one tap as 妈妈: %d\n%s", code, excerpt(body))
	}
	if sis := e.signIns(third.ID); len(sis) != 1 || sis[0].Relation != model.RelMother || sis[0].CaregiverID != cgs[0].ID {
		t.Fatalf("default one tap stored %+v", sis)
	}
	if n := len(caregivers()); n != 2 {
		t.Fatalf("%d caregivers after a default one tap", n)
	}

	// Grandpa on his own phone types mum's number: no relation is offered
	// (nothing of the number's owner shows), he picks 外公.
	fourth := e.newSession("游戏与玩具", band1318(), true)
	q := e.phone()
	q.scan(fourth.ID)
	code, page := q.post("/find", url.Values{"sid": {fourth.ID}, "phone": {"13812345678"}})
	if code != 200 || strings.Contains(page, `name="rel" value="妈妈" checked>`) {
		t.Fatalf("found page: %d\n%s", code, excerpt(page))
	}
	// The largest one-tap page (the consent box is on it) stays in the
	// page budget with its style sheet and script.
	_, css := q.get("/s/app.css?v=" + assetVersion)
	_, js := q.get("/s/sig.js?v=" + assetVersion)
	if total := len(page) + len(css) + len(js); len(css) < 1000 || len(js) < 1000 || total > 30<<10 {
		t.Fatalf("one-tap page %d bytes, with assets %d, over 30 KB", len(page), total)
	} else {
		t.Logf("one-tap page %d bytes, with assets %d", len(page), total)
	}
	v = hidden(page)
	v["child"] = childIDs(page)
	v.Set("rel", "外公")
	v.Set("consent", ConsentVersion)
	v.Set("signed", "李建国")
	if code, body := q.post("/f", v); code != 200 || len(seqs(body)) != 1 {
		t.Fatalf("found one tap as 外公: %d\n%s", code, excerpt(body))
	}
	if sis := e.signIns(fourth.ID); len(sis) != 1 || sis[0].Relation != model.RelGrandpaM || sis[0].FamilyID != famID {
		t.Fatalf("found one tap stored %+v", sis)
	}
	if cgs := caregivers(); len(cgs) != 3 || cgs[2].Relation != model.RelGrandpaM || cgs[2].Name != "李建国" {
		t.Fatalf("caregivers after 外公: %+v", cgs)
	}
	// A page without the relation (an old copy) falls back to the phone's.
	fifth := e.newSession("安全与睡眠", band1318(), true)
	// Grandpa's phone now knows the family and offers him 外公; found by
	// number, it keeps the names partly hidden.
	if page := q.scan(fifth.ID); !strings.Contains(page, `name="rel" value="外公" checked>`) || !strings.Contains(page, "王*明 · 14月龄 — 签到") || strings.Contains(page, "王小明") {
		t.Fatalf("grandpa's phone next time:\n%s", excerpt(page))
	}
	page = p.scan(fifth.ID)
	v = hidden(page)
	v["child"] = childIDs(page)
	v.Set("signed", "李丽")
	if code, _ := p.post("/f", v); code != 200 {
		t.Fatal(code)
	}
	if sis := e.signIns(fifth.ID); len(sis) != 1 || sis[0].Relation != model.RelMother {
		t.Fatalf("no relation posted stored %+v", sis)
	}
}
