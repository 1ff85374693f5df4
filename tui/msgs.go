package tui

import (
	"carekiosk/model"
)

// screenID names a screen for navigation.
type screenID int

const (
	scrHome screenID = iota
	scrNewSession
	scrCheckin
	scrRunning
	scrSummary
	scrHistory
	scrFamilies
	scrSettings
	scrPINSetup
	scrClock
	scrExport
	scrAmend
	scrFollowUp
	scrCharts
	scrPaper
	scrBackfill
	scrStationKey
)

// gotoMsg asks the root to show a screen.
type gotoMsg struct {
	to        screenID
	sessionID string
	// correct opens the summary screen of a closed session for a correction.
	correct bool
	// void opens the amend screen on the void form (else its sign-ins).
	void bool
	// unlocked opens home with its list of families shown: the instructor
	// has just given the PIN.
	unlocked bool
}

// errMsg carries a failed side effect to the screen.
type errMsg struct{ err error }

// flashMsg shows a short status line.
type flashMsg struct {
	text string
	ok   bool
}

// changeMsg is one committed change from the store.
type changeMsg struct{ change model.Change }

// settingsMsg carries freshly loaded settings.
type settingsMsg struct {
	settings model.Settings
	// phoneMoved says the phone server's address changed (it applies at
	// the next start).
	phoneMoved bool
}

// secondMsg is the one-second tick of timers. gen is the screen instance
// that asked for it: the root drops ticks of screens no longer shown, so
// tick chains never pile up.
type secondMsg struct {
	gen int
}

// qrTickMsg asks the check-in screen to refresh its QR code.
type qrTickMsg struct {
	gen int
}

// unlockedMsg is sent after the instructor entered the PIN.
type unlockedMsg struct{}

// quitMsg ends the program after the PIN.
type quitMsg struct{}
