package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestPackage builds the amd64 package around a stand-in binary and reads it
// back with dpkg-deb: its control fields, its files and their modes, the
// configuration files kept on upgrade, the maintainer scripts.
func TestPackage(t *testing.T) {
	if _, err := exec.LookPath("dpkg-deb"); err != nil {
		t.Skip("dpkg-deb not installed")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "carekiosk")
	if err := os.WriteFile(bin, []byte("#!/bin/sh\necho carekiosk\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	when := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	s := Spec{Repo: "../..", Arch: "amd64", Version: "0.1.0+git20261129.120000.abcdef12", Binary: bin, MTime: when}
	path, err := writeDeb(s, dir)
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Base(path) != "carekiosk_0.1.0+git20261129.120000.abcdef12_amd64.deb" {
		t.Errorf("file name %s", path)
	}
	field := func(name string) string {
		out, err := exec.Command("dpkg-deb", "--field", path, name).Output()
		if err != nil {
			t.Fatalf("dpkg-deb --field %s: %v", name, err)
		}
		return strings.TrimSpace(string(out))
	}
	if got := field("Architecture"); got != "amd64" {
		t.Errorf("Architecture %q", got)
	}
	if got := field("Version"); got != s.Version {
		t.Errorf("Version %q", got)
	}
	depends := field("Depends")
	for _, d := range []string{"cage", "foot", "xwayland", "fonts-noto-cjk", "libpam-systemd", "network-manager", "dnsmasq-base", "fake-hwclock", "polkitd"} {
		if !strings.Contains(", "+depends+",", ", "+d) {
			t.Errorf("Depends lacks %s: %s", d, depends)
		}
	}
	out, err := exec.Command("dpkg-deb", "--contents", path).Output()
	if err != nil {
		t.Fatal(err)
	}
	listing := string(out)
	want := map[string]string{
		"./usr/bin/carekiosk":                                 "-rwxr-xr-x",
		"./usr/lib/systemd/system/carekiosk.service":          "-rw-r--r--",
		"./usr/sbin/carekiosk-hotspot":                        "-rwxr-xr-x",
		"./usr/lib/carekiosk/usb-mount":                       "-rwxr-xr-x",
		"./usr/lib/udev/rules.d/90-carekiosk-usb.rules":       "-rw-r--r--",
		"./etc/pam.d/carekiosk":                               "-rw-r--r--",
		"./etc/carekiosk/hotspot.conf":                        "-rw-r--r--",
		"./usr/share/polkit-1/rules.d/carekiosk.rules":        "-rw-r--r--",
		"./usr/lib/systemd/system/carekiosk-clock-save.timer": "-rw-r--r--",
	}
	for name, mode := range want {
		found := false
		for _, line := range strings.Split(listing, "\n") {
			f := strings.Fields(line)
			if len(f) >= 6 && f[5] == name {
				found = true
				if f[0] != mode || f[1] != "root/root" {
					t.Errorf("%s: %s %s, want %s root/root", name, f[0], f[1], mode)
				}
				if f[3] != "2026-11-29" {
					t.Errorf("%s dated %s, not the commit's day", name, f[3])
				}
			}
		}
		if !found {
			t.Errorf("package lacks %s", name)
		}
	}
	ctl := t.TempDir()
	if err := exec.Command("dpkg-deb", "--control", path, ctl).Run(); err != nil {
		t.Fatal(err)
	}
	conf, _ := os.ReadFile(filepath.Join(ctl, "conffiles"))
	for _, c := range []string{"/etc/pam.d/carekiosk", "/etc/carekiosk/hotspot.conf"} {
		if !strings.Contains(string(conf), c) {
			t.Errorf("conffiles lacks %s: %s", c, conf)
		}
	}
	for _, script := range []string{"postinst", "prerm", "postrm"} {
		if err := exec.Command("sh", "-n", filepath.Join(ctl, script)).Run(); err != nil {
			t.Errorf("%s: %v", script, err)
		}
	}
}

func TestGoTargets(t *testing.T) {
	for _, arch := range []string{"amd64", "arm64", "armhf"} {
		if _, ok := goTarget[arch]; !ok {
			t.Errorf("no Go target for %s", arch)
		}
	}
	if got := strings.Join(goTarget["armhf"], " "); got != "GOARCH=arm GOARM=6" {
		t.Errorf("armhf builds %s, want ARMv6 for the Pi Zero", got)
	}
}
