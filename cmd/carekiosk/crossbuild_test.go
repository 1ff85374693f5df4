package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// The county center verifies bundles on Windows: the binary must build for
// windows/amd64 without cgo, as for the arm kiosk boxes.
func TestCrossCompile(t *testing.T) {
	if testing.Short() {
		t.Skip("short mode: cross-compiles take a while")
	}
	for _, target := range []struct{ goos, goarch, goarm string }{
		{"windows", "amd64", ""},
	} {
		out := filepath.Join(t.TempDir(), "carekiosk-"+target.goos)
		cmd := exec.Command("go", "build", "-o", out, ".")
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS="+target.goos, "GOARCH="+target.goarch, "GOARM="+target.goarm)
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("%s/%s: %v\n%s", target.goos, target.goarch, err, b)
		}
	}
}
