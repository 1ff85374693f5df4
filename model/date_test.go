package model

import (
	"fmt"
	"testing"
	"time"
)

// Date.String writes YYYY-MM-DD as fmt's %04d-%02d-%02d does, for every
// date a station holds and for the odd ones a bad input could make.
func TestDateString(t *testing.T) {
	cases := []Date{{2026, 3, 15}, {2019, 12, 31}, {1, 1, 1}, {999, 10, 9}, {9999, 12, 31}, {10000, 1, 1}, {-5, 1, 1}, {2026, 0, 0}, {2026, 100, 7}, {2026, 1, -3}, {0, 1, 1}}
	for d := MustDate("2019-01-01"); d.Year < 2021; d = d.AddDays(1) {
		cases = append(cases, d)
	}
	for _, d := range cases {
		want := fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
		if got := d.String(); got != want {
			t.Errorf("%#v.String() = %q, want %q", d, got, want)
		}
	}
	if s := (Date{}).String(); s != "" {
		t.Errorf("zero date %q", s)
	}
	if d := DateOf(time.Date(2026, 2, 28, 23, 0, 0, 0, time.UTC)); d.String() != "2026-02-28" {
		t.Errorf("got %q", d.String())
	}
}

// ParseDate gives what time.Parse gives for every date of four centuries
// and for the malformed and impossible ones.
func TestParseDateAsTimeParse(t *testing.T) {
	var inputs []string
	for d := time.Date(1899, 12, 25, 0, 0, 0, 0, time.UTC); d.Year() < 2301; d = d.AddDate(0, 0, 1) {
		inputs = append(inputs, d.Format("2006-01-02"))
	}
	inputs = append(inputs, "2025-02-29", "2024-02-29", "2100-02-29", "2000-02-29", "1900-02-29", "2025-04-31", "2025-13-01",
		"2025-00-10", "2025-01-00", "2025-01-32", "2025-1-01", "2025-01-1", "+025-01-01", "-025-01-01", "2025-01-01x", "2025/01/01",
		"0000-01-01", "0000-02-29", "9999-12-31", "2025-01-0a", "", "2025-01-01 ", " 2025-01-1", "２０２５-01-01")
	for _, s := range inputs {
		got, err := ParseDate(s)
		tt, terr := time.Parse("2006-01-02", s)
		if (err == nil) != (terr == nil) || (terr == nil && got != DateOf(tt)) {
			t.Errorf("ParseDate(%q) = %v, %v; time.Parse gives %v, %v", s, got, err, tt, terr)
		}
	}
}
