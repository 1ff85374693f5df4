package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestCountyOnFullDisk: the county's database on a full disk. Importing an
// old statistics table says the storage is full (Chinese first) instead of
// a bare I/O error, and the county's files are left as they were.
func TestCountyOnFullDisk(t *testing.T) {
	src := filepath.Join(t.TempDir(), "县中心")
	if code, out, errs := runCLI(t, "county", "init", "--data", src); code != 0 {
		t.Fatalf("county init: %d\n%s\n%s", code, out, errs)
	}
	data := filepath.Join(t.TempDir(), "满盘")
	if err := os.MkdirAll(data, 0o755); err != nil {
		t.Fatal(err)
	}
	mountTmpfs(t, data, "2m")
	if out, err := exec.Command("cp", "-a", src+"/.", data).CombinedOutput(); err != nil {
		t.Fatalf("cp: %v %s", err, out)
	}
	before := map[string]string{}
	files, _ := filepath.Glob(filepath.Join(data, "*"))
	for _, f := range files {
		b, _ := os.ReadFile(f)
		before[f] = string(b)
	}
	f, _ := os.Create(filepath.Join(data, "filler"))
	for {
		if _, err := f.Write(make([]byte, 4096)); err != nil {
			break
		}
	}
	f.Close()
	sheet := filepath.Join(t.TempDir(), "温溪2024.csv")
	if err := os.WriteFile(sheet, []byte("活动日期,活动地点,活动内容,活动月龄,参与家庭（组）\n2024-03-15,温溪站,辅食添加,13-18,6\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errs := runCLI(t, "county", "history", "import", "--data", data, "--unit", "温溪片卫生院", sheet)
	assertAdvice(t, code, errs, "满", "full")
	for f, b := range before {
		if got, _ := os.ReadFile(f); string(got) != b {
			t.Errorf("%s changed", filepath.Base(f))
		}
	}
}
