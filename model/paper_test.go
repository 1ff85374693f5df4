package model

import "testing"

func TestParsePaperAge(t *testing.T) {
	on := MustDate("2024-03-15")
	for _, c := range []struct {
		in     string
		months int
		birth  string
		bad    bool
	}{
		{"14月龄", 14, "", false},
		{"14个月", 14, "", false},
		{"14", 14, "", false},
		{"１４月龄", 14, "", false},
		{"1岁2个月", 14, "", false},
		{"1岁2月", 14, "", false},
		{"1岁零2个月", 14, "", false},
		{"1岁半", 18, "", false},
		{"2岁", 24, "", false},
		{"2023-01-10", 14, "2023-01-10", false},
		{"2023年1月16日", 13, "2023-01-16", false},
		{"2023.1.15", 14, "2023-01-15", false},
		{"2023/01/15", 14, "2023-01-15", false},
		{"20230115", 14, "2023-01-15", false},
		{"2024-04-01", 0, "", true}, // born after the session
		{"1岁13个月", 0, "", true},
		{"九个月", 0, "", true},
		{"", 0, "", true},
		{"80月龄", 0, "", true},
	} {
		got, err := ParsePaperAge(c.in, on)
		if c.bad {
			if err == nil {
				t.Errorf("%q: want an error, got %+v", c.in, got)
			}
			continue
		}
		if err != nil || got.Months != c.months || got.BirthDate.String() != c.birth {
			t.Errorf("%q: got %+v %v, want %d months born %q", c.in, got, err, c.months, c.birth)
		}
	}
}

func TestParsePaperPhone(t *testing.T) {
	for in, want := range map[string]string{"13812345678": "13812345678", "138-1234-5678": "13812345678", "13812345678.0": "13812345678", " 138 1234 5678 ": "13812345678"} {
		if got, err := ParsePaperPhone(in); err != nil || got != want {
			t.Errorf("%q: got %q %v", in, got, err)
		}
	}
	for _, in := range []string{"1.38E+10", "1.38123E+10", "1E+10", "1.38e10", "12345", ""} {
		if got, err := ParsePaperPhone(in); err == nil {
			t.Errorf("%q: want refused, got %q", in, got)
		}
	}
}

func TestParseRelation(t *testing.T) {
	for in, want := range map[string]Relation{"母亲": RelMother, "妈妈": RelMother, "姥姥": RelGrandmaM, "祖父": RelGrandpaP, "阿姨": RelOther} {
		if got, ok := ParseRelation(in); !ok || got != want {
			t.Errorf("%q: got %q %v", in, got, ok)
		}
	}
	if got, ok := ParseRelation(" "); ok || got != RelOther {
		t.Errorf("empty: got %q %v", got, ok)
	}
}

func TestBandOfMost(t *testing.T) {
	if b := BandOfMost(DefaultAgeBands, []int{8, 9, 14}); b != (AgeBand{7, 9}) {
		t.Errorf("got %v", b)
	}
	if b := BandOfMost(DefaultAgeBands, nil); b != (AgeBand{0, 36}) {
		t.Errorf("none: got %v", b)
	}
}

func TestBackfillValidate(t *testing.T) {
	today := MustDate("2026-11-30")
	good := func() BackfillInput {
		return BackfillInput{Date: MustDate("2026-11-20"), Band: AgeBand{13, 18}, Title: "停电时的活动", Instructor: "陈医生",
			Summary: Summary{Handover: "纸质签到"}, SignIns: []PaperSignIn{{Child: "周小雨", Age: PaperAge{Months: 14}, Phone: "138 1234 9876", Relation: RelMother}}}
	}
	in := good()
	if err := in.Validate(today, DefaultAgeBands); err != nil || in.SignIns[0].Phone != "13812349876" {
		t.Fatalf("good: %v %q", err, in.SignIns[0].Phone)
	}
	for name, change := range map[string]func(*BackfillInput){
		"future":     func(b *BackfillInput) { b.Date = MustDate("2026-12-01") },
		"no summary": func(b *BackfillInput) { b.Summary = Summary{} },
		"no title":   func(b *BackfillInput) { b.Title = "" },
		"bad band":   func(b *BackfillInput) { b.Band = AgeBand{5, 8} },
		"bad phone":  func(b *BackfillInput) { b.SignIns[0].Phone = "1.38E+10" },
		"twice":      func(b *BackfillInput) { b.SignIns = append(b.SignIns, b.SignIns[0]) },
		"relation":   func(b *BackfillInput) { b.SignIns[0].Relation = "" },
	} {
		in := good()
		change(&in)
		if err := in.Validate(today, DefaultAgeBands); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
