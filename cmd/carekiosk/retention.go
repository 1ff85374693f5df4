package main

import (
	"context"
	"time"

	"carekiosk/store"
)

// retentionEvery is how often the running kiosk looks for families past
// the retention.
const retentionEvery = 24 * time.Hour

// startRetention anonymises the families past the retention at start-up
// and then daily while ctx lives (store.AnonymiseExpired: only families
// already in an exported bundle, and only while the clock is trusted; a
// pass that cannot run now runs at the next). The returned stop ends the
// loop and waits for a pass under way, so the store can close after it.
func startRetention(ctx context.Context, st *store.Store, every time.Duration) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			_, _ = st.AnonymiseExpired(ctx) // nothing to show: the screens are the kiosk's
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
	return func() { cancel(); <-done }
}
