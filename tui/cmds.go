package tui

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"carekiosk/model"
)

// startupMsg carries what the root needs before it shows a screen.
type startupMsg struct {
	settings model.Settings
	clockErr error
	err      error
	// checkinID is a session open for check-in when the kiosk starts: after
	// a power cut or a restart the family-facing screen comes back, not the
	// instructor's home.
	checkinID string
}

// startupCmd loads the settings and checks the clock.
func startupCmd(c *Common) tea.Cmd {
	return func() tea.Msg {
		set, err := c.Store.Settings(c.Ctx)
		if err != nil {
			return startupMsg{err: err}
		}
		msg := startupMsg{settings: set, clockErr: c.Store.CheckClock(c.Ctx)}
		open, err := c.Store.Sessions(c.Ctx, model.SessionFilter{States: []model.SessionState{model.StateOpen}, Newest: true, Limit: 1})
		if err != nil {
			return startupMsg{err: err}
		}
		if len(open) > 0 {
			msg.checkinID = open[0].ID
		}
		return msg
	}
}

// waitChange waits for one committed change and returns it; the root issues
// it again after each change.
func waitChange(ch <-chan model.Change) tea.Cmd {
	if ch == nil {
		return nil
	}
	return func() tea.Msg {
		ch, ok := <-ch
		if !ok {
			return nil
		}
		return changeMsg{change: ch}
	}
}

// tickSecond drives running timers.
func tickSecond(gen int) tea.Cmd {
	return tea.Tick(time.Second, func(time.Time) tea.Msg { return secondMsg{gen: gen} })
}

// qrRefresh is how often the check-in QR code is redrawn (the phone server's
// token rotates).
const qrRefresh = 10 * time.Second

// tickQR asks for a QR refresh.
func tickQR(gen int) tea.Cmd {
	return tea.Tick(qrRefresh, func(time.Time) tea.Msg { return qrTickMsg{gen: gen} })
}

// goTo returns a command that navigates.
func goTo(to screenID, sessionID string) tea.Cmd {
	return func() tea.Msg { return gotoMsg{to: to, sessionID: sessionID} }
}

// fail wraps an error as a message.
func fail(err error) tea.Msg { return errMsg{err: err} }

// flash returns a command that shows a status line.
func flash(text string, ok bool) tea.Cmd {
	return func() tea.Msg { return flashMsg{text: text, ok: ok} }
}

// weekday renders the day of the week.
func weekday(c *Common, t time.Time) string {
	zh := []string{"星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"}
	if c.Lang.English() {
		return t.Weekday().String()
	}
	return zh[t.Weekday()]
}

// dateText renders a date for the current language.
func dateText(c *Common, d model.Date) string {
	if c.Lang.English() {
		return d.String()
	}
	return d.Chinese()
}
