package model

import "testing"

// Children enter a new band on the day they complete its first month; at
// the end of a short month every child born on a later day of the month
// completes it on the month's last day. Expectations are worked out by
// hand from the rule in AgeMonths.
func TestEntersBandInAtMonthEnds(t *testing.T) {
	bands := DefaultAgeBands
	for _, tt := range []struct {
		born, today string
		want        string // "" when the child enters no band that month
		band        AgeBand
	}{
		// January 2026 (31 days), asked on its last day.
		{"2025-09-30", "2026-01-31", "2026-01-30", AgeBand{4, 6}},   // 3 months on 12-30, 4 on 01-30
		{"2025-10-31", "2026-01-31", "", AgeBand{}},                 // 2 → 3 months: still 0–3
		{"2025-06-30", "2026-01-31", "2026-01-30", AgeBand{7, 9}},   // 6 → 7
		{"2025-12-31", "2026-01-31", "", AgeBand{}},                 // 0 → 1: still 0–3
		{"2026-01-15", "2026-01-31", "", AgeBand{}},                 // born this month
		{"2023-01-31", "2026-01-31", "", AgeBand{}},                 // 35 → 36: still 31–36
		{"2022-12-31", "2026-01-31", "", AgeBand{}},                 // 36 → 37: out of the programme
		{"2025-10-01", "2026-01-31", "", AgeBand{}},                 // 2 → 3 months: still 0–3
		{"2025-09-01", "2026-01-01", "2026-01-01", AgeBand{4, 6}},   // first day, asked that day
		{"2025-01-31", "2026-02-28", "2026-02-28", AgeBand{13, 18}}, // 12 on 01-31, 13 on 02-28
		// February 2026 (28 days): born on the 28th–31st, all on 02-28.
		{"2025-10-31", "2026-02-28", "2026-02-28", AgeBand{4, 6}},
		{"2025-10-29", "2026-02-28", "2026-02-28", AgeBand{4, 6}},
		{"2025-10-28", "2026-02-28", "2026-02-28", AgeBand{4, 6}},
		{"2025-10-27", "2026-02-28", "2026-02-27", AgeBand{4, 6}},
		{"2025-10-31", "2026-02-01", "2026-02-28", AgeBand{4, 6}}, // asked early in the month
		// February 2028 (29 days): the 29th–31st on 02-29, the 28th on 02-28.
		{"2027-10-31", "2028-02-29", "2028-02-29", AgeBand{4, 6}},
		{"2027-10-29", "2028-02-29", "2028-02-29", AgeBand{4, 6}},
		{"2027-10-28", "2028-02-29", "2028-02-28", AgeBand{4, 6}},
		{"2027-10-31", "2028-01-31", "", AgeBand{}}, // 3 months on 01-31: 0–3 still
	} {
		c := Child{Name: "王小明", BirthDate: MustDate(tt.born)}
		band, on, ok := EntersBandIn(c, bands, MustDate(tt.today))
		got := ""
		if ok {
			got = on.String()
		}
		if got != tt.want || band != tt.band {
			t.Errorf("born %s, asked %s: enters %v on %q, want %v on %q", tt.born, tt.today, band, got, tt.band, tt.want)
		}
	}
}

// A child known by its age only is counted from the first day of its birth
// month.
func TestEntersBandInBirthMonth(t *testing.T) {
	c := Child{Name: "李小红", BirthMonth: MustDate("2025-10-01")}
	band, on, ok := EntersBandIn(c, DefaultAgeBands, MustDate("2026-02-28"))
	if !ok || on != MustDate("2026-02-01") || band != (AgeBand{4, 6}) {
		t.Fatalf("enters %v on %v (%v), want 4–6 on 2026-02-01", band, on, ok)
	}
}

// CameOnce keeps the families with one session a month or more ago; a
// month before Mar 31 (and Mar 30, Mar 29) is Feb 28.
func TestCameOnceAtMonthEnds(t *testing.T) {
	kid := func(born string) Family {
		return Family{Children: []Child{{Name: "张" + born, BirthDate: MustDate(born)}}}
	}
	fams := []FamilyVisits{
		{Family: kid("2025-06-01"), Sessions: 1, First: MustDate("2026-02-28"), Last: MustDate("2026-02-28")},
		{Family: kid("2025-06-02"), Sessions: 1, First: MustDate("2026-03-01"), Last: MustDate("2026-03-01")},
		{Family: kid("2025-06-03"), Sessions: 2, First: MustDate("2026-01-10"), Last: MustDate("2026-02-10")},
		{Family: kid("2025-06-04"), Sessions: 0},
		{Family: kid("2025-06-05"), Sessions: 1, First: MustDate("2026-01-31"), Last: MustDate("2026-01-31")},
		// 37 months on 2026-03-31: no longer in the programme.
		{Family: kid("2023-02-28"), Sessions: 1, First: MustDate("2025-12-01"), Last: MustDate("2025-12-01")},
	}
	names := func(l []FamilyVisits) []string {
		var out []string
		for _, fv := range l {
			out = append(out, fv.Family.Children[0].Name)
		}
		return out
	}
	for _, tt := range []struct {
		today string
		want  []string
	}{
		{"2026-03-31", []string{"张2025-06-01", "张2025-06-05"}},
		{"2026-03-29", []string{"张2025-06-01", "张2025-06-05"}},
		{"2026-03-28", []string{"张2025-06-01", "张2025-06-05"}}, // and the child born 2023-02-28 is 37 months
		{"2026-03-27", []string{"张2025-06-05", "张2023-02-28"}}, // 02-28 is too recent; 36 months still
		{"2026-02-28", []string{"张2023-02-28"}},                // a month before is 01-28: 01-31 is too recent
		{"2026-03-01", []string{"张2025-06-05", "张2023-02-28"}},
	} {
		got := names(CameOnce(fams, MustDate(tt.today)))
		if len(got) != len(tt.want) {
			t.Errorf("%s: %v, want %v", tt.today, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("%s: %v, want %v", tt.today, got, tt.want)
			}
		}
	}
}
