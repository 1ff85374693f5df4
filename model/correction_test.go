package model

import "testing"

// TestCorrectionFieldsRoundTrip: every offered field is valid, has a label
// in both languages and on the forms (the Chinese one never its stored name), and reads
// back what Set wrote, without touching any other field.
func TestCorrectionFieldsRoundTrip(t *testing.T) {
	if len(CorrectionFields) != 9+2*len(SegmentKinds) {
		t.Fatalf("%d correction fields, want the title, instructor, date, band, areas, four summary parts and four segments' planned content and notes", len(CorrectionFields))
	}
	samples := map[CorrectionField]string{FieldDate: "2026-03-04", FieldBand: "7-9", FieldAreas: "nutrition,safety"}
	for _, f := range CorrectionFields {
		if !f.Valid() {
			t.Errorf("%s is offered but not valid", f)
		}
		for _, l := range []string{f.Label(LangZH), f.Label(LangEN), f.FormLabel()} {
			if l == "" || l == string(f) && l != f.Label(LangEN) {
				t.Errorf("%s has no label (%q)", f, l)
			}
		}
		var s Session
		v, ok := samples[f]
		if !ok {
			v = "new " + string(f)
		}
		if err := f.Check(v); err != nil && f != FieldTitle {
			t.Errorf("%s: Check(%q) = %v", f, v, err)
		}
		f.Set(&s, v)
		if got := f.Value(&s); got != v {
			t.Errorf("%s: Set then Value gives %q", f, got)
		}
		for _, g := range CorrectionFields {
			if g != f && g.Value(&s) != "" {
				t.Errorf("setting %s changed %s", f, g)
			}
		}
	}
	if got := SegmentNotesField(SegParentingSharing).Label(LangZH); got != "育儿分享记录" {
		t.Errorf("segment notes label %q", got)
	}
	if got := FieldSummaryIncidents.FormLabel(); got != "活动总结·突发事件处理" {
		t.Errorf("form label %q", got)
	}
}

// TestCorrectionFieldUnknown: fields that are not correctable are refused
// and change nothing.
func TestCorrectionFieldUnknown(t *testing.T) {
	for _, f := range []CorrectionField{"", "segment.notes.", "segment.notes.4", "segment.planned.4", "segment.notes.10", "segment.notes.-", "state", "summary"} {
		if f.Valid() {
			t.Errorf("%q is valid", f)
		}
		if _, ok := f.Segment(); ok {
			t.Errorf("%q names a segment", f)
		}
		s := Session{Title: "t"}
		f.Set(&s, "x")
		if s.Title != "t" || f.Value(&s) != "" {
			t.Errorf("%q reads or writes a field", f)
		}
	}
	if k, ok := CorrectionField("segment.notes.3").Segment(); !ok || k != SegParentChildActivity {
		t.Errorf("segment.notes.3 = %v %v", k, ok)
	}
}

// TestCardCode: a new code is recognised whole and at the end of what a
// scanner typed; its start is recognised as partial; look-alike characters
// are never used.
func TestCardCode(t *testing.T) {
	for range 200 {
		c := NewCardCode()
		if !IsCardCode(c) || CardCodeAtEnd("abc"+c) != c || !EndsInPartialCardCode(c[:4]) {
			t.Fatalf("code %q not recognised", c)
		}
	}
	for _, s := range []string{"CK0KQ2M9XD", "CK7KQ2M9X", "CK7KQ2M9XDD", "XX7KQ2M9XD", "CKIKQ2M9XD"} {
		if IsCardCode(s) {
			t.Errorf("%q is taken for a card code", s)
		}
	}
	if !IsCardCode("ck7kq2m9xd") {
		t.Error("a lower-case code is not recognised")
	}
}

// TestLimitsApply: the sign-in check uses the shared limits.
func TestLimitsApply(t *testing.T) {
	on := MustDate("2026-03-01")
	in := func(n, months int) *SignInInput {
		x := &SignInInput{SessionID: "s", Phone: "13812345678", Relation: RelMother, Method: MethodKiosk, SignedName: "王芳"}
		for range n {
			x.Children = append(x.Children, ChildInput{Name: "王小明", AgeMonths: months})
		}
		return x
	}
	if err := in(MaxChildrenPerSignIn, MaxSignInAgeMonths).Validate(on); err != nil {
		t.Errorf("at the limits: %v", err)
	}
	if in(MaxChildrenPerSignIn+1, 12).Validate(on) == nil {
		t.Error("one child too many accepted")
	}
	if in(1, MaxSignInAgeMonths+1).Validate(on) == nil {
		t.Error("one month too old accepted")
	}
}

// TestSessionFieldsNormalize: what a person types for the date, band and
// areas becomes the stored form; what cannot be read is refused, and the
// void is never typed.
func TestSessionFieldsNormalize(t *testing.T) {
	for _, c := range []struct {
		f        CorrectionField
		in, want string
	}{
		{FieldDate, " 2026-11-20 ", "2026-11-20"},
		{FieldBand, "7–9月龄", "7-9"},
		{FieldAreas, "安全与保护、营养", "nutrition,safety"},
		{FieldAreas, "nutrition, early learning & exploration", "nutrition,learning"},
		{FieldAreas, "", ""},
	} {
		got, err := c.f.Normalize(c.in)
		if err != nil || got != c.want {
			t.Errorf("%s.Normalize(%q) = %q, %v; want %q", c.f, c.in, got, err, c.want)
		}
	}
	for _, c := range []struct {
		f  CorrectionField
		in string
	}{{FieldDate, "20 Nov"}, {FieldBand, "9-7"}, {FieldBand, "0-40"}, {FieldAreas, "营养、唱歌"}, {FieldVoid, "yes"}} {
		if _, err := c.f.Normalize(c.in); err == nil {
			t.Errorf("%s.Normalize(%q) accepted", c.f, c.in)
		}
	}
	if err := FieldBand.Check("7-9月龄"); err == nil {
		t.Error("a band not in its stored form passes Check")
	}
	if got := FieldAreas.Display("nutrition,safety", LangZH); got != "营养、安全与保护" {
		t.Errorf("areas shown as %q", got)
	}
	s := Session{Title: "t"}
	FieldVoid.Set(&s, VoidValue)
	if !s.Voided || FieldVoid.Value(&s) != VoidValue || FieldVoid.Display(FieldVoid.Value(&s), LangZH) != "已作废" {
		t.Errorf("void round trip: %+v", s)
	}
	if FieldVoid.Set(&s, ""); s.Voided {
		t.Error("undoing the void leaves it voided")
	}
}
