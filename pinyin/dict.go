package pinyin

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

//go:generate go run ../tools/pinyindict -out dict.gz

//go:embed dict.gz
var dictGz []byte

// syllable is an index into dict.syllables.
type syllable = uint16

// entry is one word of a dictionary with its reading.
type entry struct {
	text string
	syl  []syllable
	logp float64 // natural log of its share of all weights
}

// trie indexes entries by their syllables.
type trie struct {
	nodes []trieNode
}

type trieNode struct {
	kids  []trieEdge // sorted by syllable
	words []int32    // entries ending here, best first
}

type trieEdge struct {
	s    syllable
	node int32
}

func newTrie() *trie { return &trie{nodes: make([]trieNode, 1)} }

// child returns the node under n for syllable s, or -1.
func (t *trie) child(n int32, s syllable) int32 {
	kids := t.nodes[n].kids
	i := sort.Search(len(kids), func(i int) bool { return kids[i].s >= s })
	if i < len(kids) && kids[i].s == s {
		return kids[i].node
	}
	return -1
}

// add puts entry id under its syllables.
func (t *trie) add(syl []syllable, id int32) {
	n := int32(0)
	for _, s := range syl {
		c := t.child(n, s)
		if c < 0 {
			c = int32(len(t.nodes))
			t.nodes = append(t.nodes, trieNode{})
			kids := t.nodes[n].kids
			i := sort.Search(len(kids), func(i int) bool { return kids[i].s >= s })
			kids = append(kids, trieEdge{})
			copy(kids[i+1:], kids[i:])
			kids[i] = trieEdge{s: s, node: c}
			t.nodes[n].kids = kids
		}
		n = c
	}
	t.nodes[n].words = append(t.nodes[n].words, id)
}

// dict is the embedded dictionary, read once and never changed.
type dict struct {
	syllables  []string
	index      map[string]syllable
	entries    []entry
	trie       *trie
	byText     map[string]int32
	byTextOnce sync.Once
	// charLogp is each character's best log frequency.
	charLogp map[rune]float64
	// readings gives each character's readings, likeliest first.
	readings map[rune][]syllable
	// bySyllableStart lists, for each first letter, the syllables starting with it.
	byLetter [26][]syllable
	total    float64
}

var (
	loadOnce   sync.Once
	loadedDict *dict
	loadErr    error
)

// Load reads the embedded dictionary if it has not been read yet. Every use
// loads it on demand; calling Load early (in the background) hides the cost
// from the first keystroke.
func Load() error {
	loadOnce.Do(func() { loadedDict, loadErr = parseDict(dictGz) })
	return loadErr
}

func parseDict(gz []byte) (*dict, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, fmt.Errorf("pinyin dictionary: %w", err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("pinyin dictionary: %w", err)
	}
	data := string(raw) // one string; every word is a slice of it
	n := strings.Count(data, "\n")
	d := &dict{index: make(map[string]syllable, 512), trie: newTrie(), readings: make(map[rune][]syllable, 8192),
		charLogp: make(map[rune]float64, 8192), entries: make([]entry, 0, n)}
	weights := make([]float64, 0, n)
	syls := make([]syllable, 0, 2*n)
	for line := range strings.Lines(data) {
		sylText, rest, ok1 := strings.Cut(strings.TrimSuffix(line, "\n"), "\t")
		text, wtext, ok2 := strings.Cut(rest, "\t")
		w, err := strconv.ParseFloat(wtext, 64)
		if !ok1 || !ok2 || err != nil {
			return nil, fmt.Errorf("pinyin dictionary: bad line %q", line)
		}
		from := len(syls)
		for s := range strings.FieldsSeq(sylText) {
			syls = append(syls, d.intern(s))
		}
		d.entries = append(d.entries, entry{text: text, syl: syls[from:len(syls):len(syls)]})
		weights = append(weights, w)
		d.total += w
	}
	for i := range d.entries {
		d.addEntry(int32(i), weights[i])
	}
	for i, s := range d.syllables {
		d.byLetter[s[0]-'a'] = append(d.byLetter[s[0]-'a'], syllable(i))
	}
	return d, nil
}

// addEntry scores entry id and indexes it. The file is sorted by reading and
// then by weight, best first, so each trie node's words arrive in order; a
// character's readings are sorted as they come.
func (d *dict) addEntry(id int32, weight float64) {
	e := &d.entries[id]
	e.logp = math.Log((weight + 1) / d.total)
	d.trie.add(e.syl, id)
	if len(e.syl) != 1 {
		return
	}
	c, _ := utf8.DecodeRuneInString(e.text)
	if best, ok := d.charLogp[c]; !ok || e.logp > best {
		d.charLogp[c] = e.logp
	}
	rs := append(d.readings[c], e.syl[0])
	for k := len(rs) - 1; k > 0 && d.readingLogp(c, rs[k]) > d.readingLogp(c, rs[k-1]); k-- {
		rs[k], rs[k-1] = rs[k-1], rs[k]
	}
	d.readings[c] = rs
}

// readingLogp is the log frequency of character c read as s.
func (d *dict) readingLogp(c rune, s syllable) float64 {
	n := d.trie.child(0, s)
	for _, id := range d.trie.nodes[n].words {
		if r, _ := utf8.DecodeRuneInString(d.entries[id].text); r == c {
			return d.entries[id].logp
		}
	}
	return math.Inf(-1)
}

// textIndex maps each word to its best entry; it is built on first use (by
// learning), not at load.
func (d *dict) textIndex() map[string]int32 {
	d.byTextOnce.Do(func() {
		d.byText = make(map[string]int32, len(d.entries))
		for i := len(d.entries) - 1; i >= 0; i-- {
			t := d.entries[i].text
			if j, ok := d.byText[t]; !ok || d.entries[j].logp <= d.entries[i].logp {
				d.byText[t] = int32(i)
			}
		}
	})
	return d.byText
}

func (d *dict) intern(s string) syllable {
	if i, ok := d.index[s]; ok {
		return i
	}
	i := syllable(len(d.syllables))
	d.syllables = append(d.syllables, s)
	d.index[s] = i
	return i
}

// reading returns the syllables of text as pinyin, likeliest reading of each
// character, or false when a character has none.
func (d *dict) reading(text string) ([]string, bool) {
	var out []string
	for _, c := range text {
		rs := d.readings[c]
		if len(rs) == 0 {
			return nil, false
		}
		out = append(out, d.syllables[rs[0]])
	}
	return out, true
}
