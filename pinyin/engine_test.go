package pinyin

import (
	"strings"
	"testing"
)

// first returns the first candidate's text, or "".
func first(cs []Candidate) string {
	if len(cs) == 0 {
		return ""
	}
	return cs[0].Text
}

// rank returns where text is in cs, or -1.
func rank(cs []Candidate, text string) int {
	for i, c := range cs {
		if c.Text == text {
			return i
		}
	}
	return -1
}

func TestFullPinyinWords(t *testing.T) {
	e := NewEngine()
	for in, want := range map[string]string{
		"xiaoming": "小明", "haizi": "孩子", "jiazhang": "家长", "huodong": "活动", "xi'an": "西安", "baobao": "宝宝",
	} {
		if got := first(e.Candidates(in, ModeText)); got != want {
			t.Errorf("%s: first candidate %q, want %q", in, got, want)
		}
	}
}

func TestAbbreviationsOfferWords(t *testing.T) {
	e := NewEngine()
	cs := e.Candidates("xm", ModeText)
	if r := rank(cs, "小明"); r < 0 || r >= 4*DefaultPageSize {
		t.Fatalf("xm: 小明 at %d, want within four pages", r)
	}
	for _, c := range cs[:5] {
		if len([]rune(c.Text)) != 2 || c.Len != 2 {
			t.Errorf("xm: %q (len %d) is not a two-character word for both letters", c.Text, c.Len)
		}
	}
	e.LearnNames("王小明")
	if got := first(e.Candidates("xm", ModeText)); got != "小明" {
		t.Errorf("xm after learning 王小明: first %q", got)
	}
	if got := first(e.Candidates("wxm", ModeName)); got != "王小明" {
		t.Errorf("wxm after learning 王小明: first %q", got)
	}
}

func TestSentenceBySegmentation(t *testing.T) {
	e := NewEngine()
	cs := e.Candidates("jintiandehuodongshunliwancheng", ModeText)
	if len(cs) == 0 || cs[0].Text != "今天的活动顺利完成" || !cs[0].Sentence || cs[0].Len != 30 {
		t.Fatalf("sentence: %+v", cs[:min(3, len(cs))])
	}
	if cs[1].Text != "今天" || cs[1].Len != 7 {
		t.Errorf("after the sentence, the longest word from the start: %+v", cs[1])
	}
}

func TestNamesComeFirstInNameFields(t *testing.T) {
	e := NewEngine()
	if got := first(e.Candidates("wangxiaoming", ModeText)); got == "王小明" {
		t.Logf("text mode already gives 王小明")
	}
	for in, want := range map[string]string{"wangxiaoming": "王小明", "li": "李", "zhangyuxuan": "张宇轩"} {
		if got := first(e.Candidates(in, ModeName)); got != want {
			t.Errorf("name %s: first %q, want %q", in, got, want)
		}
	}
	if got := first(e.Candidates("xiaoming", ModeGivenName)); got != "小明" {
		t.Errorf("given name xiaoming: %q", got)
	}
}

func TestComposerPicksPartsAndLearnsThePhrase(t *testing.T) {
	e := NewEngine()
	c := NewComposer(e, ModeText)
	typeAll(c, "baobaochifan")
	if !c.Active() || c.Letters() != "baobaochifan" {
		t.Fatalf("composing %q", c.Letters())
	}
	if text, done := pickText(t, c, "宝宝"); done || text != "" {
		t.Fatalf("picking a part committed %q", text)
	}
	if c.Letters() != "chifan" || c.Picked() != "宝宝" {
		t.Fatalf("after a part: letters %q picked %q", c.Letters(), c.Picked())
	}
	c.Backspace() // "chifa"
	c.Backspace()
	c.Backspace()
	c.Backspace()
	c.Backspace()
	c.Backspace() // no letters left: takes back 宝宝
	c.Backspace()
	if c.Picked() != "" || c.Letters() != "baobao" {
		t.Fatalf("backspace past the letters takes back the pick: letters %q picked %q", c.Letters(), c.Picked())
	}
	c.Cancel()
	typeAll(c, "baobaochifan")
	pickText(t, c, "宝宝")
	text, done := pickText(t, c, "吃饭")
	if !done || text != "宝宝吃饭" || c.Active() {
		t.Fatalf("second pick: %q %v active %v", text, done, c.Active())
	}
	typeAll(c, "bbcf")
	if got := first(c.Page()); got != "宝宝吃饭" {
		t.Errorf("the phrase put together is offered whole next time (bbcf): %q", got)
	}
	c.Cancel()
}

func TestComposerEnterKeepsLettersAndPages(t *testing.T) {
	e := NewEngine()
	c := NewComposer(e, ModeText)
	typeAll(c, "shi")
	p1 := c.Page()
	c.NextPage()
	if n, total := c.PageNumber(); n != 2 || total < 3 {
		t.Fatalf("page %d of %d", n, total)
	}
	if first(c.Page()) == first(p1) {
		t.Error("the next page shows other candidates")
	}
	c.PrevPage()
	c.PrevPage()
	if n, _ := c.PageNumber(); n != 1 {
		t.Errorf("page %d after going back past the first", n)
	}
	if got := c.Commit(); got != "shi" || c.Active() {
		t.Errorf("commit raw: %q", got)
	}
	if c.Type('A') || c.Type('\'') {
		t.Error("capitals and a leading apostrophe are not composed")
	}
}

func TestLearnTextRanksTheStationsWords(t *testing.T) {
	e := NewEngine()
	if first(e.Candidates("fushi", ModeText)) == "辅食" {
		t.Skip("the dictionary already prefers 辅食")
	}
	e.LearnText("辅食添加：6月龄开始添加辅食", "辅食的质地，月龄大一点可以加颗粒")
	if got := first(e.Candidates("fushi", ModeText)); got != "辅食" {
		t.Errorf("fushi after the station wrote 辅食: %q", got)
	}
	if got := first(e.Candidates("yueling", ModeText)); got != "月龄" {
		t.Errorf("yueling after the station wrote 月龄 twice: %q", got)
	}
}

func TestDictionaryReadings(t *testing.T) {
	if err := Load(); err != nil {
		t.Fatal(err)
	}
	if len(loadedDict.entries) < 50000 || len(loadedDict.syllables) < 400 {
		t.Fatalf("%d entries, %d syllables", len(loadedDict.entries), len(loadedDict.syllables))
	}
	if r, ok := loadedDict.reading("孩子"); !ok || strings.Join(r, " ") != "hai zi" {
		t.Errorf("reading of 孩子: %v", r)
	}
}

func typeAll(c *Composer, s string) {
	for _, r := range s {
		c.Type(r)
	}
}

// pickText finds text on the candidate pages and picks it.
func pickText(t *testing.T, c *Composer, text string) (string, bool) {
	t.Helper()
	for range 20 {
		for i, cand := range c.Page() {
			if cand.Text == text {
				return c.Pick(i)
			}
		}
		c.NextPage()
	}
	t.Fatalf("%q not among the candidates for %q", text, c.Letters())
	return "", false
}

func TestFixedEngineLearnsNothing(t *testing.T) {
	e := NewFixedEngine()
	e.LearnNames("王梓涵")
	c := NewComposer(e, ModeName)
	typeAll(c, "wangzihan")
	pickText(t, c, "王")
	pickText(t, c, "梓")
	if text, done := pickText(t, c, "涵"); !done || text != "王梓涵" {
		t.Fatalf("typed %q", text)
	}
	typeAll(c, "wzh")
	if r := rank(c.cands, "王梓涵"); r >= 0 {
		t.Errorf("a fixed engine offers a name typed before at %d", r)
	}
}
