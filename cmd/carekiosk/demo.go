package main

import (
	"context"
	"fmt"
	"io"

	"carekiosk/demo"
	"carekiosk/store"
)

func init() {
	commands["demo"] = command{"写入一年的演示数据 fill an empty folder with a demo year", runDemo}
}

// runDemo fills an empty data folder, named with --data, with the demo year.
func runDemo(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, data := newFlags("demo", "carekiosk demo --data DIR", stderr)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if !flagGiven(fs, "data") {
		// Never fill the kiosk's real data folder with made-up families.
		fmt.Fprintln(stderr, "carekiosk demo: 请用 --data DIR 指定一个空文件夹存放演示数据 choose an empty folder for the demo data with --data DIR")
		fs.Usage()
		return exitError{2}
	}
	sum, err := fillDemo(ctx, *data)
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
