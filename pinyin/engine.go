package pinyin

import (
	"math"
	"sort"
	"strings"
	"sync"
)

// Mode tells the engine what a field holds.
type Mode int

const (
	// ModeText is ordinary text: titles, notes, summaries.
	ModeText Mode = iota
	// ModeName is a person's name: surnames and given-name characters first.
	ModeName
	// ModeGivenName is the rest of a name whose surname is already there.
	ModeGivenName
)

// Candidate is one choice offered for the letters being composed.
type Candidate struct {
	// Text is what a pick inserts.
	Text string
	// Len is how many bytes of the composed letters, from the start, it
	// stands for; picking it leaves the rest to compose.
	Len int
	// Sentence marks the whole input segmented into several words.
	Sentence bool

	syl   []syllable
	score float64
}

// maxCandidates bounds the list a composition pages through.
const maxCandidates = 90

// Engine ranks candidates from the embedded dictionary and what it has learned
// of the station's own names and words. It is safe for concurrent use; the
// dictionary itself is loaded once for all engines, on first use.
type Engine struct {
	mu sync.Mutex
	// boost raises dictionary words the station writes, by text.
	boost map[string]float64
	// own holds words the dictionary lacks: names, the station's terms,
	// phrases put together from several picks.
	own     *trie
	ownWord []entry
	ownText map[string]int32
	counts  map[string]int
	// fixed engines learn nothing, not even from picks.
	fixed bool
}

// NewEngine returns an engine with nothing learned yet.
func NewEngine() *Engine {
	return &Engine{boost: map[string]float64{}, own: newTrie(), ownText: map[string]int32{}, counts: map[string]int{}}
}

// NewFixedEngine returns an engine that never learns, for fields where one
// person's typing must not show in another's candidates (a screen that faces
// families: one family's child's name never offered to the next).
func NewFixedEngine() *Engine {
	e := NewEngine()
	e.fixed = true
	return e
}

// Candidates ranks the choices for in, lower-case pinyin letters with
// optional apostrophes between syllables: the best sentence over the whole
// input first when it takes several words, then words that take all the
// letters, then words that take a beginning of them, longest first. In a
// name the characters and words come by score alone: names are picked a
// character at a time as often as whole.
func (e *Engine) Candidates(in string, mode Mode) []Candidate {
	if Load() != nil || in == "" {
		return nil
	}
	d := loadedDict
	if len(in) > maxInput {
		in = in[:maxInput]
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	arcs := d.arcs(in)
	best := map[string]Candidate{}
	e.visit(d, arcs, 0, false, mode, func(c Candidate) {
		if b, ok := best[c.Text]; !ok || c.Len > b.Len || (c.Len == b.Len && c.score > b.score) {
			best[c.Text] = c
		}
	})
	list := make([]Candidate, 0, len(best)+1)
	for _, c := range best {
		list = append(list, c)
	}
	byScore := mode == ModeName || mode == ModeGivenName
	sort.Slice(list, func(i, j int) bool {
		a, b := list[i], list[j]
		if a.Len != b.Len && !byScore {
			return a.Len > b.Len
		}
		if a.score != b.score {
			return a.score > b.score
		}
		return a.Text < b.Text
	})
	if byScore {
		// The best reading of all the letters still comes first.
		for i, c := range list {
			if c.Len == len(in) {
				copy(list[1:i+1], list[:i])
				list[0] = c
				break
			}
		}
	}
	if s, ok := e.sentence(d, arcs, mode); ok && (len(list) == 0 || list[0].Text != s.Text) {
		list = append([]Candidate{s}, list...)
		for i := 1; i < len(list); i++ {
			if list[i].Text == s.Text {
				list = append(list[:i], list[i+1:]...)
				break
			}
		}
	}
	if len(list) > maxCandidates {
		list = list[:maxCandidates]
	}
	return list
}

// visit walks the dictionary and the learned words from start, calling fn
// with each match scored.
func (e *Engine) visit(d *dict, arcs [][]arc, start int, fullOnly bool, mode Mode, fn func(Candidate)) {
	for _, src := range []struct {
		t   *trie
		es  []entry
		own bool
	}{{d.trie, d.entries, false}, {e.own, e.ownWord, true}} {
		walk(src.t, arcs, start, fullOnly, func(id int32, end int, pen float64, syl []syllable) {
			w := &src.es[id]
			score := w.logp + e.boost[w.text] - pen
			if !src.own { // the station's own words are names already
				score += nameBonus(mode, w.text, start)
			}
			fn(Candidate{Text: w.text, Len: end, syl: append([]syllable(nil), syl...), score: score})
		})
	}
}

// sentence segments the whole input into the likeliest words (full
// syllables only, the last one possibly unfinished); ok is false when no
// segmentation exists or it is a single word.
func (e *Engine) sentence(d *dict, arcs [][]arc, mode Mode) (Candidate, bool) {
	n := len(arcs)
	type step struct {
		score float64
		from  int
		c     Candidate
		ok    bool
	}
	best := make([]step, n+1)
	best[0].ok = true
	for p := 0; p < n; p++ {
		if !best[p].ok || len(arcs[p]) == 0 {
			continue
		}
		e.visit(d, arcs, p, true, mode, func(c Candidate) {
			s := best[p].score + c.score - penWord
			if !best[c.Len].ok || s > best[c.Len].score {
				best[c.Len] = step{score: s, from: p, c: c, ok: true}
			}
		})
	}
	if !best[n].ok {
		return Candidate{}, false
	}
	var words []Candidate
	for p := n; p > 0; p = best[p].from {
		words = append(words, best[p].c)
	}
	if len(words) < 2 {
		return Candidate{}, false
	}
	var text strings.Builder
	var syl []syllable
	for i := len(words) - 1; i >= 0; i-- {
		text.WriteString(words[i].Text)
		syl = append(syl, words[i].syl...)
	}
	return Candidate{Text: text.String(), Len: n, Sentence: true, syl: syl, score: best[n].score}, true
}

// addOwn adds a word the dictionary lacks (or a new reading of one) with a
// log probability; an existing one keeps the higher.
func (e *Engine) addOwn(text string, syl []syllable, logp float64) {
	key := text + "\x00" + string(sylKey(syl))
	if id, ok := e.ownText[key]; ok {
		e.ownWord[id].logp = math.Max(e.ownWord[id].logp, logp)
		return
	}
	id := int32(len(e.ownWord))
	e.ownWord = append(e.ownWord, entry{text: text, syl: syl, logp: logp})
	e.ownText[key] = id
	e.own.add(syl, id)
}

func sylKey(syl []syllable) []rune {
	r := make([]rune, len(syl))
	for i, s := range syl {
		r[i] = rune(s) + 1
	}
	return r
}

// used notes a word committed from the candidates, so it ranks a little
// higher next time.
func (e *Engine) used(text string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.fixed {
		return
	}
	e.counts["\x04"+text]++
	e.boost[text] = math.Max(e.boost[text], stationBoost*math.Log(1+float64(e.counts["\x04"+text])))
}
