package model

import (
	"strings"
	"testing"
)

func TestValidateAgeBands(t *testing.T) {
	if _, err := ValidateAgeBands(DefaultAgeBands); err != nil {
		t.Fatalf("defaults rejected: %v", err)
	}
	tests := []struct {
		name  string
		bands []AgeBand
		msg   string // part of the Chinese message; "" means valid
	}{
		{"one band", []AgeBand{{0, 36}}, ""},
		{"unsorted is fine", []AgeBand{{19, 36}, {0, 18}}, ""},
		{"overlap", []AgeBand{{0, 6}, {6, 12}, {13, 36}}, "重叠"},
		{"gap inside", []AgeBand{{0, 6}, {8, 36}}, "7-7 月龄没有"},
		{"gap at start", []AgeBand{{1, 36}}, "0-0 月龄没有"},
		{"short of 36", []AgeBand{{0, 30}}, "31-36 月龄没有"},
		{"past 36", []AgeBand{{0, 40}}, "无效"},
		{"reversed", []AgeBand{{9, 7}}, "无效"},
		{"negative", []AgeBand{{-1, 36}}, "无效"},
		{"empty", nil, "至少"},
		{"duplicate", []AgeBand{{0, 36}, {0, 36}}, "重叠"},
	}
	for _, tt := range tests {
		_, err := ValidateAgeBands(tt.bands)
		if tt.msg == "" {
			if err != nil {
				t.Errorf("%s: %v", tt.name, err)
			}
			continue
		}
		var e *Error
		if err == nil {
			t.Errorf("%s: accepted", tt.name)
			continue
		}
		e = err.(*Error)
		if !strings.Contains(e.Message, tt.msg) || e.MessageEN == "" || e.Code != EINVALID {
			t.Errorf("%s: got %#v, want message containing %q", tt.name, e, tt.msg)
		}
	}
}

func TestBandFor(t *testing.T) {
	tests := []struct {
		age  int
		want AgeBand
		ok   bool
	}{
		{0, AgeBand{0, 3}, true}, {3, AgeBand{0, 3}, true}, {4, AgeBand{4, 6}, true},
		{9, AgeBand{7, 9}, true}, {13, AgeBand{13, 18}, true}, {36, AgeBand{31, 36}, true},
		{37, AgeBand{}, false}, {-1, AgeBand{}, false},
	}
	for _, tt := range tests {
		got, ok := BandFor(DefaultAgeBands, tt.age)
		if got != tt.want || ok != tt.ok {
			t.Errorf("BandFor(%d) = %v,%v want %v,%v", tt.age, got, ok, tt.want, tt.ok)
		}
	}
}

func TestParseAgeBand(t *testing.T) {
	for _, s := range []string{"7-9", "7–9", "7~9月龄", " 7 - 9 "} {
		b, err := ParseAgeBand(s)
		if err != nil || b != (AgeBand{7, 9}) {
			t.Errorf("ParseAgeBand(%q) = %v, %v", s, b, err)
		}
	}
	for _, s := range []string{"", "7", "a-b", "9-7", "30-40"} {
		if _, err := ParseAgeBand(s); err == nil {
			t.Errorf("ParseAgeBand(%q) accepted", s)
		}
	}
	if got := (AgeBand{7, 9}).String(); got != "7-9月龄" {
		t.Errorf("String = %q", got)
	}
}
