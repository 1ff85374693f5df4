package export

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"carekiosk/model"
)

// fullDisk is a file that accepts limit bytes and then fails as a full USB
// stick does.
type fullDisk struct {
	f     *os.File
	limit *int64
}

func (d *fullDisk) Write(p []byte) (int, error) {
	if int64(len(p)) > *d.limit {
		n, _ := d.f.Write(p[:*d.limit])
		*d.limit = 0
		return n, &os.PathError{Op: "write", Path: d.f.Name(), Err: syscall.ENOSPC}
	}
	*d.limit -= int64(len(p))
	return d.f.Write(p)
}
func (d *fullDisk) Sync() error  { return d.f.Sync() }
func (d *fullDisk) Close() error { return d.f.Close() }

// assertEmpty fails unless dir holds nothing (no partial files, no
// incomplete folder).
func assertEmpty(t *testing.T, dir string) {
	t.Helper()
	var left []string
	filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if p != dir {
			left = append(left, p)
		}
		return nil
	})
	if len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}
}

func TestFullDiskRemovesPartialFiles(t *testing.T) {
	c := sharedCounty(t)
	before, _ := c.s.BundleState(c.ctx)
	// Fail after 0 bytes, in the middle of the first file, and deep into the
	// export (the bundle, written last).
	for _, limit := range []int64{0, 3000, 400_000} {
		out := t.TempDir()
		budget := limit
		opt := Options{OutDir: out, create: func(path string) (fileWriter, error) {
			f, err := osCreate(path)
			if err != nil {
				return nil, err
			}
			return &fullDisk{f: f.(*os.File), limit: &budget}, nil
		}}
		_, err := Run(c.ctx, c.s, opt, nil)
		if model.ErrorCode(err) != model.EFULL {
			t.Fatalf("limit %d: %v", limit, err)
		}
		if zh := model.ErrorMessage(err, "zh"); !strings.Contains(zh, "空间已满") || !strings.Contains(zh, "已删除不完整的文件") {
			t.Errorf("message %q", zh)
		}
		if en := model.ErrorMessage(err, "en"); !strings.Contains(en, "full") {
			t.Errorf("English message %q", en)
		}
		assertEmpty(t, out)
	}
	// A failed export does not use up a bundle number.
	if after, _ := c.s.BundleState(c.ctx); after != before {
		t.Errorf("bundle state changed: %+v → %+v", before, after)
	}
}

// TestTinyUSBStick exports to a real 256 KiB file system (a tmpfs, when
// this process may mount one).
func TestTinyUSBStick(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("mounting a tmpfs needs root; TestFullDiskRemovesPartialFiles covers a full disk without it")
	}
	mnt := t.TempDir()
	if b, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", mnt).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs here: %v %s", err, b)
	}
	t.Cleanup(func() { exec.Command("umount", mnt).Run() })
	c := sharedCounty(t)
	_, err := Run(c.ctx, c.s, Options{OutDir: mnt}, nil)
	if model.ErrorCode(err) != model.EFULL {
		t.Fatalf("export to a full stick: %v", err)
	}
	assertEmpty(t, mnt)
}

func TestUnwritableFolder(t *testing.T) {
	c := sharedCounty(t)
	parent := t.TempDir()
	ro := filepath.Join(parent, "readonly")
	if err := os.Mkdir(ro, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(ro, 0o755) })
	opt := Options{OutDir: ro}
	if os.Geteuid() == 0 {
		// root writes anywhere: make the folder refuse as a read-only stick does.
		opt.create = func(path string) (fileWriter, error) {
			return nil, &os.PathError{Op: "open", Path: path, Err: syscall.EROFS}
		}
	}
	_, err := Run(c.ctx, c.s, opt, nil)
	if err == nil || !strings.Contains(model.ErrorMessage(err, "zh"), "无法写入文件夹") || !strings.Contains(model.ErrorMessage(err, "en"), "Cannot write") {
		t.Fatalf("unwritable folder: %v", err)
	}
	assertEmpty(t, ro)
	// A path under a file is refused clearly too.
	file := filepath.Join(parent, "file")
	os.WriteFile(file, []byte("x"), 0o644)
	if _, err := Run(c.ctx, c.s, Options{OutDir: filepath.Join(file, "sub")}, nil); err == nil || model.ErrorMessage(err, "zh") == "" {
		t.Fatalf("folder under a file: %v", err)
	}
}

