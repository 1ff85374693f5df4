package model

import (
	"bytes"
	"image"
	"image/png"
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
	png := testSignature(t, 240, 80)
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
		{"consent", func(i *SignInInput) { i.ConsentVersion = "made-up" }},
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
	loc := mustLoc(t)
	now := MustDate("2026-11-22").Time(loc)
	if err := CheckClock(now, now.Add(-1e9), loc); err != nil {
		t.Error(err)
	}
	if err := CheckClock(MustDate("2000-01-01").Time(loc), now, loc); ErrorCode(err) != ECLOCK {
		t.Errorf("2000: %v", err)
	}
	if err := CheckClock(now, now.AddDate(0, 0, 3), loc); ErrorCode(err) != ECLOCK {
		t.Errorf("behind newest: %v", err)
	}
}

// A clock message names times as the station reads them: a box at 03:07 on
// 11-30 in China must not be told it is 19:07 on 11-29.
func TestCheckClockSpeaksLocalTime(t *testing.T) {
	loc := mustLoc(t)
	now := time.Date(2026, 11, 30, 3, 7, 0, 0, loc)
	newest := time.Date(2026, 11, 30, 10, 30, 0, 0, loc)
	err := CheckClock(now, newest, loc)
	msg := err.Error()
	if !strings.Contains(msg, "2026-11-30 03:07") || !strings.Contains(msg, "2026-11-30 10:30") {
		t.Errorf("message not in the station's zone: %s", msg)
	}
	if err := CheckConfirmed(now, newest, loc); err == nil || !strings.Contains(err.Error(), "2026-11-30 10:30") {
		t.Errorf("confirmed before newest: %v", err)
	}
	if err := CheckConfirmed(newest.Add(30*time.Second), newest.Add(40*time.Second), loc); err != nil {
		t.Errorf("a minute's slack refused: %v", err)
	}
}

func TestParseClockTime(t *testing.T) {
	good := map[string][2]int{"09:30": {9, 30}, "9:05": {9, 5}, "0930": {9, 30}, "０３：０７": {3, 7}, "23:59": {23, 59}, "10点20分": {10, 20}, "8点": {8, 0}, " 7:00 ": {7, 0}}
	for in, want := range good {
		h, m, err := ParseClockTime(in)
		if err != nil || h != want[0] || m != want[1] {
			t.Errorf("%q: %d:%d %v", in, h, m, err)
		}
	}
	for _, in := range []string{"", "24:00", "12:60", "abc", "1:2:3", "12:345", "-1:00"} {
		if _, _, err := ParseClockTime(in); err == nil {
			t.Errorf("%q accepted", in)
		}
	}
}

// The confirmed clock reads what the instructor typed and moves on; once
// the system clock is set right it takes over again.
func TestConfirmedClock(t *testing.T) {
	loc := mustLoc(t)
	sys := time.Date(1970, 1, 1, 8, 0, 0, 0, loc)
	base := Clock{Now: func() time.Time { return sys }}
	typed := time.Date(2026, 11, 30, 10, 31, 0, 0, loc)
	c := ConfirmedClock(base, typed)
	if got := c.Time(); got.Before(typed) || got.Sub(typed) > time.Minute {
		t.Fatalf("confirmed clock reads %v, want about %v", got, typed)
	}
	sys = typed.Add(2 * time.Hour) // time sync arrives
	if got := c.Time(); !got.Equal(sys) {
		t.Errorf("after sync reads %v, want the system clock %v", got, sys)
	}
	sys = time.Date(2026, 11, 30, 9, 0, 0, 0, loc) // plausible but behind what was confirmed
	if got := c.Time(); got.Before(typed) {
		t.Errorf("went back to a system clock behind the confirmed time: %v", got)
	}
}

func TestStartingAt(t *testing.T) {
	start := time.Date(2026, 11, 30, 3, 0, 0, 0, mustLoc(t))
	c := StartingAt(start)
	if got := c.Time(); got.Before(start) || got.Sub(start) > time.Minute {
		t.Errorf("StartingAt reads %v", got)
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

// testSignature encodes a w×h drawing.
func testSignature(t *testing.T, w, h int) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, w, h))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestCheckSignature: a drawing over the byte or pixel bounds is too large;
// one whose header does not read is invalid.
func TestCheckSignature(t *testing.T) {
	if err := CheckSignature(testSignature(t, 700, 300)); err != nil {
		t.Fatal(err)
	}
	for _, b := range [][]byte{testSignature(t, 1500, 900), testSignature(t, 2400, 10), testSignature(t, 10, 1200)} {
		if err := CheckSignature(b); !SignatureTooLarge(err) {
			t.Errorf("over the pixel bounds: %v", err)
		}
	}
	if err := CheckSignature(append(testSignature(t, 20, 20), make([]byte, MaxSignaturePNG)...)); !SignatureTooLarge(err) {
		t.Errorf("over the byte bound: %v", err)
	}
	if err := CheckSignature([]byte("\x89PNG\r\n\x1a\nrest")); err == nil || SignatureTooLarge(err) {
		t.Errorf("a broken header: %v", err)
	}
}
