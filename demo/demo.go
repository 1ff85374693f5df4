// Package demo fills an empty carekiosk database with a realistic year for
// the county in the paper forms: its ten units and their quotas, a station
// and instructors for each, about fifty sessions across the age bands, about
// 150 families whose children fit the bands, sign-ins with drawn and typed
// signatures, and a few corrections. It writes only through model.Store, so
// every record obeys the same rules as one made at the kiosk.
package demo

import (
	"context"
	"fmt"
	"math/rand"
	"sort"
	"time"

	"carekiosk/model"
)

// PIN is the instructor PIN of a demo installation.
const PIN = "2468"

// HomeUnit is the unit the demo kiosk reports for.
const HomeUnit = "温溪片卫生院"

// Store is what Fill needs: the model services and a settable clock, so
// records carry the dates they would have had.
type Store interface {
	model.Store
	SetClock(model.Clock)
}

// Options tune Fill.
type Options struct {
	// Today is the last day of the demo year; sessions fall before it. Zero
	// means the clock's today in the station's zone.
	Today model.Date
	// Seed makes the data reproducible.
	Seed int64
	// Clock is restored on the store when Fill returns.
	Clock model.Clock
}

// Summary tells what Fill made.
type Summary struct {
	Units, Sessions, Families, SignIns, Corrections int
}

// Fill writes the demo year into an empty store.
func Fill(ctx context.Context, st Store, opt Options) (Summary, error) {
	var sum Summary
	stats, err := st.Stats(ctx)
	if err != nil {
		return sum, err
	}
	if units, _ := st.Units(ctx); stats.Sessions > 0 || stats.Families > 0 || len(units) > 0 {
		return sum, model.Errorf(model.ECONFLICT, "这个数据文件夹已有数据，演示数据只能写入空文件夹；未作任何改动", "this data folder already holds records; demo data goes only into an empty folder. Nothing was changed")
	}
	defer st.SetClock(opt.Clock)
	set := model.DefaultSettings()
	loc := set.Location()
	today := opt.Today
	if today.IsZero() {
		today = model.DateOf(opt.Clock.Time().In(loc))
	}
	rng := rand.New(rand.NewSource(opt.Seed))
	g := &gen{st: st, rng: rng, loc: loc, ctx: ctx, now: opt.Clock.Time()}

	// The demo year holds sessions from March to yesterday; early in the
	// year, with under two months of that behind today, it is last year.
	year, end := today.Year, today.AddDays(-1)
	if daysBetween(model.Date{Year: year, Month: 3, Day: 1}, today) < 60 {
		year, end = year-1, model.Date{Year: year - 1, Month: 12, Day: 31}
	}

	units, err := g.makeUnits(year, set)
	if err != nil {
		return sum, err
	}
	sum.Units = len(units)

	// The children of the county: born over the 40 months before today.
	g.makePeople(today, 170)

	closed, signIns, err := g.holdSessions(units, year, end, today)
	if err != nil {
		return sum, err
	}
	sum.Sessions, sum.SignIns = len(closed), signIns
	if sum.Corrections, err = g.correct(closed); err != nil {
		return sum, err
	}
	planned, err := g.planNext(units, today)
	if err != nil {
		return sum, err
	}
	sum.Sessions += planned
	sum.Families = g.familiesMade
	return sum, nil
}

// unitInfo is a demo unit with its station, two instructors and its quota.
type unitInfo struct {
	unit        model.Unit
	station     model.Station
	instructors []string
	quota       int
}

// makeUnits creates the county's units with their quotas, stations and
// instructors, dated at the start of January, and saves the settings of
// the home unit's station with the demo PIN.
func (g *gen) makeUnits(year int, set model.Settings) ([]unitInfo, error) {
	ctx, st := g.ctx, g.st
	g.at(model.Date{Year: year, Month: 1, Day: 2}, 8, 0)
	var units []unitInfo
	for i, cu := range model.QingtianPlan {
		u, err := st.CreateUnit(ctx, cu.Name, i+1)
		if err != nil {
			return nil, err
		}
		if err := st.SetQuota(ctx, model.Quota{UnitID: u.ID, Year: year, Sessions: cu.Quota}); err != nil {
			return nil, err
		}
		s, err := st.CreateStation(ctx, stationName(cu.Name), u.ID)
		if err != nil {
			return nil, err
		}
		var names []string
		for j := 0; j < 2; j++ {
			name := instructorNames[(i*2+j)%len(instructorNames)]
			if _, err := st.CreateInstructor(ctx, name, u.ID); err != nil {
				return nil, err
			}
			names = append(names, name)
		}
		units = append(units, unitInfo{*u, *s, names, cu.Quota})
	}
	pinHash, err := model.HashPIN(PIN)
	if err != nil {
		return nil, err
	}
	for _, u := range units {
		if u.unit.Name == HomeUnit {
			set.UnitID, set.StationID = u.unit.ID, u.station.ID
		}
	}
	set.PINHash = pinHash
	return units, st.SaveSettings(ctx, set)
}