func TestEmptyAndBadRanges(t *testing.T) {
	c := sharedCounty(t)
	out := t.TempDir()
	prev, _ := c.s.BundleState(c.ctx)
	rep, err := Run(c.ctx, c.s, Options{OutDir: out, From: model.MustDate("2025-01-01"), To: model.MustDate("2025-12-31")}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Sessions != 0 || rep.SignIns != 0 || len(rep.Files) != 6 || rep.BundleSequence != prev.Sequence+1 {
		t.Fatalf("empty range: %+v", rep)
	}
	x := openXLSX(t, findFile(t, rep.Files, "活动统计表"))
	if v := cell(t, x, sheetStatistics, "A4"); v != "（所选日期范围内没有活动）" {
		t.Errorf("empty statistics %q", v)
	}
	if v := cell(t, x, sheetQuota, "A1"); !strings.Contains(v, "2025年") {
		t.Errorf("quota year %q", v)
	}
	// The bundle is whole even for a range without sessions.
	if info, err := VerifyFile(rep.Bundle, nil); err != nil || !info.Manifest.Whole() || info.Manifest.Counts.Sessions == 0 || info.Manifest.Counts.Sessions != rep.BundleSessions {
		t.Errorf("bundle of an empty range: %v %+v", err, info)
	}
	if sum := rep.Summary("zh"); !strings.Contains(sum, "数据包总是完整的") {
		t.Errorf("the summary does not say the bundle is whole:\n%s", sum)
	}
	_, err = Run(c.ctx, c.s, Options{OutDir: out, From: model.MustDate("2026-12-31"), To: model.MustDate("2026-01-01")}, nil)
	if model.ErrorCode(err) != model.EINVALID || !strings.Contains(model.ErrorMessage(err, "zh"), "早于开始日期") {
		t.Errorf("reversed range: %v", err)
	}
	if _, err := Run(c.ctx, c.s, Options{OutDir: out, Formats: []string{"pdf"}}, nil); model.ErrorCode(err) != model.EINVALID {
		t.Errorf("unknown format: %v", err)
	}
	if _, err := Run(c.ctx, c.s, Options{}, nil); model.ErrorCode(err) != model.EINVALID {
		t.Errorf("no folder: %v", err)
	}
}

func TestCSV(t *testing.T) {
	c := sharedCounty(t)
	rep, err := Run(c.ctx, c.s, Options{OutDir: t.TempDir(), Formats: []string{FormatCSV}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Files) != 4 {
		t.Fatalf("files %v", rep.Files)
	}
	for _, p := range rep.Files {
		b, _ := os.ReadFile(p)
		if !bytes.HasPrefix(b, []byte("\xEF\xBB\xBF")) {
			t.Errorf("%s: no UTF-8 BOM", p)
		}
	}
	rows := readCSVFile(t, findFile(t, rep.Files, "签到表.csv"))
	if rows[0][0] != "\uFEFF活动日期" || len(rows) != 1+212 {
		t.Fatalf("sign-in CSV: %d rows, header %q", len(rows), rows[0])
	}
	var phones, inject, rare int
	for _, r := range rows[1:] {
		if p, err := model.NormalizePhone(r[7]); err == nil && strings.Count(r[7], "-") == 2 && len(p) == 11 {
			phones++
		}
		if r[2] == `'=HYPERLINK("http://x","点我")` {
			inject++
		}
		if r[5] == "𠮷祥" {
			rare++
		}
		if strings.ContainsAny(r[2][:1], "=+-@\t\r") {
			t.Errorf("formula cell %q", r[2])
		}
	}
	if phones != 212 || inject != 2 || rare != 1 {
		t.Errorf("phones %d, neutralised %d, rare %d", phones, inject, rare)
	}
	rows = readCSVFile(t, findFile(t, rep.Files, "活动统计表.csv"))
	if len(rows) != 7 || rows[6][2] != "'@SUM(A1:A9)（营养、回应性照护）" || rows[5][2] != `'=HYPERLINK("http://x","点我")（营养、回应性照护）` {
		t.Errorf("statistics CSV %q", rows)
	}
	rows = readCSVFile(t, findFile(t, rep.Files, "活动记录表.csv"))
	if !strings.Contains(rows[1][15], "第3版更正：育儿分享记录由“”改为“-家长分享了喂养经验”") {
		t.Errorf("record CSV corrections %q", rows[1][15])
	}
}

func TestNeutralize(t *testing.T) {
	for in, want := range map[string]string{
		"=1+1": "'=1+1", "+86": "'+86", "-2": "'-2", "@SUM(A1)": "'@SUM(A1)", "\tx": "'\tx", "\rx": "'\rx",
		"＝1": "'＝1", "王小明": "王小明", "": "", "1=1": "1=1", "𠮷": "𠮷",
	} {
		if got := Neutralize(in); got != want {
			t.Errorf("Neutralize(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestUSBMounts(t *testing.T) {
	table := `sysfs /sys sysfs rw 0 0
/dev/sdb1 /media/kiosk/U\040DISK vfat rw,nosuid 0 0
/dev/sdc1 /run/media/kiosk/STICK exfat rw 0 0
/dev/sdd1 /media/kiosk/CDROM iso9660 ro 0 0
/dev/sde1 /media/kiosk/GONE vfat rw 0 0
/dev/sda1 / ext4 rw 0 0
`
	got, err := usbMountsFrom(strings.NewReader(table), func(d string) bool { return !strings.HasSuffix(d, "GONE") }, false)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(got, "|") != "/media/kiosk/U DISK|/run/media/kiosk/STICK" {
		t.Errorf("mounts %q", got)
	}
	if _, err := USBMounts(); err != nil && !errors.Is(err, os.ErrNotExist) {
		t.Errorf("USBMounts: %v", err)
	}
}

func TestReportSummary(t *testing.T) {
	r := Report{Dir: "/media/u/导出", Files: []string{"/media/u/导出/活动统计表.xlsx", "/media/u/导出/CSV/a.csv", "/media/u/导出/CSV/b.csv",
		"/media/u/导出/站点数据包_x_第0003号.zip"}, Sessions: 2, SignIns: 9, Bundle: "/media/u/导出/站点数据包_x_第0003号.zip", BundleSequence: 3}
	zh := r.Summary("zh")
	for _, want := range []string{"已导出到 /media/u/导出", "活动 2 场，签到 9 人次", "第 3 号", "  活动统计表.xlsx", "CSV/（2 个文件）"} {
		if !strings.Contains(zh, want) {
			t.Errorf("summary lacks %q:\n%s", want, zh)
		}
	}
	if en := (Report{Dir: "/x"}).Summary("en"); !strings.Contains(en, "No sessions") {
		t.Errorf("English summary of an empty export:\n%s", en)
	}
	// The bundle alone has no tables to speak of.
	if zh := (Report{Dir: "/x", BundleOnly: true, Bundle: "/x/b.zip.age", Sealed: true}).Summary("zh"); strings.Contains(zh, "表格") {
		t.Errorf("summary of the bundle alone speaks of tables:\n%s", zh)
	}
}

// Two sessions on one day, at one station, with titles that differ only in
// case (one file name on a FAT stick), each get their own workbook.
func TestSameNameSessions(t *testing.T) {
	f := newFixture(t)
	band := model.AgeBand{Min: 7, Max: 9}
	f.session("2026-03-15", "Play 游戏", band, kids(1), false)
	f.session("2026-03-15", "play 游戏", band, kids(1), false)
	f.session("2026-03-15", "a/b:c*?", band, nil, false)
	rep, err := Run(f.ctx, f.s, Options{OutDir: t.TempDir(), Formats: []string{FormatXLSX}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range rep.Files {
		names = append(names, filepath.Base(p))
	}
	got := strings.Join(names, "|")
	for _, want := range []string{"2026-03-15_温溪镇社区卫生服务站_Play 游戏.xlsx", "2026-03-15_温溪镇社区卫生服务站_play 游戏_2.xlsx", "2026-03-15_温溪镇社区卫生服务站_a_b_c__.xlsx"} {
		if !strings.Contains(got, want) {
			t.Errorf("no %s in %s", want, got)
		}
	}
}
