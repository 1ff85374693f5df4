package export

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"carekiosk/model"
)

// exportText returns every export file's content as searched bytes: the
// entries of a zip (xlsx, bundle) decompressed, other files as they are.
func exportText(t *testing.T, files []string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			out[filepath.Base(p)] = b
			continue
		}
		for _, f := range zr.File {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			c, err := io.ReadAll(rc)
			rc.Close()
			if err != nil {
				t.Fatal(err)
			}
			out[filepath.Base(p)+"/"+f.Name] = c
		}
	}
	return out
}

// TestExportAfterErasure: a new export after a family's erasure holds
// neither its child's name nor its phone nor its signature, anywhere — forms,
// CSV, bundle; the forms say 已匿名 where the name was; the statistics
// (counts and 月龄分布) are the same as before; the bundle carries the
// erasure record and still verifies.
func TestExportAfterErasure(t *testing.T) {
	f := newFixture(t)
	sig := signaturePNG(99)
	fam := []child{{name: "欧阳小明", phone: "13912349876", age: 8, sig: sig}, {name: "欧阳小红", phone: "13912349876", age: 9, sig: sig}}
	f.session("2026-03-15", "辅食添加", model.AgeBand{Min: 7, Max: 9}, append(kids(5), fam...), false)
	secrets := []string{"欧阳小明", "欧阳小红", "13912349876"}
	run := func() (Report, map[string][]byte) {
		rep, err := Run(f.ctx, f.s, Options{OutDir: t.TempDir()}, nil)
		if err != nil {
			t.Fatal(err)
		}
		return rep, exportText(t, rep.Files)
	}
	_, before := run()
	seen := 0
	for _, c := range before {
		for _, s := range secrets {
			if bytes.Contains(c, []byte(s)) {
				seen++
			}
		}
	}
	if seen == 0 {
		t.Fatal("the names are not found even before the erasure")
	}
	if _, err := f.s.EraseFamily(f.ctx, model.EraseInput{FamilyID: f.families["13912349876"], Who: "陈晓燕", WithdrawConsent: true}); err != nil {
		t.Fatal(err)
	}
	rep, after := run()
	anonSeen := false
	for name, c := range after {
		for _, s := range secrets {
			if bytes.Contains(c, []byte(s)) {
				t.Errorf("%s still holds %s", name, s)
			}
		}
		if bytes.Contains(c, sig) {
			t.Errorf("%s still holds the signature", name)
		}
		if strings.HasSuffix(name, ".csv") && bytes.Contains(c, []byte(model.Anonymised)) {
			anonSeen = true
		}
		if strings.Contains(name, "统计") && strings.HasSuffix(name, ".csv") && !bytes.Equal(c, before[name]) {
			t.Errorf("%s changed:\n%s\n---\n%s", name, before[name], c)
		}
	}
	if !anonSeen {
		t.Error("no CSV says 已匿名 where the names were")
	}
	b := readBundleFile(t, rep.Bundle)
	if len(b.Erasures) != 1 || b.Erasures[0].Rec.FamilyID != f.families["13912349876"] || len(b.Erasures[0].Rec.ChildIDs) != 2 ||
		!b.Erasures[0].Rec.ConsentWithdrawn || b.Info.Manifest.Counts.Erasures != 1 {
		t.Errorf("erasure records %+v", b.Erasures)
	}
}

// TestExportAfterRetention: once the retention after the families' last
// visit has run out and a bundle holds their records, a new export holds
// none of their names or phones, shows 已匿名, keeps the statistics and
// carries one retention erasure per family.
func TestExportAfterRetention(t *testing.T) {
	f := newFixture(t)
	fam := []child{{name: "欧阳小明", phone: "13912349876", age: 8, typed: "张美华"}}
	f.session("2026-03-15", "辅食添加", model.AgeBand{Min: 7, Max: 9}, append(kids(5), fam...), false)
	run := func() (Report, map[string][]byte) {
		rep, err := Run(f.ctx, f.s, Options{OutDir: t.TempDir()}, nil)
		if err != nil {
			t.Fatal(err)
		}
		return rep, exportText(t, rep.Files)
	}
	_, before := run() // the bundle the county gets first
	f.s.SetClock(fixedClock(time.Date(2029, 4, 1, 2, 0, 0, 0, time.UTC)))
	n, err := f.s.AnonymiseExpired(f.ctx)
	if err != nil || n != 2 {
		t.Fatalf("%d families anonymised (%v), want the 2 of the session", n, err)
	}
	rep, after := run()
	for name, c := range after {
		for _, s := range []string{"欧阳小明", "13912349876", "张美华", "王零", "13800000001"} {
			if bytes.Contains(c, []byte(s)) {
				t.Errorf("%s still holds %s", name, s)
			}
		}
		if strings.Contains(name, "统计") && strings.HasSuffix(name, ".csv") && !bytes.Equal(c, before[name]) {
			t.Errorf("%s changed", name)
		}
	}
	stats := 0
	for name := range after {
		if strings.Contains(name, "统计") && strings.HasSuffix(name, ".csv") {
			stats++
		}
	}
	if stats == 0 {
		t.Fatalf("no statistics CSV among %d files", len(after))
	}
	b := readBundleFile(t, rep.Bundle)
	if len(b.Erasures) != 2 || b.Erasures[0].Rec.Kind != string(model.ErasureRetention) {
		t.Errorf("erasure records %+v", b.Erasures)
	}
}
