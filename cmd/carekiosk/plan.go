package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"carekiosk/county"
	"carekiosk/model"
	"carekiosk/store"
)

func init() {
	commands["plan"] = command{"导入县妇计中心的计划 import the county's plan (plan import FILE)", runPlan}
}

// runPlan imports the county's signed plan at a station:
// carekiosk plan import --data DIR FILE.
func runPlan(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "import" {
		fmt.Fprintln(stderr, "用法 Usage: carekiosk plan import --data DIR FILE")
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			return nil
		}
		return exitError{2}
	}
	fs, data := newFlags("plan import", "carekiosk plan import --data DIR FILE", stderr)
	file, err := oneArg(fs, args[1:], "计划文件 the plan file")
	if err != nil {
		return err
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return model.Errorf(model.ENOTFOUND, "无法读取计划文件 %s：%v", "cannot read the plan file %s: %v", file, err)
	}
	if _, err := os.Stat(*data + string(os.PathSeparator) + store.FileName); err != nil {
		return model.Errorf(model.ENOTFOUND,
			"%[1]s 中还没有 carekiosk 数据库：请先启动 carekiosk --data %[1]s，设好指导员 PIN 并填写单位和活动地点，再导入计划（也可在设置里按 ctrl+o 从U盘导入）",
			"there is no carekiosk database in %[1]s yet: first start carekiosk --data %[1]s, set the instructor PIN and enter the unit and station, then import the plan (or press ctrl+o in the settings to take it from the USB stick)", *data)
	}
	s, err := store.Open(*data, store.Options{Clock: clockOf(ctx)})
	if err != nil {
		return err
	}
	defer s.Close()
	res, p, err := county.ImportPlan(ctx, s, b)
	if err != nil {
		return err
	}
	if res.Unchanged {
		fmt.Fprintf(stdout, "%s %s\n", county.PlanHeldMessage(p.Serial, model.LangZH), county.PlanHeldMessage(p.Serial, model.LangEN))
	} else {
		fmt.Fprintf(stdout, "已导入%s的计划 Plan imported（第 %d 版 issue %d）\n", p.County, p.Serial, p.Serial)
		if py, ok := p.Year(res.Year); ok {
			printPlanYear(stdout, py)
		}
	}
	if !res.UnitInPlan {
		fmt.Fprintln(stdout, "请在设置中从计划的单位列表里选择本站的单位 pick this station's unit from the plan's list in the settings")
	}
	return nil
}
