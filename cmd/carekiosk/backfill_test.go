package main

import (
	"archive/zip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// withStdin makes the commands read the PIN from text.
func withStdin(t *testing.T, text string) {
	t.Helper()
	old := stdin
	stdin = strings.NewReader(text)
	t.Cleanup(func() { stdin = old })
}

// TestBackfillSession enters a session held during a power cut from its
// paper sheet: a wrong PIN stores nothing, the right one stores it dated
// as held, and every form and the bundle carry the mark 纸质补录.
func TestBackfillSession(t *testing.T) {
	t.Setenv(nowEnv, "2026-11-30T10:00:00+08:00")
	dir := filepath.Join(t.TempDir(), "data")
	if code, out, errs := runCLI(t, "demo", "--data", dir); code != 0 {
		t.Fatalf("demo: %d %s %s", code, out, errs)
	}
	sheet := filepath.Join(t.TempDir(), "签到表.csv")
	if err := os.WriteFile(sheet, []byte("序号,儿童姓名,儿童年龄,联系电话,养育人与儿童关系,家长签字\n1,周小雨,1岁2个月,13812349876,母亲,\n2,吴小天,15月龄,13912349876,外婆,张兰\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{"backfill", "--data", dir, "--date", "2026-11-20", "--band", "13-18", "--title", "停电时的活动", "--instructor", "陈医生",
		"--station", "温溪村卫生室", "--areas", "营养,安全与保护", "--education", "辅食添加", "--activity", "亲子游戏", "--handover", "停电，改用纸质签到表", "--sheet", sheet}
	withStdin(t, "0000\n")
	if code, out, errs := runCLI(t, args...); code != 1 || !strings.Contains(errs, "PIN") {
		t.Fatalf("wrong PIN: %d\n%s\n%s", code, out, errs)
	}
	withStdin(t, "2468\n")
	if code, out, errs := runCLI(t, append(args[:len(args):len(args)], "--date", "2026-12-01")...); code != 1 || !strings.Contains(errs, "晚于今天") {
		t.Fatalf("a future date: %d\n%s\n%s", code, out, errs)
	}
	withStdin(t, "2468\n")
	code, out, errs := runCLI(t, args...)
	if code != 0 || !strings.Contains(out, "已补录") || !strings.Contains(out, "签到 2 条") {
		t.Fatalf("backfill: %d\n%s\n%s", code, out, errs)
	}
	withStdin(t, "2468\n")
	if code, _, errs := runCLI(t, args...); code != 1 || !strings.Contains(errs, "已有一场活动") {
		t.Fatalf("the same session twice: %d %s", code, errs)
	}
	if code, out, _ := runCLI(t, "check", "--data", dir); code != 0 {
		t.Fatalf("check: %d\n%s", code, out)
	}

	outDir := t.TempDir()
	if code, out, errs := runCLI(t, "export", "--data", dir, "--out", outDir, "--from", "2026-11-20", "--to", "2026-11-20"); code != 0 {
		t.Fatalf("export: %d\n%s\n%s", code, out, errs)
	}
	folders, _ := filepath.Glob(filepath.Join(outDir, "carekiosk导出_*"))
	if len(folders) != 1 {
		t.Fatalf("export folders: %v", folders)
	}
	root := folders[0]
	csvText := func(name string) string {
		b, err := os.ReadFile(filepath.Join(root, "CSV", name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	if s := csvText("活动统计表.csv"); !strings.Contains(s, "2026-11-20,温溪村卫生室,停电时的活动（营养、安全与保护）,13-18月龄,2,纸质补录（录入于 2026-11-30 10:00）") {
		t.Errorf("统计表.csv lacks the backfilled session and its mark:\n%s", s)
	}
	if s := csvText("签到表.csv"); !strings.Contains(s, "1,周小雨,14月龄,138-1234-9876,妈妈,纸质签字,纸质,2026-11-20 00:00") ||
		!strings.Contains(s, "2,吴小天,15月龄,139-1234-9876,外婆,张兰,纸质,2026-11-20 00:00") {
		t.Errorf("签到表.csv:\n%s", s)
	}
	books, _ := filepath.Glob(filepath.Join(root, "活动记录与签到表", "2026-11-20_温溪村卫生室_*.xlsx"))
	if len(books) != 1 {
		t.Fatalf("session workbooks: %v", books)
	}
	f, err := excelize.OpenFile(books[0])
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	record, _ := f.GetRows("活动记录表")
	signIns, _ := f.GetRows("签到表")
	if !strings.Contains(flatten(record), "注：纸质补录（录入于 2026-11-30 10:00），依据纸质活动记录和签到表录入") {
		t.Errorf("活动记录表 lacks the mark:\n%s", flatten(record))
	}
	if !strings.Contains(flatten(signIns), "（纸质补录，家长在纸质签到表上签字）") {
		t.Errorf("签到表 lacks the mark:\n%s", flatten(signIns))
	}
	stats, _ := filepath.Glob(filepath.Join(root, "活动统计表_*.xlsx"))
	sf, err := excelize.OpenFile(stats[0])
	if err != nil {
		t.Fatal(err)
	}
	defer sf.Close()
	rows, _ := sf.GetRows("活动统计表")
	if !strings.Contains(flatten(rows), "纸质补录（录入于 2026-11-30 10:00）") {
		t.Errorf("活动统计表 lacks the mark:\n%s", flatten(rows))
	}
	bundles, _ := filepath.Glob(filepath.Join(root, "*.zip"))
	if len(bundles) != 1 || !strings.Contains(zipEntry(t, bundles[0], "records/sessions.jsonl"), `"date":"2026-11-20","station_id"`) ||
		!strings.Contains(zipEntry(t, bundles[0], "records/sessions.jsonl"), `"origin":"backfill"`) {
		t.Errorf("the bundle lacks the backfilled session with its origin")
	}
	if code, out, errs := runCLI(t, "verify", bundles[0]); code != 0 {
		t.Errorf("verify: %d\n%s\n%s", code, out, errs)
	}
}

func flatten(rows [][]string) string {
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(strings.Join(r, "|") + "\n")
	}
	return b.String()
}

func zipEntry(t *testing.T, path, name string) string {
	t.Helper()
	z, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	for _, f := range z.File {
		if f.Name == name {
			r, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(r)
			r.Close()
			return string(b)
		}
	}
	t.Fatalf("%s has no %s", path, name)
	return ""
}
