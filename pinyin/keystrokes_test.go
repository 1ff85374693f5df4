package pinyin

import (
	"strings"
	"testing"
	"unicode"
)

// childNames are fifty names of the kind families bring to the sessions, with
// their pinyin as a caregiver types it.
var childNames = []struct{ name, pinyin string }{
	{"王梓涵", "wang zi han"}, {"李欣怡", "li xin yi"}, {"张宇轩", "zhang yu xuan"}, {"刘一诺", "liu yi nuo"},
	{"陈浩然", "chen hao ran"}, {"杨子墨", "yang zi mo"}, {"黄诗涵", "huang shi han"}, {"赵俊熙", "zhao jun xi"},
	{"吴雨桐", "wu yu tong"}, {"周沐宸", "zhou mu chen"}, {"徐若汐", "xu ruo xi"}, {"孙嘉怡", "sun jia yi"},
	{"马思远", "ma si yuan"}, {"朱可馨", "zhu ke xin"}, {"胡睿泽", "hu rui ze"}, {"郭芷若", "guo zhi ruo"},
	{"何宇航", "he yu hang"}, {"高语桐", "gao yu tong"}, {"林子轩", "lin zi xuan"}, {"罗佳琪", "luo jia qi"},
	{"郑博文", "zheng bo wen"}, {"梁欣妍", "liang xin yan"}, {"谢承泽", "xie cheng ze"}, {"宋雨萱", "song yu xuan"},
	{"唐梓睿", "tang zi rui"}, {"许晨阳", "xu chen yang"}, {"韩依诺", "han yi nuo"}, {"冯子豪", "feng zi hao"},
	{"邓紫涵", "deng zi han"}, {"曹思琪", "cao si qi"}, {"彭浩宇", "peng hao yu"}, {"曾梓萱", "zeng zi xuan"},
	{"肖一鸣", "xiao yi ming"}, {"田甜", "tian tian"}, {"董瑞", "dong rui"}, {"袁诗琪", "yuan shi qi"},
	{"潘俊杰", "pan jun jie"}, {"于晓晴", "yu xiao qing"}, {"蒋安琪", "jiang an qi"}, {"蔡明轩", "cai ming xuan"},
	{"余佳怡", "yu jia yi"}, {"杜宇辰", "du yu chen"}, {"叶梓萌", "ye zi meng"}, {"程思彤", "cheng si tong"},
	{"苏沐阳", "su mu yang"}, {"魏嘉豪", "wei jia hao"}, {"吕欣然", "lv xin ran"}, {"丁子航", "ding zi hang"},
	{"任可欣", "ren ke xin"}, {"沈一宁", "shen yi ning"},
}

// summarySentences are ten sentences of the kind an instructor writes in the
// 活动总结 of a session for children under three and their caregivers.
var summarySentences = []string{
	"本次活动衔接上次的辅食添加内容，家长反馈孩子吃饭情况有改善。",
	"家长们积极参与亲子游戏，宝宝们情绪稳定，配合良好。",
	"活动中有一名宝宝哭闹，妈妈抱起安抚后很快平静下来。",
	"本次活动没有发生突发事件。",
	"指导员示范了怎样给宝宝读绘本，请家长回家后每天陪孩子读十分钟。",
	"有几位奶奶带孩子参加，对回应性照护的理解还需要加强。",
	"下次活动请家长带上孩子的水杯和小毛巾。",
	"宝宝们在爬行游戏中表现很好，大动作发展有明显进步。",
	"家长分享了孩子晚上睡眠不好的问题，大家一起讨论了解决办法。",
	"活动结束后发放了安全与保护的宣传资料，提醒家长注意居家安全。",
}

// typist types like a caregiver or instructor who thinks in words and watches
// the candidates: letter by letter through the full pinyin, pressing space as
// soon as the first candidate is the right text up to the end of a word, or a
// digit when the word's pinyin is all typed and it is on the first page (each
// character of a name is a word; a sentence's words are the dictionary's, the
// longest from the left); when the whole
// pinyin is typed and the first candidate is not right, it picks the longest
// right candidate from the first maxPages pages (a key per page turned, a
// digit to pick) and goes on with the rest. When the right text is not on
// those pages it counts a miss and 8 keys (retyping a syllable and hunting).
var traceTypist func(string, ...any)

type typist struct {
	e        *Engine
	mode     Mode
	maxPages int
}

func (ty typist) typeText(target string, syl []string) (keys, misses int) {
	c := NewComposer(ty.e, ty.mode)
	rs := []rune(target)
	done := 0 // characters written
	for done < len(rs) {
		if done > 0 && ty.mode == ModeName {
			c.SetMode(ModeGivenName) // as a field does after the surname
		}
		k, n := ty.typeUntilFirst(c, rs[done:], syl[done:])
		keys += k
		if n > 0 {
			done += n
			continue
		}
		// The whole rest is typed: pick from the pages, part by part.
		ends := make([]int, len(syl)-done+1)
		for i, s := range syl[done:] {
			ends[i+1] = ends[i] + len(s)
		}
		at := 0
		for c.Active() {
			k, n, ok := ty.bestPick(c, rs[done+at:], ends, at)
			if !ok {
				misses++
				keys += 8
				c.Cancel()
				at++
				break
			}
			keys += k
			at += n
		}
		done += at
	}
	return keys, misses
}

