package checkin

import (
	"context"
	"encoding/base64"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"carekiosk/model"
)

// TestBadInputs submits the form with one thing wrong at a time: each gets
// its Chinese message, keeps what was typed, and stores nothing.
func TestBadInputs(t *testing.T) {
	e := newEnv(t, Options{})
	p := e.phone()
	page := p.scan(e.sess.ID)
	big := make([]byte, 300<<10)
	copy(big, "\x89PNG\r\n\x1a\n")
	truncated, _ := base64.StdEncoding.DecodeString(strings.TrimPrefix(signatureURL(), pngDataURL))
	cases := []struct {
		name string
		edit func(v url.Values)
		code int
		want string
	}{
		{"no child at all", func(v url.Values) { v.Del("name1"); v.Del("birth1") }, 422, "请填写孩子的姓名和出生日期"},
		{"digits in name", func(v url.Values) { v.Set("name1", "王小明2") }, 422, "姓名只能包含汉字、字母和间隔号（·）"},
		{"name of 21 characters", func(v url.Values) { v.Set("name1", strings.Repeat("王", 21)) }, 422, "姓名最多 20 个字"},
		{"control character in name", func(v url.Values) { v.Set("name1", "王\x07明") }, 422, "姓名只能包含汉字、字母和间隔号（·）"},
		{"emoji in name", func(v url.Values) { v.Set("name1", "王😀") }, 422, "姓名只能包含汉字、字母和间隔号（·）"},
		{"blank name with a birth date", func(v url.Values) { v.Set("name1", "   ") }, 422, "请填写第 1 个孩子的姓名"},
		{"neither birth date nor age", func(v url.Values) { v.Del("birth1") }, 422, "请填写王小明的出生日期；不知道日期时请填写月龄"},
		{"birth date in words", func(v url.Values) { v.Set("birth1", "去年春天") }, 422, "出生日期格式不对，请按 2025-03-05 的样子填写"},
		{"impossible birth date", func(v url.Values) { v.Set("birth1", "2025-02-30") }, 422, "出生日期格式不对"},
		{"birth date in the future", func(v url.Values) { v.Set("birth1", "2026-12-01") }, 422, "出生日期不能晚于今天"},
		{"birth date over 6 years back", func(v url.Values) { v.Set("birth1", "2019-01-01") }, 422, "出生日期不能早于 6 年前"},
		{"age in letters", func(v url.Values) { v.Del("birth1"); v.Set("months1", "abc") }, 422, "月龄请填写 0 到 72 之间的整数"},
		{"age over 72 months", func(v url.Values) { v.Del("birth1"); v.Set("months1", "73") }, 422, "月龄请填写 0 到 72 之间的整数"},
		{"negative age", func(v url.Values) { v.Del("birth1"); v.Set("months1", "-1") }, 422, "月龄请填写 0 到 72 之间的整数"},
		{"second child without age", func(v url.Values) { v.Set("name2", "王小红") }, 422, "请填写王小红的出生日期"},
		{"same child twice", func(v url.Values) { v.Set("name2", "王小明"); v.Set("months2", "3") }, 422, "“王小明”填写了两次"},
		{"no phone", func(v url.Values) { v.Del("phone") }, 422, "请填写联系电话"},
		{"phone of 10 digits", func(v url.Values) { v.Set("phone", "1381234567") }, 422, "手机号码应为 11 位数字，以 1 开头"},
		{"phone starting 12", func(v url.Values) { v.Set("phone", "12812345678") }, 422, "手机号码应为 11 位数字，以 1 开头"},
		{"landline", func(v url.Values) { v.Set("phone", "0578-6812345") }, 422, "手机号码应为 11 位数字，以 1 开头"},
		{"letters in phone", func(v url.Values) { v.Set("phone", "138abcd5678") }, 422, "手机号码应为 11 位数字，以 1 开头"},
		{"no relation", func(v url.Values) { v.Del("rel") }, 422, "请选择您是孩子的什么人"},
		{"unknown relation", func(v url.Values) { v.Set("rel", "舅舅") }, 422, "请选择您是孩子的什么人"},
		{"consent not ticked", func(v url.Values) { v.Del("consent") }, 422, "请阅读签到须知，并勾选同意记录孩子的信息"},
		{"consent of an old version", func(v url.Values) { v.Set("consent", "2020-01-v0") }, 422, "签到须知已更新，请重新阅读并勾选"},
		{"no signature at all", func(v url.Values) { v.Del("sig") }, 422, "请签名：用手指在框内写，或输入您的姓名"},
		{"signature not a PNG", func(v url.Values) { v.Set("sig", "data:image/jpeg;base64,/9j/4AAQ") }, 422, "签名图片无效"},
		{"signature bad base64", func(v url.Values) { v.Set("sig", pngDataURL+"!!!!") }, 422, "签名图片无效"},
		{"signature bad URL-safe base64", func(v url.Values) { v.Set("sig", "iVBORw0KGgo!!") }, 422, "签名图片无效"},
		{"signature of text", func(v url.Values) { v.Set("sig", base64.RawURLEncoding.EncodeToString([]byte("not a picture at all"))) }, 422, "签名图片无效"},
		{"signature truncated PNG", func(v url.Values) {
			v.Set("sig", pngDataURL+base64.StdEncoding.EncodeToString(truncated[:12]))
		}, 422, "签名图片无效"},
		{"signature too large", func(v url.Values) { v.Set("sig", pngDataURL+base64.StdEncoding.EncodeToString(big)) }, 422, "签名图片太大"},
		{"typed name with digits", func(v url.Values) { v.Del("sig"); v.Set("signed", "李丽1") }, 422, "姓名只能包含汉字、字母和间隔号（·）"},
		{"page without nonce", func(v url.Values) { v.Del("nonce") }, 422, "页面已失效，请刷新后重新提交"},
		{"nonce with odd characters", func(v url.Values) { v.Set("nonce", "<script>alert(1)</script>") }, 422, "页面已失效"},
		{"not a form body", func(v url.Values) { v.Set("__raw", "json") }, 400, "请求无效"},
		{"body over the limit", func(v url.Values) { v.Set("signed", strings.Repeat("李", 200<<10)) }, 413, "提交的内容太大"},
		{"forged family", func(v url.Values) { v.Set("mode", "back"); v.Set("fam", "f|x|y|z|forged"); v.Set("child", "x") }, 400, "请求无效"},
		{"another session", func(v url.Values) { v.Set("sid", "019a8b2c-3d4e-7f00-8123-456789abcdef") }, 409, "请重新扫码"},
	}
	for _, c := range cases {
		v := fullForm(page)
		c.edit(v)
		code, body := p.post("/f", v)
		if code != c.code || !strings.Contains(body, c.want) {
			t.Errorf("%s: status %d, want %d with %q\n%s", c.name, code, c.code, c.want, excerpt(body))
			continue
		}
		if code == http.StatusUnprocessableEntity {
			// What was typed is still there.
			for _, k := range []string{"name1", "name2", "phone", "birth1", "months1", "signed"} {
				if x := v.Get(k); x != "" && len(x) < 100 && !strings.Contains(body, `value="`+html.EscapeString(x)+`"`) {
					t.Errorf("%s: the form lost %s=%q", c.name, k, x)
				}
			}
			if r := v.Get("rel"); r == "妈妈" && !strings.Contains(body, `value="妈妈" checked`) {
				t.Errorf("%s: the relation was lost", c.name)
			}
			if strings.Contains(body, "goroutine") || strings.Contains(body, ".go:") {
				t.Errorf("%s: the page shows internals", c.name)
			}
		}
		if n := len(e.signIns(e.sess.ID)); n != 0 {
			t.Fatalf("%s: %d sign-ins stored", c.name, n)
		}
	}
	if len(cases) < 25 {
		t.Fatalf("only %d bad inputs", len(cases))
	}
	st, err := e.st.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if st.SignIns != 0 || st.Families != 0 || st.Children != 0 {
		t.Fatalf("something was stored: %+v", st)
	}
	// The same form, corrected, goes through.
	if code, body := p.post("/f", fullForm(page)); code != 200 || len(seqs(body)) != 1 {
		t.Fatalf("valid form refused: %d\n%s", code, excerpt(body))
	}
}

