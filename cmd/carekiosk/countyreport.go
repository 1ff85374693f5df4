package main

import (
	"context"
	"fmt"
	"io"

	"carekiosk/county"
	"carekiosk/model"
)

func init() {
	countyCommands["report"] = command{"写出全县报表（统计表、任务完成情况、上报情况、各单位记录表与签到表） write the county's report", runCountyReport}
}

// runCountyReport writes the county's report folder under --out.
func runCountyReport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, data := newFlags("county report", "carekiosk county report --data DIR --out DIR [--from YYYY-MM-DD] [--to YYYY-MM-DD]", stderr)
	out := fs.String("out", "", "报表写到的文件夹 folder to write the report into")
	from := fs.String("from", "", "开始日期 first session date YYYY-MM-DD (默认计划第一年1月1日 default: the plan's first year)")
	to := fs.String("to", "", "结束日期 last session date YYYY-MM-DD (默认今天 default: today)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := countyData(fs, flagGiven(fs, "data"), stderr, "report"); err != nil {
		return err
	}
	if *out == "" {
		fmt.Fprintln(stderr, "carekiosk county report: 请用 --out 指定报表写到哪个文件夹 give the folder to write into with --out")
		fs.Usage()
		return exitError{2}
	}
	f, err := parseDateFlag("from", *from)
	if err != nil {
		return usageError(stderr, err)
	}
	t, err := parseDateFlag("to", *to)
	if err != nil {
		return usageError(stderr, err)
	}
	if !f.IsZero() && !t.IsZero() && t.Before(f) {
		return usageError(stderr, model.Errorf(model.EINVALID, "--to 早于 --from", "--to is before --from"))
	}
	db, err := openCounty(ctx, *data, false)
	if err != nil {
		return err
	}
	defer db.Close()
	rep, err := county.WriteReport(ctx, db, *out, f, t, clockOf(ctx).Time())
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, rep.Summary("zh"))
	return nil
}
