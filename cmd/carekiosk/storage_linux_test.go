package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"carekiosk/store"
)

// mountTmpfs mounts a small tmpfs at dir for the test, or skips the test
// where this process may not mount (not root).
func mountTmpfs(t *testing.T, dir, size string) {
	t.Helper()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size="+size); err != nil {
		t.Skipf("cannot mount a tmpfs here (needs root): %v", err)
	}
	t.Cleanup(func() { syscall.Unmount(dir, syscall.MNT_DETACH) })
}

// intactDB makes a set-up carekiosk database in dir and returns its bytes.
func intactDB(t *testing.T, dir string) []byte {
	t.Helper()
	s, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	b, err := os.ReadFile(filepath.Join(dir, store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// assertAdvice checks that a start-up failure names the cause and what to
// do, and does not send the instructor to a backup for an intact file.
func assertAdvice(t *testing.T, code int, errs string, want ...string) {
	t.Helper()
	if code != 1 {
		t.Errorf("exit %d, want 1\n%s", code, errs)
	}
	for _, w := range want {
		if !strings.Contains(errs, w) {
			t.Errorf("the message lacks %q:\n%s", w, errs)
		}
	}
	for _, wrong := range []string{"损坏", "damaged", "用备份恢复", "restore a backup"} {
		if strings.Contains(errs, wrong) {
			t.Errorf("an intact file is called damaged or sent to a backup (%q):\n%s", wrong, errs)
		}
	}
}

// Starting on a full disk says the disk is full and to free space, not that
// the intact database is damaged.
func TestStartOnFullDisk(t *testing.T) {
	src := t.TempDir()
	db := intactDB(t, src)
	data := t.TempDir()
	mountTmpfs(t, data, "1m")
	if err := os.WriteFile(filepath.Join(data, store.FileName), db, 0o600); err != nil {
		t.Fatal(err)
	}
	// Fill the rest of the disk.
	f, _ := os.Create(filepath.Join(data, "filler"))
	for {
		if _, err := f.Write(make([]byte, 4096)); err != nil {
			break
		}
	}
	f.Close()
	for _, args := range [][]string{{"--data", data, "--no-phone"}, {"export", "--data", data, "--out", t.TempDir(), "--format", "bundle"}} {
		code, _, errs := runCLI(t, args...)
		assertAdvice(t, code, errs, "磁盘已满", "disk is full", "腾出空间", "free")
	}
	if got, _ := os.ReadFile(filepath.Join(data, store.FileName)); string(got) != string(db) {
		t.Error("the database changed")
	}
}

// Starting on read-only storage says so and what to do; check and an
// export of forms, which only read, work there.
func TestStartOnReadOnlyStorage(t *testing.T) {
	src := t.TempDir()
	db := intactDB(t, src)
	data := t.TempDir()
	mountTmpfs(t, data, "4m")
	if err := os.WriteFile(filepath.Join(data, store.FileName), db, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mount("tmpfs", data, "tmpfs", syscall.MS_REMOUNT|syscall.MS_RDONLY, ""); err != nil {
		t.Fatalf("remount read-only: %v", err)
	}
	code, _, errs := runCLI(t, "--data", data, "--no-phone")
	assertAdvice(t, code, errs, "只读", "read-only", "重新挂载", "Remount")
	if code, out, errs := runCLI(t, "check", "--data", data); code != 0 || !strings.Contains(out, "完整性 Integrity: ok") {
		t.Errorf("check on read-only storage: %d\n%s\n%s", code, out, errs)
	}
	if code, out, errs := runCLI(t, "export", "--data", data, "--out", t.TempDir(), "--format", "xlsx,csv"); code != 0 {
		t.Errorf("forms export from read-only storage: %d\n%s\n%s", code, out, errs)
	}
}

// Starting as a user who may not write the data folder (a backup copied in
// by root) names the permission problem and the fix.
func TestStartWithoutPermission(t *testing.T) {
	if os.Getuid() != 0 {
		t.Skip("needs root to run the kiosk as another user")
	}
	if testing.Short() {
		t.Skip("short mode: builds the binary")
	}
	bin := buildBinary(t)
	os.Chmod(filepath.Dir(bin), 0o755)
	os.Chmod(filepath.Dir(filepath.Dir(bin)), 0o755)
	data := filepath.Join(t.TempDir(), "data")
	intactDB(t, data)
	for _, p := range []string{filepath.Dir(data), data} {
		os.Chmod(p, 0o755)
	}
	os.Chmod(filepath.Join(data, store.FileName), 0o644)
	cmd := exec.Command(bin, "--data", data, "--no-phone")
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	cmd.Env = []string{"HOME=/nonexistent", "LANG=C.UTF-8"}
	out, err := cmd.CombinedOutput()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	assertAdvice(t, code, string(out), "权限", "permission", "chown")
}
