package model

import (
	"strings"
	"testing"
)

// TestConsentNoticeComplete: both languages say all four things and the
// agreement, and the Chinese notice is the default.
func TestConsentNoticeComplete(t *testing.T) {
	for _, lang := range Langs {
		n := Consent(lang)
		for i, s := range append(n.Lines(), n.Head, n.Agree) {
			if strings.TrimSpace(s) == "" {
				t.Errorf("%s: part %d is empty", lang, i)
			}
		}
	}
	if Consent("") != Consent("zh") || Consent("fr") != Consent("zh") {
		t.Error("an unknown language does not fall back to Chinese")
	}
	if !strings.HasPrefix(Consent("zh").Who, "谁能看到") || !strings.HasPrefix(Consent("en").Long, "How long") {
		t.Error("the paragraphs are not in reading order")
	}
}

// TestConsentNamesProcessorAndRights: the current notice names the unit
// that processes the data and the station phone from the settings, the
// retention of the settings, and how to ask for a copy, a correction or
// deletion; with nothing set it says whom to ask and never shows a
// placeholder.
func TestConsentNamesProcessorAndRights(t *testing.T) {
	set := DefaultSettings()
	set.StationPhone, set.RetentionYears = "0578-6123456", 5
	zh := ConsentFor(LangZH, ContactOf(set, "温溪镇卫生院"))
	text := zh.Text()
	for _, want := range []string{"温溪镇卫生院", "0578-6123456", "5 年", "拷贝", "更正", "删除", "撤回同意"} {
		if !strings.Contains(text, want) {
			t.Errorf("the notice does not say %q:\n%s", want, text)
		}
	}
	en := ConsentFor(LangEN, ContactOf(set, "Wenxi health centre")).Text()
	for _, want := range []string{"Wenxi health centre", "0578-6123456", "5 years", "copy", "correct", "erase"} {
		if !strings.Contains(en, want) {
			t.Errorf("the English notice does not say %q", want)
		}
	}
	for _, lang := range Langs {
		bare := ConsentFor(lang, ConsentContact{}).Text()
		if strings.ContainsAny(bare, "{}") {
			t.Errorf("%s: a placeholder is shown: %s", lang, bare)
		}
		if !strings.Contains(bare, "3") {
			t.Errorf("%s: the default retention is not named", lang)
		}
	}
	seen := map[string]bool{}
	for _, c := range ConsentTexts() {
		if seen[c.Version] {
			t.Errorf("version %s used twice", c.Version)
		}
		seen[c.Version] = true
	}
	if err := CheckStationPhone("0578 612-3456"); err != nil {
		t.Error(err)
	}
	if CheckStationPhone("call me") == nil {
		t.Error("a station phone with letters is accepted")
	}
}
