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
// forgets a pass once the pass has expired.
type passBudget struct {
	mu   sync.Mutex
	used map[string]passUse
	// sweepAt is the count of passes at which the expired ones are next
	// looked for: twice what the last look left, at least minPassSweep. A
	// look walks every pass, so it comes ever less often while the passes
	// are live: once per as many takes as there are passes, not on every
	// take (a burst of phones waits on this lock).
	sweepAt int
}

// minPassSweep is the count of passes below which none is forgotten.
const minPassSweep = 4096

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
	if len(b.used) > max(b.sweepAt, minPassSweep) {
		for k, u := range b.used {
			if now.After(u.expires) {
				delete(b.used, k)
			}
		}
		b.sweepAt = 2 * len(b.used)
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
