package model

import (
	"strconv"
	"strings"
	"time"
)

// EarliestPlausible is the date before which the system clock is taken to be
// wrong (a box that booted without an RTC battery starts in 1970 or 2000).
var EarliestPlausible = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

// clockSlack is how far the clock may read before the newest record and
// still be trusted: records are confirmed to the minute.
const clockSlack = time.Minute

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

// StartingAt returns a clock that reads start now and then advances with
// the real time: the binary's injected clock (CAREKIOSK_NOW), so the kiosk
// can be run and tested at any hour of a Chinese day.
func StartingAt(start time.Time) Clock {
	began := time.Now()
	return Clock{Now: func() time.Time { return start.Add(time.Since(began)) }}
}

// ConfirmedClock returns the clock an instructor confirmed: it reads
// confirmed now and advances with the machine's monotonic time, while base
// (the system clock) cannot be trusted. Once base reads a plausible time
// no earlier than the confirmed one (time sync or a hardware clock set it
// right), base is used again, so the confirmation never outlives its need.
func ConfirmedClock(base Clock, confirmed time.Time) Clock {
	began := time.Now()
	return Clock{Now: func() time.Time {
		want := confirmed.Add(time.Since(began))
		if b := base.Time(); !b.Before(EarliestPlausible) && !b.Before(want.Add(-clockSlack)) {
			return b
		}
		return want
	}}
}

// CheckClock says whether now can be trusted to date a record: it must not
// be before 2025, nor earlier than the newest record already stored (zero
// when there is none). Times in the message are in the station's zone loc.
// The error asks for the date and time to be confirmed.
func CheckClock(now, newest time.Time, loc *time.Location) error {
	if loc == nil {
		loc = time.UTC
	}
	const layout = "2006-01-02 15:04"
	if now.Before(EarliestPlausible) {
		return Errorf(ECLOCK, "系统时间 %s 不可信（早于 2025 年），请确认今天的日期和时间后再记录", "the system clock says %s, before 2025; confirm today's date and time before recording", now.In(loc).Format(layout))
	}
	if !newest.IsZero() && now.Before(newest.Add(-clockSlack)) {
		return Errorf(ECLOCK, "系统时间 %s 早于最新的记录（%s），请确认今天的日期和时间后再记录", "the system clock says %s, earlier than the newest record (%s); confirm today's date and time before recording", now.In(loc).Format(layout), newest.In(loc).Format(layout))
	}
	return nil
}

// CheckConfirmed says whether an instant an instructor typed can date new
// records: not before 2025 and not before the newest record. Times in the
// message are in the station's zone loc.
func CheckConfirmed(at, newest time.Time, loc *time.Location) error {
	const layout = "2006-01-02 15:04"
	if at.Before(EarliestPlausible) {
		return FieldErrorf("date", "%s 早于 2025 年，请核对日期", "%s is before 2025; check the date", at.In(loc).Format(layout))
	}
	if !newest.IsZero() && at.Before(newest.Add(-clockSlack)) {
		return FieldErrorf("time", "%s 早于最新的记录（%s）：请看手机上的日期和时间再输入", "%s is earlier than the newest record (%s): read the date and time off a phone and type them again", at.In(loc).Format(layout), newest.In(loc).Format(layout))
	}
	return nil
}

// ParseClockTime reads a time of day typed as hh:mm (also h:mm, hhmm, a
// full-width colon or digits, or a Chinese 点/时 and 分) and returns the
// hour and minute.
func ParseClockTime(s string) (hour, minute int, err error) {
	t := strings.TrimSpace(HalfWidth(s))
	t = strings.NewReplacer("点", ":", "时", ":", "分", "", "：", ":", ".", ":").Replace(t)
	t = strings.TrimSuffix(t, ":")
	h, m, ok := strings.Cut(t, ":")
	if !ok && len(t) == 4 {
		h, m, ok = t[:2], t[2:], true
	}
	if !ok {
		h, m = t, "0"
	}
	hour, e1 := strconv.Atoi(h)
	minute, e2 := strconv.Atoi(m)
	if t == "" || e1 != nil || e2 != nil || hour < 0 || hour > 23 || minute < 0 || minute > 59 || len(m) > 2 {
		return 0, 0, FieldErrorf("time", "时间格式应为 时:分，例如 09:30：%q", "time must be hh:mm, e.g. 09:30: %q", s)
	}
	return hour, minute, nil
}

// HalfWidth turns full-width ASCII (as a Chinese input method types it)
// into plain ASCII.
func HalfWidth(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '！' && r <= '～' {
			return r - '！' + '!'
		}
		if r == '\u3000' {
			return ' '
		}
		return r
	}, s)
}
