package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestVerifySealedBundles: a station's good sealed bundles (*.zip.age) pass
// verify with exit 0, which says first in Chinese what it checked (the
// sealed file's form) and what only the county can check (content,
// signature, chain); a sealed file damaged where it can be seen exits 1,
// and so does an altered unsealed bundle beside them.
func TestVerifySealedBundles(t *testing.T) {
	t.Setenv(nowEnv, "2026-11-30 10:00")
	f := newCountyFlow(t)
	one, two := f.export(t), f.export(t)

	for _, args := range [][]string{{one}, {one, two}, {f.usb}} {
		code, out, errs := runCLI(t, append([]string{"verify"}, args...)...)
		if code != 0 || errs != "" || strings.Contains(out, "有问题") || strings.Contains(out, "数据包完好") {
			t.Fatalf("verify %v: %d\n%s\n%s", args, code, out, errs)
		}
		n := len(args)
		if args[0] == f.usb {
			n = 2
		}
		if strings.Count(out, "加密数据包 Sealed bundle") != n || strings.Count(out, "已核对：") != n || strings.Count(out, "未核对：") != n ||
			!strings.Contains(out, "签名") || !strings.Contains(out, "carekiosk county import") {
			t.Fatalf("verify %v does not say what was and was not checked:\n%s", args, out)
		}
		if zh, en := strings.Index(out, "未核对："), strings.Index(out, "Not checked:"); zh < 0 || en < zh {
			t.Fatalf("verify %v: Chinese first:\n%s", args, out)
		}
	}

	raw, err := os.ReadFile(one)
	if err != nil {
		t.Fatal(err)
	}
	damaged := func(name string, b []byte) string {
		p := filepath.Join(t.TempDir(), name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	header := append([]byte(nil), raw...)
	i := strings.Index(string(header), "X25519")
	header[i] = 'Y' // the recipient's kind, in the readable header
	for name, p := range map[string]string{
		"a changed byte in the header": damaged("改动.zip.age", header),
		"a copy cut after the header":  damaged("只有文件头.zip.age", raw[:strings.Index(string(raw), "\n---")+60]),
	} {
		code, out, errs := runCLI(t, "verify", p, two)
		if code != 1 || !strings.Contains(errs, filepath.Base(p)) || !strings.Contains(errs, "损坏") || !strings.Contains(errs, "有问题") {
			t.Errorf("%s: %d\n%s\n%s", name, code, out, errs)
		}
	}

	// A changed byte inside the encrypted part cannot be seen without the
	// county's key: verify says so, and the county's import refuses it.
	inner := append([]byte(nil), raw...)
	inner[len(inner)/2] ^= 1
	p := damaged("内容改动.zip.age", inner)
	if code, out, errs := runCLI(t, "verify", p); code != 0 || !strings.Contains(out, "未核对：") {
		t.Fatalf("verify a sealed bundle changed inside: %d\n%s\n%s", code, out, errs)
	}
	if code, out, _ := runCLI(t, "county", "import", "--data", f.county, p); code != 1 || !strings.Contains(out, "拒绝") {
		t.Fatalf("county import of a sealed bundle changed inside: %d\n%s", code, out)
	}
}
