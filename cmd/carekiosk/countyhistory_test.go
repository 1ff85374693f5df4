package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCountyHistoryCommand imports one unit's old 统计表 (CSV) with
// --unit: the dry run stores nothing, the import stores, the second is a
// no-op; an unknown unit is refused with the plan's names.
func TestCountyHistoryCommand(t *testing.T) {
	root := filepath.Join(t.TempDir(), "县 中心")
	cdir := filepath.Join(root, "数据")
	if code, out, errs := runCLI(t, "county", "init", "--data", cdir, "--year", "2025"); code != 0 {
		t.Fatalf("init: %d %s %s", code, out, errs)
	}
	csv := filepath.Join(root, "北山 2024.csv")
	body := "活动日期,活动地点,活动内容,参与家庭（组）\n2024-05-06,北山镇活动室,辅食添加,6\n2024-13-01,北山镇活动室,亲子阅读,4\n"
	if err := os.WriteFile(csv, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	run := func(wantCode int, want string, args ...string) {
		t.Helper()
		code, out, errs := runCLI(t, append([]string{"county", "history", "import", "--data", cdir}, args...)...)
		if code != wantCode || !strings.Contains(out+errs, want) {
			t.Fatalf("%v: %d, want %d with %q\n%s\n%s", args, code, wantCode, want, out, errs)
		}
	}
	run(0, "第 2 行 2024-05-06 北山片卫生院 · 北山镇活动室 · 辅食添加：新的往年活动", "--dry-run", "--unit", "北山片卫生院", csv)
	run(0, "合计：新的往年活动 1 场，已导入过 0 场", "--unit", "北山片卫生院", csv)
	run(0, "第 3 行未导入：看不懂活动日期“2024-13-01”", "--unit", "北山片卫生院", csv)
	run(0, "没有新内容", "--unit", "北山片卫生院", csv)
	run(1, "单位“北山镇”不是本县计划中的单位", "--unit", "北山镇", csv)
	run(2, "give the files to import", "--unit", "北山片卫生院")
}
