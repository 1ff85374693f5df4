package checkin

import (
	"bytes"
	"net/url"
	"strings"
	"testing"

	"carekiosk/model"
)

// FuzzDecodeForm feeds arbitrary form bodies to the decoder. It must never
// panic; whatever it accepts must pass the model's own validation; every
// problem has a message in both languages and a field; and the page that
// shows the form again renders with everything escaped.
func FuzzDecodeForm(f *testing.F) {
	valid := url.Values{"mode": {"new"}, "sid": {"s1"}, "nonce": {"ABCDEFGH12345678"}, "name1": {"王小明"}, "birth1": {"2025-09-10"},
		"phone": {"13812345678"}, "rel": {"妈妈"}, "consent": {ConsentVersion}, "signed": {"李丽"}}
	f.Add(valid.Encode())
	f.Add(strings.Replace(valid.Encode(), "birth1=2025-09-10", "months1=14", 1))
	f.Add("mode=back&fam=f|a|b|c|x&child=a&child=b&nonce=ABCDEFGH12345678&signed=李丽&consent=" + ConsentVersion)
	f.Add("name1=%00&birth1=2025年9月10日&months1=１４&phone=+86 138-1234-5678&rel=其他&sig=data:image/png;base64,iVBORw0KGgo=")
	f.Add("name1=<script>&name2=王小明&name3=王小明&birth2=20250910&birth3=2025.9.10&months4=72&sig=data:image/png;base64,!!")
	f.Add("")
	on := model.MustDate("2026-11-22")
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		in, form, errs := decodeForm(v, on)
		for _, e := range errs.list {
			if e.Message == "" || e.MessageEN == "" || e.Field == "" || e.Code != model.EINVALID {
				t.Fatalf("bad error %+v", e)
			}
		}
		if errs.empty() && form.Mode == modeNew {
			check := in
			check.SessionID = "s" // the handler takes the session from the pass
			if err := check.Validate(on); err != nil {
				t.Fatalf("decoder accepted what the model refuses: %v\n%q", err, raw)
			}
			if len(in.Children) == 0 || in.ConsentVersion != ConsentVersion || !validNonce(in.Nonce) {
				t.Fatalf("accepted incomplete form: %+v", in)
			}
			for _, c := range in.Children {
				if c.BirthDate.IsZero() && (c.AgeMonths < 0 || c.AgeMonths > model.MaxSignInAgeMonths) {
					t.Fatalf("child without age: %+v", c)
				}
			}
		}
		if errs.empty() && form.Mode == modeBack && len(in.Children) == 0 {
			t.Fatal("one-tap accepted without a child")
		}
		// The form shown again renders and escapes what was typed.
		p := newPage("zh")
		p.Errors, p.FieldErr = errs.messages("zh")
		p.fillForm(form, on)
		var buf bytes.Buffer
		if err := pages.ExecuteTemplate(&buf, "form", p); err != nil {
			t.Fatalf("render: %v", err)
		}
		if strings.Contains(buf.String(), "<script>") {
			t.Fatalf("unescaped input in the page: %q", raw)
		}
	})
}
