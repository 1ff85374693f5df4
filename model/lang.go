package model

// Lang is the language a screen, page or message is shown in. Chinese is
// the default; anything but LangEN reads as Chinese.
type Lang string

// The two languages of carekiosk.
const (
	LangZH Lang = "zh"
	LangEN Lang = "en"
)

// Langs lists the languages in the order the settings offer them.
var Langs = []Lang{LangZH, LangEN}

// English reports whether l is English.
func (l Lang) English() bool { return l == LangEN }

// Pick returns en when l is English, else zh.
func (l Lang) Pick(zh, en string) string {
	if l == LangEN {
		return en
	}
	return zh
}

// Valid reports whether l is one of Langs.
func (l Lang) Valid() bool { return l == LangZH || l == LangEN }
