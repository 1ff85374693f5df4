package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"

	"carekiosk/county"
)

func init() {
	countyCommands["history"] = command{"导入各单位往年的活动统计表 import units' old statistics tables (history import FILE…)", runCountyHistory}
}

const countyHistoryUsage = "carekiosk county history import --data DIR [--dry-run] [--unit 单位] FILE.xlsx|FILE.csv…"

// runCountyHistory imports the 活动统计表 units kept before carekiosk into
// the county's history: carekiosk county history import --data DIR
// [--dry-run] [--unit NAME] FILE….
func runCountyHistory(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "import" {
		fmt.Fprintln(stderr, "用法 Usage:", countyHistoryUsage)
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			return nil
		}
		return exitError{2}
	}
	fs, data := newFlags("county history import", countyHistoryUsage, stderr)
	dry := fs.Bool("dry-run", false, "只显示将导入什么，不保存 show what would be imported, store nothing")
	unit := fs.String("unit", "", "表中没有“单位”列时，这些表是哪个单位的（计划中的名称） the unit of sheets without a 单位 column, as the plan names it")
	files, err := parseWithArgs(fs, args[1:])
	if err != nil {
		return err
	}
	if err := countyData(fs, flagGiven(fs, "data"), stderr, "history import"); err != nil {
		return err
	}
	if len(files) == 0 {
		fmt.Fprintln(stderr, "carekiosk county history import: 请给出要导入的统计表文件 give the files to import")
		fs.Usage()
		return exitError{2}
	}
	db, err := openCounty(ctx, *data, false)
	if err != nil {
		return err
	}
	defer db.Close()
	in := make([]county.HistoryInput, len(files))
	for i, f := range files {
		in[i] = county.HistoryInput{Name: filepath.Base(f), Path: f}
	}
	rep, err := county.ImportHistory(ctx, db, in, *unit, *dry)
	if err != nil {
		return err
	}
	rep.Write(stdout)
	return nil
}
