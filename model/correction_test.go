package model

import "testing"

// TestCorrectionFieldsRoundTrip: every offered field is valid, has a label
// in both languages and on the forms (the Chinese one never its stored name), and reads
// back what Set wrote, without touching any other field.
func TestCorrectionFieldsRoundTrip(t *testing.T) {
	if len(CorrectionFields) != 6+len(SegmentKinds) {
		t.Fatalf("%d correction fields, want the title, instructor, four summary parts and four segments' notes", len(CorrectionFields))
	}
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
		f.Set(&s, "new "+string(f))
		if got := f.Value(&s); got != "new "+string(f) {
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
	for _, f := range []CorrectionField{"", "segment.notes.", "segment.notes.4", "segment.notes.10", "segment.notes.-", "state", "summary"} {
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
