package main

import (
	"context"
	"fmt"
	"io"

	"carekiosk/store"
)

func init() {
	commands["check"] = command{"检查数据库完整性 check the database (read-only)", runCheck}
}

// runCheck runs SQLite's integrity check and the schema check and prints a
// summary. It opens the database read-only and changes nothing.
func runCheck(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, data := newFlags("check", "carekiosk check [--data DIR]", stderr)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	s, err := store.Open(*data, store.Options{ReadOnly: true, Clock: clockOf(ctx)})
	if err != nil {
		return err
	}
	defer s.Close()
	rep, err := s.Check(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "数据库 Database: %s (数据版本 schema %d)\n", s.Path(), rep.Version)
	for _, p := range rep.Integrity {
		fmt.Fprintln(stdout, "完整性问题 integrity:", p)
	}
	for _, p := range rep.Schema {
		fmt.Fprintln(stdout, "结构问题 schema:", p)
	}
	if !rep.OK() {
		fmt.Fprintln(stdout, "结果 Result: 有问题 PROBLEMS FOUND — 文件未作改动 the file was not changed")
		return exitError{2}
	}
	st := rep.Stats
	newest := st.NewestSession.String()
	if newest == "" {
		newest = "无 none"
	}
	fmt.Fprintf(stdout, "完整性 Integrity: ok\n")
	fmt.Fprintf(stdout, "活动 Sessions: %d (已结束 closed %d)\n", st.Sessions, st.Closed)
	fmt.Fprintf(stdout, "签到 Sign-ins: %d\n", st.SignIns)
	fmt.Fprintf(stdout, "家庭 Families: %d, 儿童 children: %d\n", st.Families, st.Children)
	fmt.Fprintf(stdout, "更正 Corrections: %d\n", st.Corrections)
	fmt.Fprintf(stdout, "最新活动 Newest session: %s\n", newest)
	return nil
}
