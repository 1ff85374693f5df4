// Command mkdeb builds the carekiosk Debian packages for the station boxes
// (amd64, arm64, armhf) with nfpm: the binary, the screen, hotspot and
// clock units, the USB rule and what they depend on.
//
//	go run . -repo ../.. -out ../../dist [-arch amd64,arm64,armhf] [-version V]
//
// `make deb` at the top of the repository runs it.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

func main() {
	repo := flag.String("repo", "../..", "the carekiosk repository")
	out := flag.String("out", "", "where the .deb files go (default REPO/dist)")
	arches := flag.String("arch", "amd64,arm64,armhf", "Debian architectures to build")
	version := flag.String("version", "", "package version (default from git)")
	binary := flag.String("binary", "", "package this carekiosk binary instead of building one (one arch only)")
	flag.Parse()
	if err := run(*repo, *out, *arches, *version, *binary); err != nil {
		fmt.Fprintln(os.Stderr, "mkdeb:", err)
		os.Exit(1)
	}
}

func run(repo, out, arches, version, binary string) error {
	repo, err := filepath.Abs(repo)
	if err != nil {
		return err
	}
	if out == "" {
		out = filepath.Join(repo, "dist")
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	when, err := commitTime(repo)
	if err != nil {
		return err
	}
	if version == "" {
		if version, err = gitVersion(repo, when); err != nil {
			return err
		}
	}
	list := strings.Split(arches, ",")
	if binary != "" && len(list) != 1 {
		return fmt.Errorf("-binary packages one architecture, not %q", arches)
	}
	for _, arch := range list {
		bin := binary
		if bin == "" {
			tmp, err := os.MkdirTemp("", "mkdeb")
			if err != nil {
				return err
			}
			defer os.RemoveAll(tmp)
			bin = filepath.Join(tmp, "carekiosk")
			if err := buildBinary(repo, arch, version, bin); err != nil {
				return err
			}
		}
		path, err := writeDeb(Spec{Repo: repo, Arch: arch, Version: version, Binary: bin, MTime: when}, out)
		if err != nil {
			return err
		}
		fmt.Println(path)
	}
	return nil
}

// goTarget is the Go build for each Debian architecture. armhf is built for
// ARMv6 so one package runs on Raspberry Pi OS's armhf (Pi Zero and 1
// included) and on Debian's ARMv7 armhf.
var goTarget = map[string][]string{
	"amd64": {"GOARCH=amd64"},
	"arm64": {"GOARCH=arm64"},
	"armhf": {"GOARCH=arm", "GOARM=6"},
}

// buildBinary cross-compiles cmd/carekiosk for arch, static and trimmed.
func buildBinary(repo, arch, version, out string) error {
	target, ok := goTarget[arch]
	if !ok {
		return fmt.Errorf("unknown architecture %q (amd64, arm64, armhf)", arch)
	}
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags", "-s -w -X main.Version="+version, "-o", out, "./cmd/carekiosk")
	cmd.Dir = repo
	cmd.Env = append(os.Environ(), append([]string{"CGO_ENABLED=0", "GOOS=linux"}, target...)...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go build for %s: %w", arch, err)
	}
	return nil
}

// commitTime is the time of the checked-out commit: every file in the
// package carries it, so a package built twice from one commit is the same.
func commitTime(repo string) (time.Time, error) {
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		return time.Unix(n, 0).UTC(), err
	}
	b, err := exec.Command("git", "-C", repo, "log", "-1", "--format=%ct").Output()
	if err != nil {
		return time.Time{}, fmt.Errorf("git log: %w", err)
	}
	n, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
	return time.Unix(n, 0).UTC(), err
}

// gitVersion is 0.1.0+gitYYYYMMDD.<short commit>: it sorts by commit date,
// as Debian compares versions.
func gitVersion(repo string, when time.Time) (string, error) {
	b, err := exec.Command("git", "-C", repo, "rev-parse", "--short=8", "HEAD").Output()
	if err != nil {
		return "", fmt.Errorf("git rev-parse: %w", err)
	}
	return fmt.Sprintf("%s+git%s.%s", baseVersion, when.Format("20060102.150405"), strings.TrimSpace(string(b))), nil
}

// baseVersion is the release the packages are built towards.
const baseVersion = "0.1.0"
