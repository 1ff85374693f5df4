// Package countytest builds county databases for tests: a county with its
// plan, stations each in their own data folder with their own key, a
// generated year of sessions, bundles exported at chosen moments and
// imported through the county's import. Only tests import it.
package countytest

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"carekiosk/county"
	"carekiosk/countydb"
	"carekiosk/demo"
	"carekiosk/export"
	"carekiosk/model"
	"carekiosk/store"
)

// Clock is a clock a test moves by hand; it advances a millisecond per
// reading so records made in one step keep their order.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock starts a clock at t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

// Model returns the clock as a model.Clock.
func (c *Clock) Model() model.Clock {
	return model.Clock{Now: func() time.Time {
		c.mu.Lock()
		defer c.mu.Unlock()
		c.t = c.t.Add(time.Millisecond)
		return c.t
	}}
}

// County is a county database with its signed plan.
type County struct {
	Root     string
	DB       *countydb.DB
	Plan     []byte
	Clock    *Clock
	Stations []*Station
}

// Station is one station's data folder.
type Station struct {
	Unit    string
	Store   *store.Store
	Clock   *Clock
	Bundles []string
}

// New sets up a county (青田县, the default plan for year) in root/县中心
// with its clock at now.
func New(t testing.TB, root string, year int, now time.Time) *County {
	t.Helper()
	ctx := context.Background()
	c := &County{Root: root, Clock: NewClock(now)}
	db, err := countydb.Open(filepath.Join(root, "县中心"), true, countydb.Options{Clock: c.Clock.Model()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	seed, id, err := county.NewKeys()
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Init(ctx, "青田县", year, seed, id); err != nil {
		t.Fatal(err)
	}
	p, err := db.IssuePlan(ctx)
	if err != nil {
		t.Fatal(err)
	}
	keys, err := db.Keys(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if c.Plan, err = county.SignPlan(p, keys.Sign); err != nil {
		t.Fatal(err)
	}
	c.DB = db
	return c
}

// AddStation makes a station of unit in its own folder (a Chinese name),
// imports the plan, holds sessions closed sessions over year and registers
// its key with the county. Its clock then stands at the end of the year.
func (c *County) AddStation(t testing.TB, unit string, year, sessions int) *Station {
	t.Helper()
	ctx := context.Background()
	i := len(c.Stations)
	end := time.Date(year, 12, 20, 2, 0, 0, 0, time.UTC)
	st := &Station{Unit: unit, Clock: NewClock(end)}
	s, err := store.Open(filepath.Join(c.Root, fmt.Sprintf("站点%02d_%s", i, unit)), store.Options{Clock: st.Clock.Model()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if _, _, err := county.ImportPlan(ctx, s, c.Plan); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.FillStation(ctx, s, demo.StationOptions{Unit: unit, Year: year, Sessions: sessions, Families: 20 + 3*sessions,
		Seed: int64(300 + i), Clock: st.Clock.Model()}); err != nil {
		t.Fatal(err)
	}
	pub, err := export.PublicKey(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.DB.Register(ctx, pub, unit); err != nil {
		t.Fatal(err)
	}
	st.Store = s
	c.Stations = append(c.Stations, st)
	return st
}

// Export writes the station's next bundle at the moment at into out and
// returns its path.
func (st *Station) Export(t testing.TB, at time.Time, out string) string {
	t.Helper()
	st.Clock.Set(at)
	rep, err := export.Run(context.Background(), st.Store, export.Options{OutDir: out, Formats: []string{export.FormatBundle}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	st.Bundles = append(st.Bundles, rep.Bundle)
	return rep.Bundle
}

// Import imports files into the county at the county clock's time and
// fails the test on any refused bundle.
func (c *County) Import(t testing.TB, files ...string) []county.Result {
	t.Helper()
	res := county.Import(context.Background(), c.DB, files, c.Clock.Model().Time())
	for _, r := range res {
		if r.Err != nil {
			t.Fatalf("import %s: %v", r.File, r.Err)
		}
	}
	return res
}

// AddYears adds plan years like the first (the default plan) and issues
// the plan again, so stations that import it later get them all.
func (c *County) AddYears(t testing.TB, years ...int) {
	t.Helper()
	ctx := context.Background()
	for _, y := range years {
		if err := c.DB.SavePlanYear(ctx, model.DefaultPlanYear(y)); err != nil {
			t.Fatal(err)
		}
	}
	p, err := c.DB.IssuePlan(ctx)
	if err != nil {
		t.Fatal(err)
	}
	keys, err := c.DB.Keys(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if c.Plan, err = county.SignPlan(p, keys.Sign); err != nil {
		t.Fatal(err)
	}
}
