package model

import (
	"crypto/rand"
	"fmt"
	"regexp"
	"strings"
)

// A family card code is CardCodePrefix followed by CardCodeLen characters of
// CardCodeAlphabet, e.g. CK7KQ2M9XD. It is printed as a QR code on the family
// card and read back by the kiosk's USB scanner.
const (
	CardCodePrefix = "CK"
	// CardCodeAlphabet has no characters that read alike (0/O, 1/I/L).
	CardCodeAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
	CardCodeLen      = 8
)

var (
	cardCodeAtEnd        = regexp.MustCompile(fmt.Sprintf("%s[%s]{%d}$", CardCodePrefix, CardCodeAlphabet, CardCodeLen))
	partialCardCodeAtEnd = regexp.MustCompile(fmt.Sprintf("%s[%s]{1,%d}$", CardCodePrefix, CardCodeAlphabet, CardCodeLen))
)

// NewCardCode returns a random family card code.
func NewCardCode() string {
	b := make([]byte, CardCodeLen)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	out := []byte(CardCodePrefix)
	for _, x := range b {
		out = append(out, CardCodeAlphabet[int(x)%len(CardCodeAlphabet)])
	}
	return string(out)
}

// IsCardCode reports whether s (any case) is a whole family card code.
func IsCardCode(s string) bool {
	s = strings.ToUpper(s)
	return len(s) == len(CardCodePrefix)+CardCodeLen && cardCodeAtEnd.MatchString(s)
}

// CardCodeAtEnd returns the family card code that typed (upper case) ends
// with, or "" when it ends with none: a scanner types the code into whatever
// has the focus.
func CardCodeAtEnd(typed string) string { return cardCodeAtEnd.FindString(typed) }

// EndsInPartialCardCode reports whether typed (upper case) ends with the
// start of a family card code, as while a scanner is still typing one.
func EndsInPartialCardCode(typed string) bool { return partialCardCodeAtEnd.MatchString(typed) }
