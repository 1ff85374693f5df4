package checkin

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"image/png"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"carekiosk/model"
)

// maxRows is how many children one form offers (siblings).
const maxRows = model.MaxChildrenPerSignIn

// Form modes.
const (
	modeNew  = "new"  // the full form
	modeBack = "back" // a returning family: pick children, sign
)

// childRow is one child as typed on the full form.
type childRow struct {
	Name, Birth, Months string
}

// formData is everything the caregiver typed, kept so an error never makes
// them type it again.
type formData struct {
	Mode      string
	SessionID string
	Nonce     string
	Rows      [maxRows]childRow
	Phone     string
	Relation  string
	Consent   bool
	Sig       string // data:image/png;base64,…
	Signed    string
	Family    string          // signed family reference (one-tap)
	Picked    map[string]bool // child ids ticked (one-tap)
}

// formErrors collects the problems of one submission, each under the field
// it belongs to, in the order found.
type formErrors struct {
	list  []*model.Error
	field map[string]string // field → first message's key into list
}

func (e *formErrors) add(err *model.Error) {
	if e.field == nil {
		e.field = map[string]string{}
	}
	if _, dup := e.field[err.Field]; dup && err.Field != "" {
		return
	}
	e.field[err.Field] = strconv.Itoa(len(e.list))
	e.list = append(e.list, err)
}

func (e *formErrors) empty() bool { return len(e.list) == 0 }

// messages renders the errors in lang, and the per-field map.
func (e *formErrors) messages(lang model.Lang) ([]string, map[string]string) {
	all := make([]string, len(e.list))
	byField := map[string]string{}
	seen := map[string]int{}
	for i, err := range e.list {
		all[i] = model.ErrorMessage(err, lang)
		seen[all[i]]++
		if _, ok := byField[err.Field]; !ok && err.Field != "" {
			byField[err.Field] = all[i]
		}
	}
	// The summary at the top names the field of a message two fields share.
	for i, err := range e.list {
		if l := fieldLabel(err.Field, lang); seen[all[i]] > 1 && l != "" {
			sep := "："
			if lang.English() {
				sep = ": "
			}
			all[i] = l + sep + all[i]
		}
	}
	return all, byField
}

// fieldLabel names a form field in the summary: 孩子 2 出生日期.
func fieldLabel(field string, lang model.Lang) string {
	t := textsFor(lang)
	for _, k := range []string{"name", "birth", "months"} {
		if n, ok := strings.CutPrefix(field, k); ok && n != "" {
			label := map[string]string{"name": t["child_name"], "birth": t["birth"], "months": t["months_unit"]}[k]
			if lang.English() {
				return "Child " + n + ", " + strings.ToLower(label)
			}
			return "第 " + n + " 个孩子的" + label
		}
	}
	return ""
}

// maxFieldLen bounds any single text field before it is even looked at.
const maxFieldLen = 200

// decodeForm turns a posted form into a sign-in request. It is pure: the
// caller checks the family reference, the session and the store. on is the
// session date. Problems come back all at once, each naming its field; the
// returned formData holds what was typed either way.
func decodeForm(v url.Values, on model.Date) (model.SignInInput, formData, formErrors) {
	var errs formErrors
	get := func(k string) string {
		s := v.Get(k)
		if len(s) > maxFieldLen && k != "sig" {
			s = s[:maxFieldLen]
			for !utf8.ValidString(s) && len(s) > 0 {
				s = s[:len(s)-1]
			}
		}
		return s
	}
	f := formData{
		Mode:      get("mode"),
		SessionID: get("sid"),
		Nonce:     get("nonce"),
		Phone:     get("phone"),
		Relation:  get("rel"),
		Signed:    get("signed"),
		Family:    get("fam"),
		Sig:       v.Get("sig"),
	}
	if f.Mode != modeBack {
		f.Mode = modeNew
	}
	in := model.SignInInput{SessionID: f.SessionID, Method: model.MethodPhone}

	if !validNonce(f.Nonce) {
		errs.add(model.FieldErrorf("nonce", "页面已失效，请刷新后重新提交", "the page is out of date; reload it and submit again"))
		f.Nonce = ""
	} else {
		in.Nonce = f.Nonce
	}

	if f.Mode == modeBack {
		decodeBack(v, &f, &in, &errs)
	} else {
		decodeNew(get, on, &f, &in, &errs)
	}
	decodeConsent(get("consent"), &f, &in, &errs)

	sig, sigErr := decodeSignature(f.Sig)
	if sigErr != nil {
		errs.add(sigErr)
		f.Sig = ""
	}
	in.SignaturePNG = sig
	in.SignedName = model.NormalizeName(f.Signed)
	if in.SignedName != "" {
		if err := model.CheckName("signed", in.SignedName); err != nil {
			errs.add(asModelError(err, "signed"))
		}
	}
	if len(sig) == 0 && in.SignedName == "" && sigErr == nil {
		errs.add(model.FieldErrorf("signed", "请签名：用手指在框内写，或输入您的姓名", "sign: draw in the box with your finger, or type your name"))
	}
	in.Caregiver = in.SignedName
	return in, f, errs
}