func TestAcceptedVariants(t *testing.T) {
	e := newEnv(t, Options{})
	cases := []struct {
		name  string
		edit  func(v url.Values)
		label string
		note  string
	}{
		{"slashes and +86", func(v url.Values) { v.Set("birth1", "2025/9/10"); v.Set("phone", "+86 138-1234-5678") }, "王小明 · 14月龄", ""},
		{"Chinese date, full-width phone", func(v url.Values) {
			v.Set("name1", "李小花")
			v.Set("birth1", "2025年9月10日")
			v.Set("phone", "１３９１２３４５６７８")
		}, "李小花 · 14月龄", ""},
		{"age in months with unit", func(v url.Values) { v.Set("name1", "买买提·艾力"); v.Del("birth1"); v.Set("months1", "15个月") }, "买买提·艾力 · 15月龄", ""},
		{"typed name only", func(v url.Values) { v.Set("name1", "张三"); v.Del("sig"); v.Set("signed", "张大山") }, "张三 · 14月龄", ""},
		{"over 36 months", func(v url.Values) { v.Set("name1", "赵大宝"); v.Set("birth1", "2022-01-05") }, "赵大宝 · 58月龄", "已满 36 月龄，已记录并备注"},
		{"outside the band", func(v url.Values) { v.Set("name1", "周小小"); v.Set("birth1", "2026-05-01") }, "周小小 · 6月龄", "不在本次活动月龄（13-18月龄）内，已记录"},
	}
	for i, c := range cases {
		p := e.phone()
		v := fullForm(p.scan(e.sess.ID))
		v.Set("phone", "1370000000"+string(rune('0'+i)))
		c.edit(v)
		code, body := p.post("/f", v)
		got := seqs(body)
		if code != 200 || len(got) != 1 || got[0][1] != c.label || (c.note != "" && !strings.Contains(body, c.note)) {
			t.Errorf("%s: %d %v\n%s", c.name, code, got, excerpt(body))
		}
	}
	sis := e.signIns(e.sess.ID)
	if len(sis) != len(cases) {
		t.Fatalf("stored %d, want %d", len(sis), len(cases))
	}
	if sis[0].Phone != "13812345678" || sis[1].Phone != "13912345678" {
		t.Fatalf("phones not normalised: %q %q", sis[0].Phone, sis[1].Phone)
	}
	if !sis[4].OutsideBand || !sis[5].OutsideBand || sis[0].OutsideBand {
		t.Fatalf("outside-band marks: %v %v %v", sis[0].OutsideBand, sis[4].OutsideBand, sis[5].OutsideBand)
	}
}

