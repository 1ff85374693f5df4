package pinyin

import "strings"

// arcKind says how a syllable matched the typed letters.
type arcKind uint8

const (
	arcFull    arcKind = iota // the whole syllable was typed
	arcPartial                // the input ends inside the syllable (still typing)
	arcAbbr                   // only its initial was typed (xm for xiao ming)
)

// Penalties in log-probability units for letters that stand for more.
const (
	penPartial = 3.0
	penAbbr    = 2.5
	// penWord is paid for every word of a sentence, so fewer, longer
	// words win over a string of single characters of the same reading.
	penWord = 1.0
	// maxInput caps the letters of one composition.
	maxInput = 60
	// maxWordSyllables caps the syllables of one word looked up.
	maxWordSyllables = 8
)

// arc is one way a syllable matches the input from a position.
type arc struct {
	s    syllable
	end  int
	kind arcKind
}

func (a arc) pen() float64 {
	switch a.kind {
	case arcPartial:
		return penPartial
	case arcAbbr:
		return penAbbr
	}
	return 0
}

// arcs lists, for each position of in, the syllables that can start there.
// An apostrophe separates syllables; it is skipped after a match.
func (d *dict) arcs(in string) [][]arc {
	out := make([][]arc, len(in))
	for p := 0; p < len(in); p++ {
		c := in[p]
		if c < 'a' || c > 'z' {
			continue
		}
		q := strings.IndexByte(in[p:], '\'')
		rest := in[p:]
		if q >= 0 {
			rest = in[p : p+q]
		}
		atEnd := q < 0
		for _, s := range d.byLetter[c-'a'] {
			str := d.syllables[s]
			switch {
			case strings.HasPrefix(rest, str):
				out[p] = append(out[p], arc{s, skipApos(in, p+len(str)), arcFull})
				continue
			case atEnd && strings.HasPrefix(str, rest):
				out[p] = append(out[p], arc{s, len(in), arcPartial})
				continue
			}
			ini := initial(str)
			if strings.HasPrefix(rest, ini) {
				out[p] = append(out[p], arc{s, skipApos(in, p+len(ini)), arcAbbr})
			} else if len(ini) == 2 {
				// z, c and s stand for zh, ch and sh too.
				out[p] = append(out[p], arc{s, skipApos(in, p+1), arcAbbr})
			}
		}
	}
	return out
}

// initial is the part of a syllable an abbreviation types: zh, ch, sh, or
// its first letter.
func initial(s string) string {
	if len(s) > 2 && s[1] == 'h' && (s[0] == 'z' || s[0] == 'c' || s[0] == 's') {
		return s[:2]
	}
	return s[:1]
}

func skipApos(in string, p int) int {
	for p < len(in) && in[p] == '\'' {
		p++
	}
	return p
}

// walk visits every word of t whose syllables match in from start, calling
// emit with the word, where its letters end, the penalty of its arcs and its
// syllables. With fullOnly, abbreviated syllables are not followed.
func walk(t *trie, arcs [][]arc, start int, fullOnly bool, emit func(id int32, end int, pen float64, syl []syllable)) {
	path := make([]syllable, 0, maxWordSyllables)
	var rec func(n int32, p int, pen float64)
	rec = func(n int32, p int, pen float64) {
		if len(path) > 0 {
			for _, id := range t.nodes[n].words {
				emit(id, p, pen, path)
			}
		}
		if p >= len(arcs) || len(path) >= maxWordSyllables {
			return
		}
		for _, a := range arcs[p] {
			if fullOnly && a.kind == arcAbbr {
				continue
			}
			if c := t.child(n, a.s); c >= 0 {
				path = append(path, a.s)
				rec(c, a.end, pen+a.pen())
				path = path[:len(path)-1]
			}
		}
	}
	rec(0, start, 0)
}
