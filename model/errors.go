package model

import (
	"errors"
	"fmt"
	"unicode"
	"unicode/utf8"
)

// Error codes. They classify an Error for callers (an HTTP status, an exit
// code) without parsing its message.
const (
	EINVALID  = "invalid"   // bad input from a person
	ENOTFOUND = "not_found" // a record that does not exist
	ECONFLICT = "conflict"  // a state that forbids the change
	ECLOCK    = "clock"     // the system clock cannot be trusted
	EFULL     = "full"      // the disk or database is full
	ESTORAGE  = "storage"   // the database file is unusable
	EINTERNAL = "internal"  // a fault that is not the user's
)

// Error is a failure whose messages are safe to show a person: Message is
// Chinese (the default language), MessageEN the same in English.
type Error struct {
	Code      string
	Message   string
	MessageEN string
	// Field names the input field at fault, when there is one.
	Field string
}

// Error implements the error interface; it reads "中文 (English)".
func (e *Error) Error() string {
	if e.MessageEN == "" {
		return e.Message
	}
	return e.Message + " (" + e.MessageEN + ")"
}

// Errorf builds an Error with both messages.
func Errorf(code, zh, en string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(zh, args...), MessageEN: fmt.Sprintf(en, args...)}
}

// FieldErrorf builds an EINVALID Error naming the field at fault.
func FieldErrorf(field, zh, en string, args ...any) *Error {
	e := Errorf(EINVALID, zh, en, args...)
	e.Field = field
	return e
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL
// for any other error, and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	}
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the text to show a person in the given language
// (LangEN, or anything else for Chinese). Errors that are not *Error get a
// generic message so internals never reach the screen.
func ErrorMessage(err error, lang Lang) string {
	var e *Error
	if err == nil {
		return ""
	}
	if errors.As(err, &e) {
		if lang.English() && e.MessageEN != "" {
			return capitalize(e.MessageEN)
		}
		return e.Message
	}
	if lang.English() {
		return "Internal error; the record was not changed."
	}
	return "内部错误，记录未改变。"
}

// capitalize starts an English message with a capital letter, as a
// sentence shown to a person does (messages are written as clauses).
func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 || !unicode.IsLower(r) {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}