func TestEnglishPage(t *testing.T) {
	e := newEnv(t, Options{Lang: "en"})
	p := e.phone()
	page := p.scan(e.sess.ID)
	if !strings.Contains(page, "Child&#39;s name") || !strings.Contains(page, `lang="en"`) {
		t.Fatalf("English page:\n%s", excerpt(page))
	}
	v := fullForm(page)
	v.Set("phone", "123")
	_, body := p.post("/f", v)
	if !strings.Contains(body, "The mobile number must be 11 digits starting with 1") {
		t.Fatalf("English error:\n%s", excerpt(body))
	}
}

// excerpt keeps a failing page's text short in the log.
func excerpt(s string) string {
	if i := strings.Index(s, "<main>"); i >= 0 {
		s = s[i:]
	}
	if len(s) > 1500 {
		s = s[:1500] + "…"
	}
	return s
}

// TestOneTapBadRelation: a one-tap page posting a relation that is not one
// of model.Relations gets a clear message (Chinese, English when set), 422,
// nothing stored and no caregiver added, and the page keeps the ticks and
// the typed name.
func TestOneTapBadRelation(t *testing.T) {
	for _, lang := range model.Langs {
		e := newEnv(t, Options{Lang: lang})
		p := e.phone()
		if code, _ := p.post("/f", fullForm(p.scan(e.sess.ID))); code != 200 {
			t.Fatal(code)
		}
		famID := e.signIns(e.sess.ID)[0].FamilyID
		next := e.newSession("亲子阅读", band1318(), true)
		page := p.scan(next.ID)
		want := "请选择今天是谁带孩子来的（妈妈、爸爸、奶奶……）"
		if lang == "en" {
			want = "Choose who brought the child today (mother, father, grandmother…)"
		}
		cases := []struct{ name, rel string }{
			{"a relation not offered", "舅舅"},
			{"the English label", "mother"},
			{"a padded value", " 妈妈"},
			{"markup", "<b>妈妈</b>"},
			{"two relations in one", "妈妈,奶奶"},
			{"a control character", "奶\x00奶"},
			{"an overlong value", strings.Repeat("奶", 300)},
		}
		for _, c := range cases {
			v := hidden(page)
			v["child"] = childIDs(page)
			v.Set("rel", c.rel)
			v.Set("signed", "张桂兰")
			code, body := p.post("/f", v)
			if code != http.StatusUnprocessableEntity || !strings.Contains(html.UnescapeString(body), want) {
				t.Errorf("%s %s: status %d, want 422 with %q\n%s", lang, c.name, code, want, excerpt(body))
				continue
			}
			if !strings.Contains(body, `value="张桂兰"`) || strings.Count(body, `name="child" value="`) != 1 || !strings.Contains(body, `" checked> 王小明`) {
				t.Errorf("%s %s: the page lost the typed name or the tick\n%s", lang, c.name, excerpt(body))
			}
			if strings.Contains(body, `name="rel" value="妈妈" checked`) || !strings.Contains(body, `<fieldset class="rel bad">`) {
				t.Errorf("%s %s: a refused relation should leave the choice open and marked\n%s", lang, c.name, excerpt(body))
			}
			if n := len(e.signIns(next.ID)); n != 0 {
				t.Fatalf("%s %s: %d sign-ins stored", lang, c.name, n)
			}
		}
		fam, err := e.st.Family(context.Background(), famID)
		if err != nil || len(fam.Caregivers) != 1 {
			t.Fatalf("%s: caregivers after refused relations: %+v %v", lang, fam, err)
		}
		// Corrected, the same page goes through with the relation chosen.
		v := hidden(page)
		v["child"] = childIDs(page)
		v.Set("rel", "外婆")
		v.Set("signed", "张桂兰")
		v.Set("consent", ConsentVersion) // her own: mum's does not count for her
		if code, body := p.post("/f", v); code != 200 || len(seqs(body)) != 1 {
			t.Fatalf("%s: corrected one tap: %d\n%s", lang, code, excerpt(body))
		}
		if sis := e.signIns(next.ID); len(sis) != 1 || sis[0].Relation != model.RelGrandmaM {
			t.Fatalf("%s: stored %+v", lang, sis)
		}
	}
}