// decodeBack reads the one-tap form: the children picked (by the page's
// sealed references) and who brought them today.
func decodeBack(v url.Values, f *formData, in *model.SignInInput, errs *formErrors) {
	f.Picked = map[string]bool{}
	for _, id := range v["child"] {
		if id == "" || len(id) > 200 || len(f.Picked) > model.MaxChildrenPerSignIn { // one more than allowed, so the model refuses it with its message
			continue
		}
		if !f.Picked[id] {
			f.Picked[id] = true
			// The page's sealed reference; the handler opens it with
			// the family the page was for.
			in.Children = append(in.Children, model.ChildInput{ChildID: id, AgeMonths: -1})
		}
	}
	if len(in.Children) == 0 {
		errs.add(model.FieldErrorf("child", "请至少选择一个今天来的孩子", "pick at least one child who is here today"))
	}
	// Who brought the child today; absent, the handler takes the
	// relation the family reference carries.
	if f.Relation != "" {
		if r := model.Relation(f.Relation); r.Valid() {
			in.Relation = r
		} else {
			errs.add(model.FieldErrorf("rel", "请选择今天是谁带孩子来的（妈妈、爸爸、奶奶……）", "choose who brought the child today (mother, father, grandmother…)"))
		}
	}
}

// decodeNew reads the full form: the children, the phone and the relation.
func decodeNew(get func(string) string, on model.Date, f *formData, in *model.SignInInput, errs *formErrors) {
	decodeRows(get, on, f, in, errs)
	if p, err := model.NormalizePhone(f.Phone); err != nil {
		errs.add(asModelError(err, "phone"))
	} else {
		in.Phone = p
	}
	if r := model.Relation(f.Relation); r.Valid() {
		in.Relation = r
	} else {
		errs.add(model.FieldErrorf("rel", "请选择您是孩子的什么人（妈妈、爸爸……）", "choose how you are related to the child (mother, father…)"))
	}
}

// decodeConsent reads the consent box: ticked for the notice of today's
// version, or absent on the one-tap form of a caregiver who agreed before.
func decodeConsent(c string, f *formData, in *model.SignInInput, errs *formErrors) {
	switch c {
	case ConsentVersion:
		f.Consent = true
		in.ConsentVersion = c
	case "":
		if f.Mode == modeBack {
			// A caregiver who agreed before is not asked again; the store
			// checks that this caregiver did.
			break
		}
		errs.add(model.FieldErrorf("consent", "请阅读签到须知，并勾选同意记录孩子的信息", "read the notice and tick the box to agree to the child's information being recorded"))
	default:
		errs.add(model.FieldErrorf("consent", "签到须知已更新，请重新阅读并勾选", "the notice has changed; read it and tick the box again"))
	}
}

// decodeRows reads the children of the full form.
func decodeRows(get func(string) string, on model.Date, f *formData, in *model.SignInInput, errs *formErrors) {
	seen := map[string]int{}
	for i := range maxRows {
		n := strconv.Itoa(i + 1)
		row := childRow{Name: get("name" + n), Birth: get("birth" + n), Months: get("months" + n)}
		f.Rows[i] = row
		name := model.NormalizeName(row.Name) // "李  小明" is "李小明", as at the kiosk
		birth, months := strings.TrimSpace(row.Birth), strings.TrimSpace(row.Months)
		if name == "" && birth == "" && months == "" {
			continue
		}
		label := name
		if name == "" {
			errs.add(model.FieldErrorf("name"+n, "请填写第 %s 个孩子的姓名", "enter the name of child %s", n))
			label = "第 " + n + " 个孩子"
		} else if err := model.CheckName("name"+n, name); err != nil {
			errs.add(asModelError(err, "name"+n))
		} else if j, dup := seen[name]; dup {
			errs.add(model.FieldErrorf("name"+n, "“%s”填写了两次（第 %d 和第 %s 个孩子）", "“%s” is entered twice (children %d and %s)", name, j, n))
		} else {
			seen[name] = i + 1
		}
		ci := model.ChildInput{Name: name, AgeMonths: -1}
		switch {
		case birth != "":
			d, ok := parseBirth(birth)
			if !ok {
				errs.add(model.FieldErrorf("birth"+n, "出生日期格式不对，请按 2025-03-05 的样子填写", "the date of birth should look like 2025-03-05"))
				break
			}
			if d.After(on) {
				errs.add(model.FieldErrorf("birth"+n, "出生日期不能晚于今天", "the date of birth cannot be after today"))
				break
			}
			if d.Before(on.AddMonths(-model.MaxSignInAgeMonths)) {
				errs.add(model.FieldErrorf("birth"+n, "出生日期不能早于 6 年前，请检查年份", "the date of birth cannot be more than 6 years ago; check the year"))
				break
			}
			ci.BirthDate = d
		case months != "":
			m, ok := parseMonths(months)
			if !ok {
				errs.add(model.FieldErrorf("months"+n, "月龄请填写 0 到 %d 之间的整数", "the age in months must be a whole number from 0 to %d", model.MaxSignInAgeMonths))
				break
			}
			ci.AgeMonths = m
		default:
			errs.add(model.FieldErrorf("birth"+n, "请填写%s的出生日期；不知道日期时请填写月龄", "enter %s's date of birth, or the age in months if you don't know it", label))
		}
		in.Children = append(in.Children, ci)
	}
	if len(in.Children) == 0 {
		errs.add(model.FieldErrorf("name1", "请填写孩子的姓名和出生日期", "enter the child's name and date of birth"))
	}
}

