package store

import (
	"sync"
	"testing"
)

// Two processes opening a new (or just upgraded) data folder at the same
// moment — the kiosk service starting while a cron export runs — both
// succeed: the second sees the first's migration instead of running it again.
func TestConcurrentFirstOpen(t *testing.T) {
	for round := 0; round < 5; round++ {
		dir := t.TempDir()
		var wg sync.WaitGroup
		errs := make([]error, 3)
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				s, err := Open(dir, Options{Clock: fixedClock(testNow)})
				if err == nil {
					s.Close()
				}
				errs[i] = err
			}()
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Fatalf("round %d, open %d: %v", round, i, err)
			}
		}
	}
}
