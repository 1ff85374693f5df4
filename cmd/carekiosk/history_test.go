package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestHistoryImport imports a kept CSV 签到表 into the demo station: a dry
// run stores nothing, the import stores the readable rows and names the
// one it left out, check finds the database sound, and the same file
// again changes nothing and says so.
func TestHistoryImport(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	if code, out, errs := runCLI(t, "demo", "--data", dir); code != 0 {
		t.Fatalf("demo: %d %s %s", code, out, errs)
	}
	_, before, _ := runCLI(t, "check", "--data", dir)
	sheet := filepath.Join(t.TempDir(), "2024年3月签到表.csv")
	text := "\ufeff活动日期：2024-03-15,,活动地点：温溪站,,,\r\n\r\n序号,儿童姓名,儿童年龄,联系电话,养育人与儿童关系,家长签字\r\n" +
		"1,王小明,14月龄,138-1234-5678,妈妈,王芳\r\n2,李小红,1岁2个月,1.38E+10,外婆,\r\n"
	if err := os.WriteFile(sheet, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runCLI(t, "history", "import", "--data", dir, "--dry-run", sheet)
	if code != 0 || !strings.Contains(out, "试运行") || !strings.Contains(out, "2024-03-15 温溪站：新活动；家庭 1 个（新 1）；签到 1 条（新 1，已有 0）") ||
		!strings.Contains(out, "第 5 行未导入：联系电话“1.38E+10”") {
		t.Fatalf("dry run: %d\n%s\n%s", code, out, errs)
	}
	if _, out, _ := runCLI(t, "check", "--data", dir); out != before {
		t.Fatalf("the dry run stored something:\n%s\nbefore:\n%s", out, before)
	}
	code, out, errs = runCLI(t, "history", "import", sheet, "--data", dir)
	if code != 0 || !strings.Contains(out, "已导入") || !strings.Contains(out, "新签到 1 条") {
		t.Fatalf("import: %d\n%s\n%s", code, out, errs)
	}
	if code, out, _ := runCLI(t, "check", "--data", dir); code != 0 || !strings.Contains(out, "活动 Sessions: 54 (已结束 closed 53)") || !strings.Contains(before, "活动 Sessions: 53 (已结束 closed 52)") {
		t.Fatalf("check after import: %d\n%s", code, out)
	}
	code, out, errs = runCLI(t, "history", "import", "--data", dir, sheet)
	if code != 0 || !strings.Contains(out, "没有新内容") {
		t.Fatalf("import again: %d\n%s\n%s", code, out, errs)
	}
	if code, _, _ := runCLI(t, "history", "import", "--data", dir); code != 2 {
		t.Errorf("no file: exit %d, want 2", code)
	}
	if code, _, errs := runCLI(t, "history", "import", "--data", dir, filepath.Join(dir, "old.xls")); code != 1 || !strings.Contains(errs, ".xlsx") {
		t.Errorf("an .xls: exit %d %s", code, errs)
	}
}
