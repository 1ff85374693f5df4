package model

import (
	"testing"
	"time"
)

// FuzzAgeMonths checks the month rule's properties on arbitrary dates: a
// child is exactly n months old n months after birth (with the end-of-month
// clamp), and one day earlier it is younger.
func FuzzAgeMonths(f *testing.F) {
	f.Add(2024, 2, 29, 12)
	f.Add(2025, 1, 31, 1)
	f.Add(2023, 12, 31, 2)
	f.Fuzz(func(t *testing.T, y, m, d, n int) {
		if y < 2000 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31 || n < 0 || n > 100 {
			return
		}
		birth := Date{y, time.Month(m), d}
		if birth.Day > daysIn(y, birth.Month) {
			return
		}
		on := birth.AddMonths(n)
		if got := AgeMonths(birth, on); got != n {
			t.Fatalf("AgeMonths(%s, %s) = %d, want %d", birth, on, got, n)
		}
		if n > 0 {
			if got := AgeMonths(birth, on.AddDays(-1)); got != n-1 {
				t.Fatalf("AgeMonths(%s, %s) = %d, want %d", birth, on.AddDays(-1), got, n-1)
			}
		}
	})
}

// FuzzNormalizePhone checks that whatever is accepted is a mainland mobile
// number and normalising it again changes nothing.
func FuzzNormalizePhone(f *testing.F) {
	for _, s := range []string{"13812345678", "+86 138-1234-5678", "0086138", "", "１３８"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := NormalizePhone(s)
		if err != nil {
			if e, ok := err.(*Error); !ok || e.Message == "" || e.MessageEN == "" {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		if !mobileRe.MatchString(p) {
			t.Fatalf("accepted %q as %q", s, p)
		}
		if q, err := NormalizePhone(p); err != nil || q != p {
			t.Fatalf("not idempotent: %q → %q, %v", p, q, err)
		}
	})
}
