package store

import (
	"sync"

	"carekiosk/model"
)

// hub fans committed changes out to subscribers (the kiosk screen).
type hub struct {
	mu   sync.Mutex
	subs map[chan model.Change]struct{}
}

// Subscribe returns a channel that receives every change committed from now
// on, and a function that ends the subscription. A subscriber that falls
// behind by more than 256 changes misses the newest ones (publish never
// waits for a full channel); it should reload.
func (s *Store) Subscribe() (<-chan model.Change, func()) {
	ch := make(chan model.Change, 256)
	s.hub.mu.Lock()
	if s.hub.subs == nil {
		s.hub.subs = map[chan model.Change]struct{}{}
	}
	s.hub.subs[ch] = struct{}{}
	s.hub.mu.Unlock()
	var once sync.Once
	return ch, func() {
		once.Do(func() {
			s.hub.mu.Lock()
			delete(s.hub.subs, ch)
			s.hub.mu.Unlock()
		})
	}
}

func (s *Store) publish(c model.Change) {
	s.hub.mu.Lock()
	defer s.hub.mu.Unlock()
	for ch := range s.hub.subs {
		select {
		case ch <- c:
		default:
		}
	}
}
