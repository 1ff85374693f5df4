package main

import (
	"context"
	"fmt"
	"hash/fnv"
	"io"

	"carekiosk/demo"
	"carekiosk/model"
	"carekiosk/store"
)

func init() {
	commands["demo"] = command{"写入一年的演示数据 fill an empty folder with a demo year", runDemo}
}

// runDemo fills an empty data folder, named with --data, with the demo year.
func runDemo(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, data := newFlags("demo", "carekiosk demo --data DIR [--unit 单位]", stderr)
	unit := fs.String("unit", "", "只为这个单位的一个站点写入今年的活动（县里汇总演示用） one station of this unit only, this year (to try the county's merge)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if !flagGiven(fs, "data") {
		// Never fill the kiosk's real data folder with made-up families.
		fmt.Fprintln(stderr, "carekiosk demo: 请用 --data DIR 指定一个空文件夹存放演示数据 choose an empty folder for the demo data with --data DIR")
		fs.Usage()
		return exitError{2}
	}
	fill := fillDemo
	if *unit != "" {
		fill = func(ctx context.Context, dir string) (demo.Summary, error) { return fillStationDemo(ctx, dir, *unit) }
	}
	sum, err := fill(ctx, *data)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "演示数据已写入 Demo data written to %s\n", *data)
	fmt.Fprintf(stdout, "单位 units %d · 活动 sessions %d · 家庭 families %d · 签到 sign-ins %d · 更正 corrections %d\n",
		sum.Units, sum.Sessions, sum.Families, sum.SignIns, sum.Corrections)
	fmt.Fprintf(stdout, "指导员 PIN: %s\n", demo.PIN)
	return nil
}

// fillDemo opens (creating) the store in dir and fills it with the demo year.
func fillDemo(ctx context.Context, dir string) (demo.Summary, error) {
	s, err := store.Open(dir, store.Options{Clock: clockOf(ctx)})
	if err != nil {
		return demo.Summary{}, err
	}
	defer s.Close()
	if err := s.CheckClock(ctx); err != nil {
		return demo.Summary{}, err
	}
	return demo.Fill(ctx, s, demo.Options{Seed: 2026, Clock: clockOf(ctx)})
}

// fillStationDemo fills dir with this year of one station of unit, up to
// yesterday: a station as the county sees it, for trying the county's
// merge with several stations. A plan imported before is kept.
func fillStationDemo(ctx context.Context, dir, unit string) (demo.Summary, error) {
	s, err := store.Open(dir, store.Options{Clock: clockOf(ctx)})
	if err != nil {
		return demo.Summary{}, err
	}
	defer s.Close()
	if err := s.CheckClock(ctx); err != nil {
		return demo.Summary{}, err
	}
	stats, err := s.Stats(ctx)
	if err != nil {
		return demo.Summary{}, err
	}
	if stats.Sessions > 0 || stats.Families > 0 {
		return demo.Summary{}, model.Errorf(model.ECONFLICT, "这个数据文件夹已有活动或家庭，演示数据只能写入空文件夹；未作任何改动", "this data folder already holds sessions or families; demo data goes only into an empty folder. Nothing was changed")
	}
	set, err := s.Settings(ctx)
	if err != nil {
		return demo.Summary{}, err
	}
	today := model.DateOf(clockOf(ctx).Time().In(set.Location()))
	sessions := 5
	for _, cu := range model.QingtianPlan {
		if cu.Name == unit {
			sessions = max(cu.Quota-1, 1)
		}
	}
	h := fnv.New64a()
	h.Write([]byte(unit))
	return demo.FillStation(ctx, s, demo.StationOptions{Unit: unit, Year: today.Year, Sessions: sessions, Families: 40,
		Until: today.AddDays(-1), Seed: int64(h.Sum64() % 1000), Clock: clockOf(ctx)})
}
