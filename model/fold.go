package model

import (
	"strings"
	"unicode"

	"golang.org/x/text/width"
)

// FoldName is a unit's, place's or content's name as names typed in sheets
// are compared (the county's history, a station's import of a county-wide
// table): full-width letters, digits and brackets made half-width, every
// space gone. It is for comparing only; the name is stored as written.
func FoldName(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, width.Fold.String(s))
}
