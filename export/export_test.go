package export

import (
	"os"
	"path/filepath"
	"testing"

	"carekiosk/model"
)

func TestSmoke(t *testing.T) {
	f := newFixture(t)
	f.session("2026-03-15", "辅食添加", model.AgeBand{Min: 7, Max: 9}, kids(5), false)
	out := t.TempDir()
	if d := os.Getenv("EXPORT_KEEP"); d != "" {
		out = d
	}
	rep, err := Run(f.ctx, f.s, Options{OutDir: out}, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v", rep)
	for _, p := range rep.Files {
		if _, err := os.Stat(p); err != nil {
			t.Error(err)
		}
	}
	if _, err := VerifyFile(rep.Bundle, nil); err != nil {
		t.Fatal(err)
	}
	_ = filepath.Join
}
