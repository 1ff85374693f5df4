package main

import (
	"context"
	"net/http"
	"net/url"
	"path/filepath"
	"testing"
	"time"

	"carekiosk/model"
	"carekiosk/store"
	"carekiosk/tui"
)

// TestPhoneServerKeepsTheKioskClock: the phone page runs on the kiosk's
// clock, so the code on the screen of a session dated by that clock opens
// the form, even when the clock is days away from the machine's (an
// injected CAREKIOSK_NOW).
func TestPhoneServerKeepsTheKioskClock(t *testing.T) {
	at := time.Now().In(model.DefaultSettings().Location()).AddDate(0, 0, 5)
	clock := model.StartingAt(at)
	ctx, cancel := context.WithCancel(withClock(context.Background(), clock))
	defer cancel()
	dir := filepath.Join(t.TempDir(), "data")
	t.Setenv(nowEnv, at.Format(time.RFC3339))
	if code, _, errs := runCLI(t, "demo", "--data", dir); code != 0 {
		t.Fatal(errs)
	}
	st, err := store.Open(dir, store.Options{Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	set, err := st.Settings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	set.Listen = "127.0.0.1:18093"
	if err := st.SaveSettings(ctx, set); err != nil {
		t.Fatal(err)
	}
	sess, err := st.CreateSession(ctx, model.NewSessionInput{Date: model.DateOf(at), Band: model.DefaultAgeBands[0], Title: "亲子游戏", Instructor: "陈晓燕"})
	if err != nil {
		t.Fatal(err)
	}
	if sess, err = st.OpenPlannedToday(ctx, sess.ID); err != nil {
		t.Fatal(err)
	}
	var opts tui.Options
	done, err := startPhone(ctx, st, false, &opts)
	if err != nil || opts.URL == nil {
		t.Fatalf("phone server: %v %q", err, opts.PhoneOff)
	}
	defer func() { cancel(); <-done }()
	u, err := url.Parse(opts.URL.URL(sess.ID))
	if err != nil {
		t.Fatal(err)
	}
	u.Host = "127.0.0.1:18093"
	resp, err := http.Get(u.String())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("the screen's code %s on the kiosk's day %s: %d, want 200", u, model.DateOf(at), resp.StatusCode)
	}
}
