package model

import (
	"strings"
	"testing"
	"time"
)

func TestNormalizePhone(t *testing.T) {
	good := map[string]string{
		"13812345678":       "13812345678",
		"138 1234 5678":     "13812345678",
		"138-1234-5678":     "13812345678",
		"+86 138 1234 5678": "13812345678",
		"008613812345678":   "13812345678",
		"１３８１２３４５６７８":       "13812345678",
	}
	for in, want := range good {
		got, err := NormalizePhone(in)
		if err != nil || got != want {
			t.Errorf("NormalizePhone(%q) = %q, %v", in, got, err)
		}
	}
	for _, in := range []string{"", "12812345678", "1381234567", "138123456789", "abc", "23812345678", "+1 138 1234 5678"} {
		if _, err := NormalizePhone(in); err == nil {
			t.Errorf("NormalizePhone(%q) accepted", in)
		}
	}
	if got := MaskPhone("13812345678"); got != "138****5678" {
		t.Errorf("MaskPhone = %q", got)
	}
}

func TestCheckName(t *testing.T) {
	for _, n := range []string{"王小明", "买买提·艾力", "Anna", "𠮷田", "䶮", "王"} {
		if err := CheckName("n", n); err != nil {
			t.Errorf("CheckName(%q): %v", n, err)
		}
	}
	for _, n := range []string{"", "  ", strings.Repeat("王", 21), "王\x00明", "=cmd", "王小明1", "<script>"} {
		if err := CheckName("n", n); err == nil {
			t.Errorf("CheckName(%q) accepted", n)
		}
	}
}

func TestSignInValidate(t *testing.T) {
	on := MustDate("2026-11-22")
	png := []byte("\x89PNG\r\n\x1a\nrest")
	base := func() SignInInput {
		return SignInInput{SessionID: "s", Children: []ChildInput{{Name: "王小明", BirthDate: MustDate("2025-09-01")}},
			Phone: "138 1234 5678", Relation: RelGrandmaP, Method: MethodKiosk, SignedName: "李秀英"}
	}
	in := base()
	if err := in.Validate(on); err != nil {
		t.Fatal(err)
	}
	if in.Phone != "13812345678" || in.Caregiver != "李秀英" {
		t.Errorf("not normalised: %+v", in)
	}
	bad := []struct {
		field string
		edit  func(*SignInInput)
	}{
		{"child", func(i *SignInInput) { i.Children = nil }},
		{"child", func(i *SignInInput) { i.Children[0].Name = "" }},
		{"birth", func(i *SignInInput) { i.Children[0].BirthDate = MustDate("2026-11-23") }},
		{"birth", func(i *SignInInput) { i.Children[0].BirthDate = MustDate("2020-11-21") }},
		{"birth", func(i *SignInInput) { i.Children[0].BirthDate = Date{}; i.Children[0].AgeMonths = -1 }},
		{"phone", func(i *SignInInput) { i.Phone = "123" }},
		{"relation", func(i *SignInInput) { i.Relation = "舅舅" }},
		{"signature", func(i *SignInInput) { i.SignedName = "" }},
		{"signature", func(i *SignInInput) { i.SignedName = ""; i.SignaturePNG = []byte("GIF89a....") }},
		{"consent", func(i *SignInInput) { i.Method = MethodPhone }},
		{"method", func(i *SignInInput) { i.Method = "fax" }},
	}
	for _, b := range bad {
		in := base()
		b.edit(&in)
		err := in.Validate(on)
		e, ok := err.(*Error)
		if !ok || e.Field != b.field || e.Message == "" || e.MessageEN == "" {
			t.Errorf("want %s error, got %v", b.field, err)
		}
	}
	in = base()
	in.SignedName, in.SignaturePNG = "", png
	if err := in.Validate(on); err != nil {
		t.Errorf("drawn signature alone rejected: %v", err)
	}
}

func TestCheckClock(t *testing.T) {
	now := MustDate("2026-11-22").Time(mustLoc(t))
	if err := CheckClock(now, now.Add(-1e9)); err != nil {
		t.Error(err)
	}
	if err := CheckClock(MustDate("2000-01-01").Time(mustLoc(t)), now); ErrorCode(err) != ECLOCK {
		t.Errorf("2000: %v", err)
	}
	if err := CheckClock(now, now.AddDate(0, 0, 3)); ErrorCode(err) != ECLOCK {
		t.Errorf("behind newest: %v", err)
	}
}

func mustLoc(t *testing.T) *time.Location {
	t.Helper()
	return DefaultSettings().Location()
}

func TestPINGuard(t *testing.T) {
	h, err := HashPIN("2468")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := HashPIN("12a4"); err == nil {
		t.Error("non-digit PIN accepted")
	}
	g := &PINGuard{Hash: h}
	now := MustDate("2026-11-22").Time(mustLoc(t))
	if err := g.Check("2468", now); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < PINMaxTries; i++ {
		if err := g.Check("0000", now); err == nil {
			t.Fatal("wrong PIN accepted")
		}
	}
	if err := g.Check("2468", now.Add(30*time.Second)); err == nil || !strings.Contains(err.Error(), "秒后再试") {
		t.Errorf("not locked: %v", err)
	}
	if err := g.Check("2468", now.Add(PINLockFor+time.Second)); err != nil {
		t.Errorf("still locked after a minute: %v", err)
	}
}
