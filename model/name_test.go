package model

import "testing"

// TestNormalizeName: inner spaces between Chinese characters go, runs of
// spaces in a Latin name become one, so "李  小明" is "李小明"; a name of
// only punctuation or invisible filler characters is refused, and the
// length counts characters (𠮷 is one).
func TestNormalizeName(t *testing.T) {
	for in, want := range map[string]string{
		"李  小明":        "李小明",
		" 李　小明 ":       "李小明",
		"买买提 · 艾力":     "买买提·艾力",
		"John   Smith": "John Smith",
		"𠮷" + "祥":      "𠮷祥",
	} {
		if got := NormalizeName(in); got != want {
			t.Errorf("NormalizeName(%q) = %q, want %q", in, got, want)
		}
	}
	for _, bad := range []string{"·", "· ·", "\u3164", "\u115f", "\u3164\u3164", "李\u200b明", ".", "\u1160"} {
		if err := CheckName("child", bad); err == nil {
			t.Errorf("CheckName(%q) accepted", bad)
		}
	}
	long := "𠮷" + "一二三四五六七八九十一二三四五六七八九"
	if err := CheckName("child", long); err != nil {
		t.Errorf("20 characters with one outside the BMP refused: %v", err)
	}
	if err := CheckName("child", long+"十"); err == nil {
		t.Error("21 characters accepted")
	}
	in := SignInInput{Children: []ChildInput{{Name: "李  小明", AgeMonths: 8}}}
	in.SessionID, in.Phone, in.Relation, in.Method, in.SignedName = "s", "13812345678", RelMother, MethodKiosk, "王  芳"
	if err := in.Validate(MustDate("2026-11-22")); err != nil || in.Children[0].Name != "李小明" || in.SignedName != "王芳" {
		t.Fatalf("Validate: %v %q %q", err, in.Children[0].Name, in.SignedName)
	}
	if p, err := NormalizePhone("＋86 138 1234 5678"); err != nil || p != "13812345678" {
		t.Errorf("full-width ＋86: %q %v", p, err)
	}
}

// TestEnglishMessagesStartWithACapital: messages are written as clauses;
// shown to a person in English they start with a capital.
func TestEnglishMessagesStartWithACapital(t *testing.T) {
	err := CheckName("child", "")
	if got := ErrorMessage(err, LangEN); got != "The name is required" {
		t.Errorf("English: %q", got)
	}
	if got := ErrorMessage(err, LangZH); got != "请填写姓名" {
		t.Errorf("Chinese: %q", got)
	}
}