// typeUntilFirst types the letters of syl one by one until the first
// candidate is want's beginning up to the end of a word, and takes it with
// space (or, once the word is all typed, another on the first page with its
// digit). It returns the keys and the characters written, 0 when it typed
// everything without that happening (the composition then holds it all).
func (ty typist) typeUntilFirst(c *Composer, want []rune, syl []string) (keys, chars int) {
	wordEnd := ty.wordEnds(string(want))
	letters := 0
	for j, s := range syl {
		for k, r := range s {
			c.Type(r)
			keys++
			letters++
			// Space takes the first candidate when it is right to the end
			// of a word (or further: a name the station knows); a digit
			// another on the page, once the word's pinyin is all typed.
			for i, cand := range c.Page() {
				if i > 0 && (k < len(s)-1 || !wordEnd[j+1]) {
					break
				}
				n := len([]rune(cand.Text))
				if n > j && n <= len(want) && wordEnd[n] && cand.Len == letters && cand.Text == string(want[:n]) {
					if traceTypist != nil {
						traceTypist("pick %d %s after %d letters", i+1, cand.Text, letters)
					}
					c.Pick(i)
					return keys + 1, n
				}
			}
		}
	}
	return keys, 0
}

// wordEnds marks after how many characters of text a word ends.
func (ty typist) wordEnds(text string) map[int]bool {
	ends := map[int]bool{}
	if ty.mode != ModeText {
		for i := range []rune(text) {
			ends[i+1] = true
		}
		return ends
	}
	n := 0
	for _, w := range loadedDict.segment(text) {
		n += len([]rune(w))
		ends[n] = true
	}
	return ends
}

// bestPick finds the longest right candidate on the first pages, picks it and
// returns the keys it took and the characters it wrote.
func (ty typist) bestPick(c *Composer, want []rune, ends []int, done int) (keys, chars int, ok bool) {
	bestPage, bestIdx, bestLen := -1, -1, 0
	for page := 0; page < ty.maxPages; page++ {
		for i, cand := range c.Page() {
			n := len([]rune(cand.Text))
			if n > bestLen && n <= len(want) && string(want[:n]) == cand.Text && cand.Len == ends[done+n]-ends[done] {
				bestPage, bestIdx, bestLen = page, i, n
			}
		}
		c.NextPage()
	}
	for range ty.maxPages {
		c.PrevPage()
	}
	if bestIdx < 0 {
		return 0, 0, false
	}
	for range bestPage {
		c.NextPage()
	}
	if traceTypist != nil {
		traceTypist("page %d pick %d %s", bestPage+1, bestIdx+1, string(want[:bestLen]))
	}
	c.Pick(bestIdx)
	return bestPage + 1, bestLen, true
}

// clauses splits a sentence at its punctuation, which is typed as one key.
func clauses(s string) (parts []string, punct int) {
	parts = strings.FieldsFunc(s, func(r rune) bool { return !unicode.Is(unicode.Han, r) })
	for _, r := range s {
		if !unicode.Is(unicode.Han, r) {
			punct++
		}
	}
	return parts, punct
}

// readingOf reads a clause as the dictionary reads its words.
func readingOf(t testing.TB, s string) []string {
	d := loadedDict
	var out []string
	for _, w := range d.segment(s) {
		if id, ok := d.textIndex()[w]; ok {
			for _, sy := range d.entries[id].syl {
				out = append(out, d.syllables[sy])
			}
			continue
		}
		r, ok := d.reading(w)
		if !ok {
			t.Fatalf("no reading for %q", w)
		}
		out = append(out, r...)
	}
	return out
}

// keystrokesPerHan types the names and the sentences with a fresh engine for
// each (nothing learned from the station) and returns keys per Han character.
func keystrokesPerHan(t testing.TB) (names, sentences float64, misses int) {
	if err := Load(); err != nil {
		t.Fatal(err)
	}
	names, misses = namesKeys(NewEngine)
	keys, han := 0, 0
	for _, s := range summarySentences {
		parts, punct := clauses(s)
		keys += punct
		for _, p := range parts {
			k, m := typist{NewEngine(), ModeText, 3}.typeText(p, readingOf(t, p))
			keys, han, misses = keys+k, han+len([]rune(p)), misses+m
		}
	}
	return names, float64(keys) / float64(han), misses
}

// namesKeys types the fifty names, each with an engine from eng.
func namesKeys(eng func() *Engine) (perHan float64, misses int) {
	keys, han := 0, 0
	for _, n := range childNames {
		k, m := typist{eng(), ModeName, 3}.typeText(n.name, strings.Fields(n.pinyin))
		keys, han, misses = keys+k, han+len([]rune(n.name)), misses+m
	}
	return float64(keys) / float64(han), misses
}

// BenchmarkKeystrokes reports keys per Han character for fifty child names
// (goal ≤ 4) and ten summary sentences (goal ≤ 3), typed in full pinyin.
func BenchmarkKeystrokes(b *testing.B) {
	var names, sentences float64
	var misses int
	for b.Loop() {
		names, sentences, misses = keystrokesPerHan(b)
	}
	b.ReportMetric(names, "keys/han-name")
	b.ReportMetric(sentences, "keys/han-sentence")
	b.ReportMetric(float64(misses), "misses")
}

func TestKeystrokesMeetTheGoals(t *testing.T) {
	names, sentences, misses := keystrokesPerHan(t)
	t.Logf("keys per Han character: names %.2f, sentences %.2f, misses %d", names, sentences, misses)
	if names > 4 || sentences > 3 {
		t.Errorf("keys per Han character: names %.2f (goal ≤ 4), sentences %.2f (goal ≤ 3)", names, sentences)
	}
}
