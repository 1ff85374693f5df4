package main

import (
	"context"
	"fmt"
	"io"

	"carekiosk/paperimport"
	"carekiosk/store"
)

func init() {
	commands["history"] = command{"导入往年的签到表和统计表 import last years' sheets (history import FILE…)", runHistory}
}

const historyUsage = "carekiosk history import --data DIR [--dry-run] FILE.xlsx|FILE.csv…"

// runHistory imports the sign-in sheets and statistics tables a station
// kept before the kiosk: carekiosk history import --data DIR [--dry-run] FILE….
func runHistory(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "import" {
		fmt.Fprintln(stderr, "用法 Usage:", historyUsage)
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			return nil
		}
		return exitError{2}
	}
	fs, data := newFlags("history import", historyUsage, stderr)
	dry := fs.Bool("dry-run", false, "只显示将导入什么，不保存 show what would be imported, store nothing")
	files, err := parseWithArgs(fs, args[1:])
	if err != nil {
		return err
	}
	if len(files) == 0 {
		fmt.Fprintln(stderr, "carekiosk history import: 请给出要导入的表格文件 give the files to import")
		fs.Usage()
		return exitError{2}
	}
	var wbs []*paperimport.Workbook
	for _, f := range files {
		wb, err := paperimport.ReadFile(f)
		if err != nil {
			return err
		}
		wbs = append(wbs, wb)
	}
	s, err := store.Open(*data, store.Options{Clock: clockOf(ctx), Existing: true})
	if err != nil {
		return err
	}
	defer s.Close()
	list, merged := paperimport.Sessions(wbs)
	outcomes, err := s.ImportPaper(ctx, list, *dry)
	if err != nil {
		return err
	}
	paperimport.WriteReport(stdout, wbs, list, merged, outcomes, *dry)
	return nil
}
