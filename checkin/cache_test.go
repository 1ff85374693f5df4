package checkin

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"carekiosk/model"
)

// slowSessions counts the reads of sessions and holds each until gate is
// closed.
type slowSessions struct {
	Store
	reads atomic.Int32
	gate  chan struct{}
}

func (s *slowSessions) Session(ctx context.Context, id string) (*model.Session, error) {
	s.reads.Add(1)
	<-s.gate
	return s.Store.Session(ctx, id)
}

// The phones of a burst that all miss the cache wait for one read of the
// session instead of each reading it.
func TestBurstReadsTheSessionOnce(t *testing.T) {
	e := newEnv(t, Options{})
	st := &slowSessions{Store: e.st, gate: make(chan struct{})}
	srv, err := New(st, Options{Clock: e.clock.clock(), RateBurst: -1})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	got := make([]*model.Session, 20)
	errs := make([]error, 20)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[i], errs[i] = srv.cachedSession(context.Background(), e.sess.ID)
		}()
	}
	for st.reads.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(50 * time.Millisecond) // the others arrive meanwhile
	close(st.gate)
	wg.Wait()
	for i := range got {
		if errs[i] != nil || got[i] == nil || got[i].ID != e.sess.ID {
			t.Fatalf("phone %d: %v %v", i, got[i], errs[i])
		}
	}
	if n := st.reads.Load(); n != 1 {
		t.Errorf("%d reads of the session for 20 phones at once, want 1", n)
	}
}
