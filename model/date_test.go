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
