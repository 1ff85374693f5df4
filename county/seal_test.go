package county_test

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"carekiosk/county"
	"carekiosk/export"
)

func TestBundleSealedOnlyWithPlan(t *testing.T) {
	ctx := context.Background()
	db := newCounty(t)
	keys, _ := db.Keys(ctx)
	s := newStation(t, t.TempDir(), "温溪片卫生院")

	rep, err := export.Run(ctx, s, export.Options{OutDir: t.TempDir(), Formats: []string{export.FormatBundle}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Sealed || strings.HasSuffix(rep.Bundle, ".age") || !strings.Contains(rep.Summary("zh"), "未加密") {
		t.Fatalf("without a plan: %+v\n%s", rep, rep.Summary("zh"))
	}

	if _, _, err := county.ImportPlan(ctx, s, planFile(t, db)); err != nil {
		t.Fatal(err)
	}
	rep, err = export.Run(ctx, s, export.Options{OutDir: t.TempDir(), Formats: []string{export.FormatBundle}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Sealed || !strings.HasSuffix(rep.Bundle, ".zip.age") || len(rep.Files) != 1 || rep.Files[0] != rep.Bundle || !strings.Contains(rep.Summary("zh"), "已加密") {
		t.Fatalf("with a plan: %+v\n%s", rep, rep.Summary("zh"))
	}
	sealed, err := os.ReadFile(rep.Bundle)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(sealed, []byte("manifest.json")) || bytes.Contains(sealed, []byte("温溪")) {
		t.Fatal("the sealed bundle shows its content")
	}
	if _, err := export.VerifyFile(rep.Bundle, nil); err == nil || !strings.Contains(err.Error(), "加密给县妇计中心") {
		t.Fatalf("verify of a sealed bundle: %v", err)
	}
	r, n, err := export.Unseal(bytes.NewReader(sealed), int64(len(sealed)), keys.Identity)
	if err != nil {
		t.Fatal(err)
	}
	pub, _ := export.PublicKey(ctx, s)
	info, err := export.Verify(r, n, pub)
	if err != nil || info.Manifest.Sequence != 2 || !info.KeyChecked {
		t.Fatalf("the county's copy: %v %+v", err, info)
	}
	state, _ := s.BundleState(ctx)
	if state.SHA256 != info.SHA256 {
		t.Fatal("the chain hash is not the signed bundle's")
	}
	// Another county's identity cannot open it.
	other, _ := newCounty(t).Keys(ctx)
	if _, _, err := export.Unseal(bytes.NewReader(sealed), int64(len(sealed)), other.Identity); err == nil {
		t.Fatal("another county opened the bundle")
	}
}
