package export

import (
	"context"
	"time"

	"carekiosk/model"
	"carekiosk/store"
)

// Store is what an export needs from storage; *store.Store implements it.
// Every record an export writes comes from one read-only snapshot (View);
// the rest is the clock check, the station's signing secret, the county's
// plan and, after a bundle is written, its place in the chain.
type Store interface {
	// CheckClock refuses a clock that reads before the newest record.
	CheckClock(ctx context.Context) error
	// Now is the store's clock.
	Now() time.Time
	// Secret returns the installation's secret of this name, making it on
	// first use.
	Secret(ctx context.Context, name string) ([]byte, error)
	// Plan is the county's imported plan, nil when none was imported.
	Plan(ctx context.Context) (*model.Plan, error)
	// View runs fn on one read-only snapshot of the database.
	View(ctx context.Context, fn func(v *store.Snapshot) error) error
	// SaveBundleState records the bundle just written, chained to prev.
	SaveBundleState(ctx context.Context, prevSequence int, st store.BundleState) error
}

// Keys is what the station key needs: the installation's secrets.
type Keys interface {
	Secret(ctx context.Context, name string) ([]byte, error)
}

var _ Store = (*store.Store)(nil)
