package model

import (
	"fmt"
	"sort"
	"strings"
)

// AgeMonths returns the completed months between birth and on. A month
// completes on the same day of the month as the birth day, or on the last day
// of a month that lacks that day: born 01-31 is 1 month old on 02-28, born
// 02-29 is 12 months old on the next 02-28. It returns a negative number when
// on is before birth.
func AgeMonths(birth, on Date) int {
	months := (on.Year-birth.Year)*12 + int(on.Month) - int(birth.Month)
	if on.Day < birth.Day && on.Day != daysIn(on.Year, on.Month) {
		months--
	}
	if on.Before(birth) && months >= 0 {
		return -1
	}
	return months
}

// BirthMonth is the month of birth when the exact date is unknown (the
// caregiver gave the age in months). Day is always 1.
type BirthMonth = Date

// BirthMonthFromAge returns the birth month of a child who is age months old
// on the given date.
func BirthMonthFromAge(age int, on Date) BirthMonth {
	d := on.AddMonths(-age)
	return Date{d.Year, d.Month, 1}
}

// AgeCount is one entry of a month-age distribution.
type AgeCount struct {
	AgeMonths int
	Count     int
}

// Distribution counts ages per month of age, ascending.
func Distribution(ages []int) []AgeCount {
	counts := map[int]int{}
	for _, a := range ages {
		counts[a]++
	}
	out := make([]AgeCount, 0, len(counts))
	for a, n := range counts {
		out = append(out, AgeCount{a, n})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].AgeMonths < out[j].AgeMonths })
	return out
}

// FormatDistribution renders a distribution as on the paper form:
// "7月龄 3人 / 8月龄 2人" (Chinese) or "7 mo: 3 / 8 mo: 2" (English).
func FormatDistribution(d []AgeCount, lang Lang) string {
	parts := make([]string, len(d))
	for i, c := range d {
		if lang.English() {
			parts[i] = fmt.Sprintf("%d mo: %d", c.AgeMonths, c.Count)
		} else {
			parts[i] = fmt.Sprintf("%d月龄 %d人", c.AgeMonths, c.Count)
		}
	}
	return strings.Join(parts, " / ")
}
