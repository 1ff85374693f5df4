package main

import (
	"context"
	"os"
	"strings"
	"time"

	"carekiosk/model"
)

// nowEnv names the environment variable that starts the binary's clock at a
// given instant instead of the system clock: to try the kiosk, or test it,
// at any hour of a Chinese day on a machine that runs in UTC.
const nowEnv = "CAREKIOSK_NOW"

// appClock is the clock every command dates records with: the system clock,
// or, when CAREKIOSK_NOW is set, one that starts at that instant and runs on
// with real time. CAREKIOSK_NOW is RFC 3339 (2026-11-30T03:00:00+08:00) or
// "2026-11-30 03:00" read in the station's default zone.
func appClock() (model.Clock, error) {
	v := strings.TrimSpace(os.Getenv(nowEnv))
	if v == "" {
		return model.Clock{}, nil
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		t, err = time.ParseInLocation("2006-01-02 15:04", v, model.DefaultSettings().Location())
	}
	if err != nil {
		return model.Clock{}, model.Errorf(model.EINVALID, "%s 的格式应为 2026-11-30T03:00:00+08:00 或 \"2026-11-30 03:00\"：%q", "%s must be like 2026-11-30T03:00:00+08:00 or \"2026-11-30 03:00\": %q", nowEnv, v)
	}
	return model.StartingAt(t), nil
}

// clockKey keys the command's clock in its context.
type clockKey struct{}

// withClock returns ctx carrying the clock commands date records with.
func withClock(ctx context.Context, c model.Clock) context.Context {
	return context.WithValue(ctx, clockKey{}, c)
}

// clockOf returns the clock run put into ctx (the system clock if none).
func clockOf(ctx context.Context) model.Clock {
	c, _ := ctx.Value(clockKey{}).(model.Clock)
	return c
}