// asModelError returns err as a *model.Error for field.
func asModelError(err error, field string) *model.Error {
	if me, ok := err.(*model.Error); ok {
		c := *me
		c.Field = field
		return &c
	}
	return model.FieldErrorf(field, "内容无效", "invalid value")
}

// validNonce accepts what the page puts in its hidden field: 8–64 letters,
// digits, '-' or '_'.
func validNonce(s string) bool {
	if len(s) < 8 || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// fold turns full-width digits and separators from a Chinese keyboard into
// ASCII.
func fold(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '０' && r <= '９':
			return '0' + (r - '０')
		case r == '－' || r == '／' || r == '．' || r == '。':
			return '-'
		case r == '　':
			return ' '
		}
		return r
	}, strings.TrimSpace(s))
}

// parseBirth reads a date of birth as phones and people write it:
// 2025-03-05 (the date input), 2025/3/5, 2025.3.5, 2025年3月5日, 20250305.
func parseBirth(s string) (model.Date, bool) {
	t := fold(s)
	t = strings.NewReplacer("年", "-", "月", "-", "日", "", "号", "", "/", "-", ".", "-", " ", "").Replace(t)
	if len(t) == 8 && !strings.Contains(t, "-") {
		t = t[:4] + "-" + t[4:6] + "-" + t[6:]
	}
	p := strings.Split(t, "-")
	if len(p) != 3 || len(p[0]) != 4 || len(p[1]) == 0 || len(p[1]) > 2 || len(p[2]) == 0 || len(p[2]) > 2 {
		return model.Date{}, false
	}
	y, e1 := strconv.Atoi(p[0])
	m, e2 := strconv.Atoi(p[1])
	d, e3 := strconv.Atoi(p[2])
	if e1 != nil || e2 != nil || e3 != nil {
		return model.Date{}, false
	}
	date, err := model.ParseDate(fmt.Sprintf("%04d-%02d-%02d", y, m, d))
	return date, err == nil
}

// parseMonths reads an age in months: "14", "14个月", "14月龄".
func parseMonths(s string) (int, bool) {
	t := fold(s)
	for _, suf := range []string{"个月", "月龄", "月"} {
		t = strings.TrimSuffix(t, suf)
	}
	t = strings.TrimSpace(t)
	if t == "" || len(t) > 2 {
		return 0, false
	}
	m, err := strconv.Atoi(t)
	if err != nil || m < 0 || m > model.MaxSignInAgeMonths || strings.HasPrefix(t, "+") || strings.HasPrefix(t, "-") {
		return 0, false
	}
	return m, true
}

const pngDataURL = "data:image/png;base64,"

// decodeSignature reads the drawn signature: the PNG in URL-safe base64
// without padding, as the page's script sends it, or a PNG data URL. ""
// is no drawing.
func decodeSignature(s string) ([]byte, *model.Error) {
	if s == "" {
		return nil, nil
	}
	bad := model.FieldErrorf("sig", "签名图片无效，请点“重写”后重新签名", "the signature image is not valid; clear it and sign again")
	enc, data := base64.RawURLEncoding, s
	if strings.HasPrefix(s, "data:") {
		if !strings.HasPrefix(s, pngDataURL) {
			return nil, bad
		}
		enc, data = base64.StdEncoding, s[len(pngDataURL):]
	}
	if enc.DecodedLen(len(data)) > model.MaxSignaturePNG+3 {
		return nil, model.FieldErrorf("sig", "签名图片太大，请点“重写”后签得简单些", "the signature is too large; clear it and sign more simply")
	}
	b, err := enc.DecodeString(data)
	if err != nil {
		return nil, bad
	}
	if err := model.CheckSignature(b); err != nil {
		if model.SignatureTooLarge(err) {
			return nil, model.FieldErrorf("sig", "签名图片太大，请点“重写”后签得简单些", "the signature is too large; clear it and sign more simply")
		}
		return nil, bad
	}
	if cfg, err := png.DecodeConfig(bytes.NewReader(b)); err != nil || cfg.Width < 20 || cfg.Height < 10 {
		return nil, bad
	}
	return b, nil
}