// holdSessions runs each unit's sessions: most of its quota, spread from
// March to end. It returns them closed, with the number of sign-ins.
func (g *gen) holdSessions(units []unitInfo, year int, end, today model.Date) ([]model.Session, int, error) {
	rng := g.rng
	type plan struct {
		date model.Date
		unit unitInfo
	}
	var plans []plan
	first := model.Date{Year: year, Month: 3, Day: 1}
	span := daysBetween(first, end)
	for _, u := range units {
		held := u.quota - rng.Intn(2)
		if u.unit.Name == HomeUnit {
			held = u.quota - 2 // the home unit still has work to do this year
		}
		for k := 0; k < held; k++ {
			day := first.AddDays((span*k + rng.Intn(span/held+1)) / held)
			if !day.Before(today) {
				day = today.AddDays(-1 - rng.Intn(5))
			}
			plans = append(plans, plan{day, u})
		}
	}
	sort.SliceStable(plans, func(i, j int) bool { return plans[i].date.Before(plans[j].date) })
	var closed []model.Session
	signIns := 0
	for i, p := range plans {
		band := model.DefaultAgeBands[(i*3+rng.Intn(3))%len(model.DefaultAgeBands)]
		sess, n, err := g.runSession(p.date, p.unit.station.ID, band, p.unit.instructors[i%2])
		if err != nil {
			return nil, 0, fmt.Errorf("demo session %s: %w", p.date, err)
		}
		closed = append(closed, *sess)
		signIns += n
	}
	return closed, signIns, nil
}

// correct makes a few corrections, some days after the sessions they fix.
func (g *gen) correct(closed []model.Session) (int, error) {
	n := 0
	for k, idx := range []int{3, len(closed) / 2, len(closed) - 4} {
		if idx < 0 || idx >= len(closed) {
			continue
		}
		s := closed[idx]
		g.at(s.Date.AddDays(2), 10, k)
		var in model.CorrectionInput
		switch k {
		case 0:
			in = model.CorrectionInput{SessionID: s.ID, Who: s.Instructor, Field: model.FieldTitle, NewValue: s.Title + "（第二期）", Reason: "标题漏写期数"}
		case 1:
			in = model.CorrectionInput{SessionID: s.ID, Who: s.Instructor, Field: model.FieldSummaryIncidents, NewValue: "一名幼儿活动中轻微磕碰，已冰敷处理，家长知情。", Reason: "补记突发事件"}
		default:
			in = model.CorrectionInput{SessionID: s.ID, Who: "叶巧玉", Field: model.SegmentNotesField(model.SegHealthEducation), NewValue: s.Segments[1].Notes + " 发放宣传折页20份。", Reason: "补充宣教材料数量"}
		}
		if _, err := g.st.Correct(g.ctx, in); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// planNext plans the home station's next session, for the coming week.
func (g *gen) planNext(units []unitInfo, today model.Date) (int, error) {
	n := 0
	for _, u := range units {
		if u.unit.Name != HomeUnit {
			continue
		}
		g.at(today, 8, 0)
		band := model.DefaultAgeBands[g.rng.Intn(len(model.DefaultAgeBands))]
		t := pickTitle(g.rng, band)
		if _, err := g.st.CreateSession(g.ctx, model.NewSessionInput{Date: today.AddDays(3), StationID: u.station.ID, Band: band, Title: t.title,
			Instructor: u.instructors[0], Areas: t.areas, Planned: t.planned}); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

func daysBetween(a, b model.Date) int {
	return int(b.Time(time.UTC).Sub(a.Time(time.UTC)).Hours() / 24)
}

func stationName(unit string) string {
	if unit == "青田县妇计中心" {
		return "青田县妇计中心儿童早期发展活动室"
	}
	return unit[:len(unit)-len("片卫生院")] + "镇卫生院儿童保健室"
}

var instructorNames = []string{"夏伟晓", "刘礼娇", "季伟苏", "林妙", "叶高翔", "陈彩霞", "王美娟", "金雪芬", "吴晓燕", "胡丽萍",
	"汤秀英", "邱慧敏", "周玲玲", "徐静", "潘月娥", "杨丽", "朱婷婷", "郑小芳", "蒋爱华", "留海燕"}
