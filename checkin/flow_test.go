package checkin

import (
	"net/http"
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
