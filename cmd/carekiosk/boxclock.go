package main

import (
	"context"
	"os"
	"strings"
	"sync/atomic"

	"carekiosk/model"
	"carekiosk/store"
	"carekiosk/tui"
)

// boxClockEnv names the setting the box's unit gives the kiosk: "synced"
// means the system clock counts only once time sync or a hardware clock has
// set it since boot. A box without a clock battery restores at boot the time
// it saved last (fake-hwclock): plausible, but as old as the time the box
// was off, so the kiosk asks for the date and time rather than date today's
// session with yesterday evening.
const boxClockEnv = "CAREKIOSK_CLOCK"

// syncedOnly wraps the kiosk's store: until the instructor confirms the date
// and time, its CheckClock also fails when the system clock is not known to
// be right. The store's own checks of each write are unchanged.
type syncedOnly struct {
	*store.Store
	trusted   func() bool
	confirmed atomic.Bool
}

// kioskStore is the store the screens use: st itself, or on the box
// (CAREKIOSK_CLOCK=synced, with no injected CAREKIOSK_NOW) one that asks for
// the date at start while the clock is only restored.
func kioskStore(st *store.Store) tui.Store {
	if strings.TrimSpace(os.Getenv(boxClockEnv)) != "synced" || os.Getenv(nowEnv) != "" {
		return st
	}
	return &syncedOnly{Store: st, trusted: systemClockSet}
}

// SetClock takes the clock the instructor confirmed.
func (s *syncedOnly) SetClock(c model.Clock) {
	s.confirmed.Store(true)
	s.Store.SetClock(c)
}

// CheckClock is the store's check, and then, before any confirmation, the
// system clock must have been set by time sync or a hardware clock.
func (s *syncedOnly) CheckClock(ctx context.Context) error {
	if err := s.Store.CheckClock(ctx); err != nil {
		return err
	}
	if s.confirmed.Load() || s.trusted() {
		return nil
	}
	return model.Errorf(model.ECLOCK, "本机没有时钟电池，开机后时间尚未校准（可能还是上次关机时的时间），请确认今天的日期和时间后再记录",
		"this box has no clock battery and its clock has not been set since it started (it may still read the time it was switched off); confirm today's date and time before recording")
}
