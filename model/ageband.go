package model

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// MaxAgeMonths is the upper end of the programme: children under three.
const MaxAgeMonths = 36

// AgeBand is the month-age range a session is planned for (活动月龄),
// inclusive at both ends, e.g. 7–9 月龄.
type AgeBand struct {
	Min int
	Max int
}

// DefaultAgeBands is the list a new installation starts with.
var DefaultAgeBands = []AgeBand{{0, 3}, {4, 6}, {7, 9}, {10, 12}, {13, 18}, {19, 24}, {25, 30}, {31, 36}}

// String renders the band as "7-9月龄".
func (b AgeBand) String() string { return strconv.Itoa(b.Min) + "-" + strconv.Itoa(b.Max) + "月龄" }

// Label renders the band in the given language: "7-9月龄" or "7-9 mo".
func (b AgeBand) Label(lang Lang) string {
	if lang.English() {
		return fmt.Sprintf("%d-%d mo", b.Min, b.Max)
	}
	return b.String()
}

// Contains reports whether age (in months) lies within the band.
func (b AgeBand) Contains(age int) bool { return age >= b.Min && age <= b.Max }

// IsZero reports whether the band is unset.
func (b AgeBand) IsZero() bool { return b == AgeBand{} }

// ParseAgeBand parses "7-9", "7–9", "7-9月龄" or "7~9".
func ParseAgeBand(s string) (AgeBand, error) {
	t := strings.TrimSpace(s)
	t = strings.TrimSuffix(t, "月龄")
	t = strings.TrimSuffix(t, "mo")
	t = strings.NewReplacer("–", "-", "—", "-", "~", "-", "～", "-", "－", "-").Replace(strings.TrimSpace(t))
	lo, hi, ok := strings.Cut(t, "-")
	a, err1 := strconv.Atoi(strings.TrimSpace(lo))
	b, err2 := strconv.Atoi(strings.TrimSpace(hi))
	if !ok || err1 != nil || err2 != nil {
		return AgeBand{}, FieldErrorf("band", "月龄段格式应为 起-止，例如 7-9：%q", "an age band is written min-max, e.g. 7-9: %q", s)
	}
	band := AgeBand{a, b}
	return band, band.Validate()
}

// Validate checks one band on its own.
func (b AgeBand) Validate() error {
	if b.Min < 0 || b.Max > MaxAgeMonths || b.Min > b.Max {
		return FieldErrorf("band", "月龄段 %d-%d 无效：应在 0 到 36 月龄之间，且起始不大于结束", "age band %d-%d is invalid: it must lie within 0-36 months with min ≤ max", b.Min, b.Max)
	}
	return nil
}

// ValidateAgeBands checks a configured list: each band valid, and together
// they cover 0–36 months with no overlap and no gap. It returns the bands
// sorted.
func ValidateAgeBands(bands []AgeBand) ([]AgeBand, error) {
	if len(bands) == 0 {
		return nil, FieldErrorf("bands", "至少需要一个月龄段", "at least one age band is needed")
	}
	sorted := append([]AgeBand(nil), bands...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Min < sorted[j].Min })
	next := 0
	for _, b := range sorted {
		if err := b.Validate(); err != nil {
			return nil, err
		}
		switch {
		case b.Min < next:
			return nil, FieldErrorf("bands", "月龄段 %s 与前一段重叠", "age band %s overlaps the one before it", b).withEN(b)
		case b.Min > next:
			return nil, FieldErrorf("bands", "%d-%d 月龄没有对应的月龄段（中间有空缺）", "no age band covers %d-%d months (a gap)", next, b.Min-1)
		}
		next = b.Max + 1
	}
	if next <= MaxAgeMonths {
		return nil, FieldErrorf("bands", "%d-%d 月龄没有对应的月龄段（最后一段应到 36 月龄）", "no age band covers %d-%d months (the last band must reach 36)", next, MaxAgeMonths)
	}
	return sorted, nil
}

// withEN fixes the English message of an overlap error to use the English label.
func (e *Error) withEN(b AgeBand) *Error {
	e.MessageEN = fmt.Sprintf("age band %s overlaps the one before it", b.Label(LangEN))
	return e
}

// BandFor returns the band that contains age, and false when none does
// (a child over 36 months, or a list that does not cover the age).
func BandFor(bands []AgeBand, age int) (AgeBand, bool) {
	for _, b := range bands {
		if b.Contains(age) {
			return b, true
		}
	}
	return AgeBand{}, false
}
