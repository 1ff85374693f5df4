package pinyin

import "testing"

// BenchmarkLoad measures reading the embedded dictionary, the cost the first
// pinyin keystroke after start-up pays (the kiosk starts it in the background).
func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := parseDict(dictGz); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCandidates measures one keystroke's work on a long sentence input.
func BenchmarkCandidates(b *testing.B) {
	if err := Load(); err != nil {
		b.Fatal(err)
	}
	e := NewEngine()
	b.ReportAllocs()
	for b.Loop() {
		e.Candidates("jintiandehuodongshunliwancheng", ModeText)
	}
}
