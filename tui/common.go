package tui

import (
	"context"
	"time"

	"carekiosk/model"
)

// Store is what the screens need from storage: the model services, change
// notifications and the clock sanity check. *store.Store implements it.
type Store interface {
	model.Store
	model.Notifier
	// ConsentStore tells the kiosk whether a caregiver already agreed to the
	// consent notice.
	ConsentStore
	// DuplicateStore lists the families marked 可能重复 and merges them or
	// keeps them apart.
	DuplicateStore
	// FamilyRights gives a family a copy of its data and erases it.
	FamilyRights
	// SessionAmender corrects a closed session's sign-ins and voids a
	// session opened by mistake.
	SessionAmender
	// FollowUpStore gives the follow-up lists and keeps the marks 已通知.
	FollowUpStore
	// FiguresStore gives the closed sessions' counts for the charts.
	FiguresStore
	// FamilyFixer corrects, merges and splits families.
	FamilyFixer
	// BackfillStore enters a session held on paper.
	BackfillStore
	// CheckClock reports whether the clock can date a new record.
	CheckClock(ctx context.Context) error
	// SetClock replaces the clock used to date new records.
	SetClock(c model.Clock)
}

// CheckinURL gives the address printed in the check-in QR code. The phone
// server supplies one with a rotating token; LANURL is the fallback.
type CheckinURL interface {
	URL(sessionID string) string
}

// Common is shared by every screen: the terminal size, styles, keys,
// language, the store and the clock.
type Common struct {
	Ctx      context.Context
	Width    int
	Height   int
	Styles   *Styles
	Keys     *KeyMap
	Lang     model.Lang
	Store    Store
	Clock    model.Clock
	Settings model.Settings
	URL      CheckinURL
	// PhoneOff says why phone check-in is off; "" while it runs.
	PhoneOff string
	// DataDir is where family cards are written.
	DataDir string
	// Exporter writes exports; nil when the kiosk has none.
	Exporter Exporter
	// IME is the pinyin input of the text fields.
	IME *ime
	// gen numbers the screen instances; ticks carry it.
	gen int
}

// T picks the Chinese or English text for the current language.
func (c *Common) T(zh, en string) string { return c.Lang.Pick(zh, en) }

// Now returns the current time of the kiosk clock in the station's zone.
func (c *Common) Now() time.Time {
	return c.Clock.Time().In(c.Settings.Location())
}

// Today returns the station's civil date.
func (c *Common) Today() model.Date {
	return model.DateOf(c.Now())
}

// BodyHeight is the number of lines a screen may use: the terminal less the
// header, the status line and the help line.
func (c *Common) BodyHeight() int {
	h := c.Height - 3
	if h < 1 {
		h = 1
	}
	return h
}

// Wide reports whether the terminal is wide enough for side-by-side panes.
func (c *Common) Wide() bool { return c.Width >= 110 }

// errText renders an error for a person in the current language.
func (c *Common) errText(err error) string {
	return model.ErrorMessage(err, c.Lang)
}

// setLang switches the language, rebuilding the key help texts.
func (c *Common) setLang(lang model.Lang) {
	if !lang.English() {
		lang = model.LangZH
	}
	c.Lang = lang
	c.Keys = NewKeyMap(lang)
}

// SessionAmender corrects the sign-ins of a closed session and voids a
// session opened by mistake, each with a reason kept with who and when.
type SessionAmender interface {
	CorrectSignIn(ctx context.Context, in model.SignInCorrectionInput) (*model.SignInChange, error)
	SignInChanges(ctx context.Context, sessionID string) ([]model.SignInChange, error)
	VoidSession(ctx context.Context, in model.VoidInput) (*model.Correction, error)
}
