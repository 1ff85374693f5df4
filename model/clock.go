package model

import "time"

// EarliestPlausible is the date before which the system clock is taken to be
// wrong (a box that booted without an RTC battery starts in 1970 or 2000).
var EarliestPlausible = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

// Clock supplies the current time; tests replace Now.
type Clock struct {
	// Now returns the current time; nil means time.Now.
	Now func() time.Time
}

// Time returns the current time.
func (c Clock) Time() time.Time {
	if c.Now == nil {
		return time.Now()
	}
	return c.Now()
}

// CheckClock says whether now can be trusted to date a record: it must not
// be before 2025, nor earlier than the newest record already stored (zero
// when there is none). The error asks for the date to be confirmed.
func CheckClock(now, newest time.Time) error {
	if now.Before(EarliestPlausible) {
		return Errorf(ECLOCK, "系统时间 %s 不可信（早于 2025 年），请确认今天的日期后再记录", "the system clock says %s, before 2025; confirm today's date before recording", now.Format("2006-01-02 15:04"))
	}
	if !newest.IsZero() && now.Before(newest.Add(-time.Minute)) {
		return Errorf(ECLOCK, "系统时间 %s 早于最新的记录（%s），请确认今天的日期后再记录", "the system clock says %s, earlier than the newest record (%s); confirm today's date before recording", now.Format("2006-01-02 15:04"), newest.Format("2006-01-02 15:04"))
	}
	return nil
}
