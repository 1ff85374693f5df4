package main

import (
	"context"
	"fmt"
	"io"
	"slices"

	"carekiosk/export"
	"carekiosk/model"
	"carekiosk/store"
)

func init() {
	commands["export"] = command{"导出表格与站点数据包 export the forms and the station bundle", runExport}
}

// runExport writes the county's forms (xlsx), the same tables as CSV and a
// signed station bundle into a new folder under --out.
func runExport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, data := newFlags("export", "carekiosk export --data DIR --out DIR [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--format xlsx,csv,bundle]", stderr)
	out := fs.String("out", "", "导出到的文件夹（如U盘） folder to export to (e.g. a USB stick)")
	from := fs.String("from", "", "开始日期 first session date YYYY-MM-DD (默认不限 default: all)")
	to := fs.String("to", "", "结束日期 last session date YYYY-MM-DD (默认不限 default: all)")
	format := fs.String("format", "xlsx,csv,bundle", "格式 formats: xlsx,csv,bundle")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *out == "" {
		fmt.Fprintln(stderr, "carekiosk export: 请用 --out 指定导出到哪个文件夹（如U盘） give the folder to export to with --out (e.g. a USB stick)")
		fs.Usage()
		return exitError{2}
	}
	opt := export.Options{OutDir: *out}
	var err error
	if opt.From, err = parseDateFlag("from", *from); err != nil {
		return usageError(stderr, err)
	}
	if opt.To, err = parseDateFlag("to", *to); err != nil {
		return usageError(stderr, err)
	}
	if !opt.From.IsZero() && !opt.To.IsZero() && opt.To.Before(opt.From) {
		return usageError(stderr, model.Errorf(model.EINVALID, "--to 早于 --from", "--to is before --from"))
	}
	if opt.Formats, err = export.ParseFormats(*format); err != nil {
		return usageError(stderr, err)
	}
	// Without a bundle nothing is written to the database: open it read-only.
	// A missing or empty database is refused, never set up: it would export
	// an empty station under a new key and use up bundle number 1.
	s, err := store.Open(*data, store.Options{Clock: clockOf(ctx), ReadOnly: !slices.Contains(opt.Formats, export.FormatBundle), Existing: true})
	if err != nil {
		return err
	}
	defer s.Close()
	rep, err := export.Run(ctx, s, opt, nil)
	if model.ErrorCode(err) == model.ECLOCK {
		return &model.Error{Code: model.ECLOCK,
			Message:   model.ErrorMessage(err, model.LangZH) + "。未导出任何文件。请先校准本机时间（例如 sudo timedatectl set-time \"2026-11-30 10:30\"），或在签到屏幕确认日期和时间后从“导出”页导出",
			MessageEN: model.ErrorMessage(err, model.LangEN) + ". Nothing was exported. Set the system clock first (e.g. sudo timedatectl set-time \"2026-11-30 10:30\"), or confirm the date and time on the kiosk screen and export from its export page"}
	}
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, "导出完成 Export complete")
	fmt.Fprintln(stdout, rep.Summary(model.LangZH))
	return nil
}

// parseDateFlag reads an optional YYYY-MM-DD flag.
func parseDateFlag(name, v string) (model.Date, error) {
	if v == "" {
		return model.Date{}, nil
	}
	d, err := model.ParseDate(v)
	if err != nil {
		return d, model.FieldErrorf(name, "--%s 日期格式应为 YYYY-MM-DD：%s", "--%s must be a date YYYY-MM-DD: %s", name, v)
	}
	return d, nil
}
