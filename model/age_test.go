package model

import "testing"

func TestAgeMonths(t *testing.T) {
	tests := []struct {
		birth, on string
		want      int
	}{
		{"2025-01-15", "2025-01-15", 0},
		{"2025-01-15", "2025-02-14", 0},
		{"2025-01-15", "2025-02-15", 1},
		{"2025-01-31", "2025-02-27", 0},
		{"2025-01-31", "2025-02-28", 1}, // February lacks the 31st: the month completes on its last day
		{"2024-01-31", "2024-02-28", 0}, // leap February has a 29th, which is its last day
		{"2024-01-31", "2024-02-29", 1},
		{"2024-01-29", "2024-02-28", 0}, // the 29th exists in 2024
		{"2024-01-30", "2024-02-29", 1},
		{"2025-03-31", "2025-04-30", 1},
		{"2025-03-31", "2025-04-29", 0},
		{"2024-02-29", "2025-02-28", 12}, // leap-day birth: 12 months on the next 02-28
		{"2024-02-29", "2025-02-27", 11},
		{"2024-02-29", "2028-02-28", 47},
		{"2024-02-29", "2028-02-29", 48},
		{"2023-12-31", "2024-01-30", 0},
		{"2023-12-31", "2024-01-31", 1},
		{"2023-11-30", "2024-02-29", 3},
		{"2022-06-10", "2025-06-09", 35},
		{"2022-06-10", "2025-06-10", 36},
		{"2025-05-20", "2025-05-19", -1},
	}
	for _, tt := range tests {
		if got := AgeMonths(MustDate(tt.birth), MustDate(tt.on)); got != tt.want {
			t.Errorf("AgeMonths(%s, %s) = %d, want %d", tt.birth, tt.on, got, tt.want)
		}
	}
}

func TestBirthMonthFromAge(t *testing.T) {
	on := MustDate("2026-11-22")
	for age := 0; age <= 40; age++ {
		bm := BirthMonthFromAge(age, on)
		if bm.Day != 1 {
			t.Fatalf("birth month day = %d", bm.Day)
		}
		if got := AgeMonths(bm, on); got != age {
			t.Errorf("age %d: birth month %s gives %d", age, bm, got)
		}
	}
	// Born "in March" counts as March 1st: on 31 May the child is 2 months.
	if got := (Child{BirthMonth: BirthMonthFromAge(2, MustDate("2026-05-31"))}).AgeOn(MustDate("2026-05-31")); got != 2 {
		t.Errorf("AgeOn = %d", got)
	}
}

func TestDistribution(t *testing.T) {
	d := Distribution([]int{8, 7, 9, 7, 8, 7})
	if got, want := FormatDistribution(d, "zh"), "7月龄 3人 / 8月龄 2人 / 9月龄 1人"; got != want {
		t.Errorf("got %q want %q", got, want)
	}
	if got, want := FormatDistribution(d, "en"), "7 mo: 3 / 8 mo: 2 / 9 mo: 1"; got != want {
		t.Errorf("got %q want %q", got, want)
	}
	if got := FormatDistribution(Distribution(nil), "zh"); got != "" {
		t.Errorf("empty distribution = %q", got)
	}
	d = Distribution([]int{36, 0, 12})
	if d[0].AgeMonths != 0 || d[1].AgeMonths != 12 || d[2].AgeMonths != 36 {
		t.Errorf("not ascending: %v", d)
	}
}

func TestDateAddMonths(t *testing.T) {
	tests := []struct {
		d    string
		n    int
		want string
	}{
		{"2025-01-31", 1, "2025-02-28"},
		{"2024-01-31", 1, "2024-02-29"},
		{"2025-03-31", -1, "2025-02-28"},
		{"2025-01-15", -13, "2023-12-15"},
		{"2025-12-01", 1, "2026-01-01"},
	}
	for _, tt := range tests {
		if got := MustDate(tt.d).AddMonths(tt.n).String(); got != tt.want {
			t.Errorf("%s + %d = %s, want %s", tt.d, tt.n, got, tt.want)
		}
	}
	if _, err := ParseDate("2025-02-30"); err == nil {
		t.Error("2025-02-30 accepted")
	}
}
