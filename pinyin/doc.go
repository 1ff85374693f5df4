// Package pinyin turns typed pinyin into Chinese text for the kiosk's own text
// fields, so Chinese can be typed on any console, in tmux or over SSH, where no
// system input method runs.
//
// The dictionary is Debian's rime-data-pinyin-simp (pinyin_simp.dict.yaml:
// about 63,000 simplified characters and phrases with pinyin and a frequency
// weight each, derived from the Android Pinyin IME word list, Apache License
// 2.0). It was chosen over rime-essay and libpinyin's data, which are LGPL or GPL
// and, for Rime's luna_pinyin and essay, in traditional characters, and over
// sunpinyin's and Google Pinyin's compiled binary tables. tools/pinyindict
// trims it and writes dict.gz (gzip text, about 550 kB), embedded in the binary
// and parsed on first use (Load; BenchmarkLoad measures it).
//
// An Engine ranks candidates for a string of pinyin letters: whole words in full
// pinyin or abbreviated to initials (xm → 小明), and a sentence made by
// segmenting the whole input into the likeliest words (unigram Viterbi over the
// dictionary's weights). Words the station has written before — names of its
// families, words of its notes and summaries — are learned (LearnNames,
// LearnText) and rank higher; in a name field (ModeName) common surnames and
// given-name characters come first. A Composer holds one composition: the
// letters typed, the candidates shown a page at a time, picks and commits. It
// knows nothing of keys or screens.
package pinyin
