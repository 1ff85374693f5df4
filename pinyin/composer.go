package pinyin

import "strings"

// DefaultPageSize is how many candidates a page shows (picked with 1–5).
const DefaultPageSize = 5

// Composer is one composition in a text field: the letters typed, the
// candidates for them a page at a time, and the words picked so far. It knows
// nothing of keys or screens.
type Composer struct {
	eng      *Engine
	mode     Mode
	pageSize int
	in       string
	picks    []pick
	cands    []Candidate
	page     int
}

type pick struct {
	text, letters string
	syl           []syllable
}

// NewComposer starts an empty composition for a field of the given mode.
func NewComposer(e *Engine, mode Mode) *Composer {
	return &Composer{eng: e, mode: mode, pageSize: DefaultPageSize}
}

// SetMode changes what the field is taken to hold (a name's surname already
// typed, say); it applies from the next keystroke.
func (c *Composer) SetMode(m Mode) { c.mode = m }

// Active reports whether letters or picks are waiting to be committed.
func (c *Composer) Active() bool { return c.in != "" || len(c.picks) > 0 }

// Letters returns the letters still being composed.
func (c *Composer) Letters() string { return c.in }

// Picked returns the text picked so far in this composition.
func (c *Composer) Picked() string {
	var b strings.Builder
	for _, p := range c.picks {
		b.WriteString(p.text)
	}
	return b.String()
}

// Type adds a lower-case letter, or an apostrophe between syllables. It
// reports whether the character was taken.
func (c *Composer) Type(ch rune) bool {
	switch {
	case ch >= 'a' && ch <= 'z':
	case ch == '\'' && c.in != "" && !strings.HasSuffix(c.in, "'"):
	default:
		return false
	}
	if len(c.in) >= maxInput {
		return true
	}
	c.in += string(ch)
	c.refresh()
	return true
}

// Full reports whether the composition holds as many letters as it can: a
// further letter is not taken until something is picked.
func (c *Composer) Full() bool { return len(c.in) >= maxInput }

// Backspace removes the last letter; with no letters left it takes back the
// last pick, its letters composing again.
func (c *Composer) Backspace() {
	switch {
	case c.in != "":
		c.in = c.in[:len(c.in)-1]
	case len(c.picks) > 0:
		last := c.picks[len(c.picks)-1]
		c.picks = c.picks[:len(c.picks)-1]
		c.in = last.letters
	}
	c.refresh()
}

// Page returns the candidates of the current page.
func (c *Composer) Page() []Candidate {
	from := c.page * c.pageSize
	to := min(from+c.pageSize, len(c.cands))
	if from >= to {
		return nil
	}
	return c.cands[from:to]
}

// PageNumber returns the current page, from 1, and how many there are.
func (c *Composer) PageNumber() (int, int) {
	n := (len(c.cands) + c.pageSize - 1) / c.pageSize
	return c.page + 1, n
}

// NextPage and PrevPage turn the candidate pages; they stop at the ends.
func (c *Composer) NextPage() {
	if (c.page+1)*c.pageSize < len(c.cands) {
		c.page++
	}
}

// PrevPage shows the previous page of candidates.
func (c *Composer) PrevPage() {
	if c.page > 0 {
		c.page--
	}
}

// Pick chooses candidate i (from 0) of the current page. When it stands for
// all the letters, the composition is done and its text returned with
// done true; otherwise the rest of the letters go on composing. With no
// letters left (all picked), Pick commits what was picked.
func (c *Composer) Pick(i int) (text string, done bool) {
	if c.in == "" {
		if len(c.picks) == 0 {
			return "", false
		}
		return c.Commit(), true
	}
	page := c.Page()
	if i < 0 || i >= len(page) {
		return "", false
	}
	cand := page[i]
	c.picks = append(c.picks, pick{text: cand.Text, letters: c.in[:cand.Len], syl: cand.syl})
	c.in = strings.TrimLeft(c.in[cand.Len:], "'")
	if c.in != "" {
		c.refresh()
		return "", false
	}
	text = c.Picked()
	c.learn()
	c.reset()
	c.eng.used(text)
	return text, true
}

// Commit ends the composition with what was picked and the letters still
// composing as typed (Enter: the raw letters).
func (c *Composer) Commit() string {
	text := c.Picked() + c.in
	c.reset()
	return text
}

// Cancel drops the composition.
func (c *Composer) Cancel() { c.reset() }

func (c *Composer) reset() {
	c.in, c.picks, c.cands, c.page = "", nil, nil, 0
}

func (c *Composer) refresh() {
	c.page = 0
	c.cands = nil
	if c.in == "" {
		return
	}
	mode := c.mode
	if mode == ModeName && len(c.picks) > 0 {
		mode = ModeGivenName
	}
	c.cands = c.eng.Candidates(c.in, mode)
}

// learn keeps a text put together from several picks as one word.
func (c *Composer) learn() {
	if len(c.picks) < 2 {
		return
	}
	var syl []syllable
	for _, p := range c.picks {
		if len(p.syl) == 0 {
			return
		}
		syl = append(syl, p.syl...)
	}
	c.eng.learnPhrase(c.Picked(), syl)
}
