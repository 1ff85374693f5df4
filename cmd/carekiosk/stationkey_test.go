package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"carekiosk/store"
)

// TestKioskStationKeyIsPubkey: the key file the kiosk's settings write onto
// a stick is byte for byte what `carekiosk pubkey` prints, named after the
// station; writing it again leaves it as it is.
func TestKioskStationKeyIsPubkey(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "站点A")
	st, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ex := kioskExporter{st: st}
	ctx := context.Background()
	info, err := ex.StationKey(ctx)
	if err != nil {
		t.Fatal(err)
	}
	stick := t.TempDir()
	p, same, err := ex.WriteStationKey(ctx, stick)
	if err != nil || same || filepath.Base(p) != info.FileName || !strings.HasPrefix(info.FileName, "站点公钥_") {
		t.Fatalf("%q %q same=%v %v", p, info.FileName, same, err)
	}
	code, out, errs := runCLI(t, "pubkey", "--data", dir)
	if code != 0 {
		t.Fatalf("pubkey: %d %s", code, errs)
	}
	b, _ := os.ReadFile(p)
	if string(b) != out || !strings.Contains(out, info.Fingerprint) {
		t.Errorf("the stick's file:\n%s\npubkey prints:\n%s", b, out)
	}
	if _, same, err := ex.WriteStationKey(ctx, stick); err != nil || !same {
		t.Errorf("again: same=%v %v", same, err)
	}
}

// TestPlanImportBeforeTheKiosk: plan import on a folder the kiosk has not
// set up yet says what to do first, Chinese first, and makes no database.
func TestPlanImportBeforeTheKiosk(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "站点A")
	plan := filepath.Join(t.TempDir(), "计划.json")
	os.WriteFile(plan, []byte("{}\n"), 0o644)
	code, _, errs := runCLI(t, "plan", "import", "--data", dir, plan)
	if code == 0 || !strings.Contains(errs, "请先启动 carekiosk --data "+dir) || !strings.Contains(errs, "设好指导员 PIN") {
		t.Fatalf("%d %s", code, errs)
	}
	if _, err := os.Stat(filepath.Join(dir, store.FileName)); err == nil {
		t.Error("a database was made")
	}
}
