package checkin

import (
	"sync"
	"time"
)

// maxPassSignIns bounds what one scan of the QR code may store: this many
// submissions that stored something new (each at most four children and
// one drawing). A family needs one; a phone lent to a second family, two.
// More needs a new scan at the kiosk, in the room.
const maxPassSignIns = 3

// passBudget counts, per pass, the submissions that stored something. It
// forgets a pass when the pass expires.
type passBudget struct {
	mu   sync.Mutex
	used map[string]passUse
}

type passUse struct {
	n       int
	expires time.Time
}

// take reserves one submission for the pass; false when its budget is
// spent. give returns a reservation that stored nothing.
func (b *passBudget) take(pass string, now time.Time) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.used == nil {
		b.used = map[string]passUse{}
	}
	if len(b.used) > 4096 {
		for k, u := range b.used {
			if now.After(u.expires) {
				delete(b.used, k)
			}
		}
	}
	u, ok := b.used[pass]
	if !ok {
		u.expires = now.Add(passLife)
	}
	if u.n >= maxPassSignIns {
		return false
	}
	u.n++
	b.used[pass] = u
	return true
}

func (b *passBudget) give(pass string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if u, ok := b.used[pass]; ok && u.n > 0 {
		u.n--
		b.used[pass] = u
	}
}
