package demo

import (
	"context"
	"fmt"
	"math/rand"
	"sort"
	"strings"

	"carekiosk/model"
)

// StationOptions tune FillStation.
type StationOptions struct {
	// Unit names the unit the station reports for; it must be in the store
	// already (from the county's plan) or is added.
	Unit string
	// Year is the year the sessions fall in, from mid-January to
	// mid-December.
	Year int
	// Sessions is how many closed sessions to hold that year.
	Sessions int
	// Until is the last day a session may fall on; zero means 12-15 of
	// Year. A station filled for today's use ends yesterday, so nothing is
	// dated in its future.
	Until model.Date
	// Families is how many families live around the station.
	Families int
	Seed     int64
	// Clock is restored on the store when FillStation returns.
	Clock model.Clock
}

// FillStation writes a year of one station of one unit: the station, two
// instructors, the settings (the demo PIN), and opt.Sessions closed
// sessions spread over the year with their families and sign-ins. It is
// the station side of county tests: each station its own data folder.
func FillStation(ctx context.Context, st Store, opt StationOptions) (Summary, error) {
	var sum Summary
	defer st.SetClock(opt.Clock)
	set, err := st.Settings(ctx)
	if err != nil {
		return sum, err
	}
	rng := rand.New(rand.NewSource(opt.Seed))
	g := &gen{st: st, rng: rng, loc: set.Location(), ctx: ctx}
	if !opt.Until.IsZero() {
		g.now = opt.Clock.Time()
	}
	g.at(model.Date{Year: opt.Year, Month: 1, Day: 2}, 8, 0)
	unitID, err := findOrMakeUnit(ctx, st, opt.Unit)
	if err != nil {
		return sum, err
	}
	sname := opt.Unit + "活动室"
	if strings.HasSuffix(opt.Unit, "片卫生院") || opt.Unit == "青田县妇计中心" {
		sname = stationName(opt.Unit)
	}
	station, err := st.CreateStation(ctx, sname, unitID)
	if err != nil {
		return sum, err
	}
	var names []string
	for j := 0; j < 2; j++ {
		name := instructorNames[(int(opt.Seed)*2+j)%len(instructorNames)]
		if _, err := st.CreateInstructor(ctx, name, unitID); err != nil {
			return sum, err
		}
		names = append(names, name)
	}
	if set.PINHash, err = model.HashPIN(PIN); err != nil {
		return sum, err
	}
	set.UnitID, set.StationID = unitID, station.ID
	if err := st.SaveSettings(ctx, set); err != nil {
		return sum, err
	}
	end := model.Date{Year: opt.Year, Month: 12, Day: 31}
	g.makePeople(end, max(opt.Families, 10))
	first := model.Date{Year: opt.Year, Month: 1, Day: 15}
	last := model.Date{Year: opt.Year, Month: 12, Day: 15}
	if !opt.Until.IsZero() {
		last = opt.Until
	}
	span := max(daysBetween(first, last), 1)
	var days []model.Date
	for k := 0; k < opt.Sessions; k++ {
		days = append(days, first.AddDays((span*k+rng.Intn(span/max(opt.Sessions, 1)+1))/max(opt.Sessions, 1)))
	}
	sort.Slice(days, func(i, j int) bool { return days[i].Before(days[j]) })
	for i, d := range days {
		band := set.Bands[(i*3+rng.Intn(3))%len(set.Bands)]
		_, n, err := g.runSession(d, station.ID, band, names[i%2])
		if err != nil {
			return sum, fmt.Errorf("station session %s: %w", d, err)
		}
		sum.Sessions++
		sum.SignIns += n
	}
	sum.Units, sum.Families = 1, g.familiesMade
	return sum, nil
}

func findOrMakeUnit(ctx context.Context, st Store, name string) (string, error) {
	units, err := st.Units(ctx)
	if err != nil {
		return "", err
	}
	for _, u := range units {
		if u.Name == name {
			return u.ID, nil
		}
	}
	u, err := st.CreateUnit(ctx, name, len(units)+1)
	if err != nil {
		return "", err
	}
	return u.ID, nil
}
