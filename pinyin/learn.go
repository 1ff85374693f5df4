package pinyin

import (
	"math"
	"strings"
	"unicode"
)

// How much the station's own words weigh. A learned name is about as likely
// as an everyday two-character word, and more so the more often it was seen;
// a dictionary word the station writes gains 1, and stationBoost per e-fold
// of use.
const (
	nameLogp     = -6.0
	ownWordLogp  = -10.0
	stationBoost = 2.5
	// maxReadings bounds the readings tried per character of a learned word.
	maxReadings = 2
	// maxLearnedLen is the longest run of unknown characters learned as a word.
	maxLearnedLen = 4
)

// LearnNames teaches the engine people's names: each full name and its given
// name become words, so 王小明 comes first for wangxiaoming once the station
// knows him. Names that are not all Han characters are skipped.
func (e *Engine) LearnNames(names ...string) {
	if e.fixed || Load() != nil {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, n := range names {
		n = strings.TrimSpace(n)
		if !allHan(n) || len([]rune(n)) < 2 || len([]rune(n)) > 5 {
			continue
		}
		_, given := splitName(n)
		for _, w := range []string{n, given} {
			if len([]rune(w)) < 2 {
				continue
			}
			e.counts["\x01"+w]++
			e.addReadings(w, nameLogp+math.Log(float64(e.counts["\x01"+w])))
		}
	}
}

// LearnText teaches the engine the words of texts the station wrote (titles,
// notes, summaries): dictionary words found in them rank higher, and a run of
// two to four characters the dictionary only knows one by one, seen twice,
// becomes a word (月龄, 照护).
func (e *Engine) LearnText(texts ...string) {
	if e.fixed || Load() != nil {
		return
	}
	d := loadedDict
	e.mu.Lock()
	defer e.mu.Unlock()
	runs := map[string]int{}
	for _, t := range texts {
		for _, seg := range hanRuns(t) {
			words := d.segment(seg)
			var single []rune
			flush := func() {
				if n := len(single); n >= 2 && n <= maxLearnedLen {
					runs[string(single)]++
				}
				single = single[:0]
			}
			for _, w := range words {
				if len([]rune(w)) == 1 {
					single = append(single, []rune(w)...)
					continue
				}
				flush()
				e.counts[w]++
				e.boost[w] = 1 + stationBoost*math.Log(1+float64(e.counts[w]))
			}
			flush()
		}
	}
	for w, n := range runs {
		e.counts["\x02"+w] += n
		if c := e.counts["\x02"+w]; c >= 2 {
			e.addReadings(w, ownWordLogp+math.Log(float64(c)))
		}
	}
}

// learnPhrase keeps text put together from several picks, read as syl, so
// typing it again offers it whole.
func (e *Engine) learnPhrase(text string, syl []syllable) {
	if len(syl) == 0 || len(syl) > maxWordSyllables {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.fixed {
		return
	}
	e.counts["\x03"+text]++
	e.addOwn(text, append([]syllable(nil), syl...), ownWordLogp+math.Log(float64(e.counts["\x03"+text])))
}

// addReadings adds w under every combination of its characters' likeliest
// readings.
func (e *Engine) addReadings(w string, logp float64) {
	d := loadedDict
	combos := [][]syllable{nil}
	for _, c := range w {
		rs := d.readings[c]
		if len(rs) == 0 {
			return
		}
		if len(rs) > maxReadings {
			rs = rs[:maxReadings]
		}
		var next [][]syllable
		for _, p := range combos {
			for _, r := range rs {
				next = append(next, append(append([]syllable(nil), p...), r))
			}
		}
		combos = next
	}
	for _, syl := range combos {
		e.addOwn(w, syl, logp)
	}
}

// segment splits a run of Han characters into the likeliest dictionary words
// (each character alone when no word holds it).
func (d *dict) segment(s string) []string {
	byText := d.textIndex()
	rs := []rune(s)
	score := make([]float64, len(rs)+1)
	from := make([]int, len(rs)+1)
	for i := 1; i <= len(rs); i++ {
		score[i] = math.Inf(-1)
		for j := max(0, i-maxWordSyllables); j < i; j++ {
			lp := math.Log(1 / d.total)
			if id, ok := byText[string(rs[j:i])]; ok {
				lp = d.entries[id].logp
			} else if i-j > 1 {
				continue
			}
			if v := score[j] + lp - penWord; v > score[i] {
				score[i], from[i] = v, j
			}
		}
	}
	var out []string
	for i := len(rs); i > 0; i = from[i] {
		out = append(out, string(rs[from[i]:i]))
	}
	for a, b := 0, len(out)-1; a < b; a, b = a+1, b-1 {
		out[a], out[b] = out[b], out[a]
	}
	return out
}

// hanRuns returns the runs of Han characters in s.
func hanRuns(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.Is(unicode.Han, r) })
}

func allHan(s string) bool {
	for _, r := range s {
		if !unicode.Is(unicode.Han, r) {
			return false
		}
	}
	return s != ""
}
