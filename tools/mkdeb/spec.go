package main

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/goreleaser/nfpm/v2"
	_ "github.com/goreleaser/nfpm/v2/deb" // registers the deb packager
	"github.com/goreleaser/nfpm/v2/files"
)

// Spec is one package to build.
type Spec struct {
	Repo    string // the repository (deploy/ is read from it)
	Arch    string // Debian architecture
	Version string
	Binary  string // the carekiosk binary for Arch
	MTime   time.Time
}

// Depends is what the box needs beside the binary: the screen (cage, foot,
// Xwayland, the CJK font, a logind session), the hotspot (NetworkManager's
// shared mode with dnsmasq, nftables for port 80), USB sticks (udev and
// systemd-mount in systemd, polkit for unmounting) and the clock.
var Depends = []string{
	"systemd (>= 250)",
	"libpam-systemd",
	"cage",
	"foot",
	"xwayland",
	"fonts-noto-cjk",
	"polkitd",
	"network-manager",
	"dnsmasq-base",
	"nftables",
	"fake-hwclock",
	"systemd-timesyncd | time-daemon",
}

// file is one installed file: where it comes from in the repository, where
// it goes, its mode and whether it is a configuration file the technician
// may edit (kept on upgrade).
type file struct {
	src, dst string
	mode     os.FileMode
	config   bool
}

// Files are the package's contents besides the binary.
var Files = []file{
	{"deploy/carekiosk.service", "/usr/lib/systemd/system/carekiosk.service", 0o644, false},
	{"deploy/carekiosk-hotspot.service", "/usr/lib/systemd/system/carekiosk-hotspot.service", 0o644, false},
	{"deploy/carekiosk-clock-save.service", "/usr/lib/systemd/system/carekiosk-clock-save.service", 0o644, false},
	{"deploy/carekiosk-clock-save.timer", "/usr/lib/systemd/system/carekiosk-clock-save.timer", 0o644, false},
	{"deploy/sysusers.d/carekiosk.conf", "/usr/lib/sysusers.d/carekiosk.conf", 0o644, false},
	{"deploy/pam.d/carekiosk", "/etc/pam.d/carekiosk", 0o644, true},
	{"deploy/nm/hotspot.conf", "/etc/carekiosk/hotspot.conf", 0o644, true},
	{"deploy/nm/carekiosk-hotspot", "/usr/sbin/carekiosk-hotspot", 0o755, false},
	{"deploy/udev/90-carekiosk-usb.rules", "/usr/lib/udev/rules.d/90-carekiosk-usb.rules", 0o644, false},
	{"deploy/udev/usb-mount", "/usr/lib/carekiosk/usb-mount", 0o755, false},
	{"deploy/polkit/carekiosk.rules", "/usr/share/polkit-1/rules.d/carekiosk.rules", 0o644, false},
	{"deploy/README.md", "/usr/share/doc/carekiosk/README.deploy.md", 0o644, false},
}

// info describes the package for nfpm.
func (s Spec) info() *nfpm.Info {
	contents := files.Contents{{
		Source: s.Binary, Destination: "/usr/bin/carekiosk",
		FileInfo: &files.ContentFileInfo{Mode: 0o755, MTime: s.MTime},
	}}
	for _, f := range Files {
		c := &files.Content{
			Source: filepath.Join(s.Repo, f.src), Destination: f.dst,
			FileInfo: &files.ContentFileInfo{Mode: f.mode, MTime: s.MTime},
		}
		if f.config {
			c.Type = files.TypeConfigNoReplace
		}
		contents = append(contents, c)
	}
	contents = append(contents, &files.Content{
		Destination: "/media/carekiosk", Type: files.TypeDir,
		FileInfo: &files.ContentFileInfo{Mode: 0o755, MTime: s.MTime},
	})
	scripts := filepath.Join(s.Repo, "deploy", "deb")
	return nfpm.WithDefaults(&nfpm.Info{
		Name:          "carekiosk",
		Arch:          s.Arch,
		Platform:      "linux",
		Version:       s.Version,
		VersionSchema: "none",
		Section:       "misc",
		Priority:      "optional",
		Maintainer:    "carekiosk <carekiosk@localhost>",
		Description: "parenting care group kiosk for community health stations\n" +
			"Runs the 3岁以下婴幼儿养育照护小组活动 sessions on the station box's screen,\n" +
			"serves the phone check-in page on its own Wi-Fi, exports the county's\n" +
			"forms to USB sticks. Installs the screen (cage + foot on tty1), the\n" +
			"hotspot, the USB mounting and the clock saver.",
		License: "proprietary",
		MTime:   s.MTime,
		Overridables: nfpm.Overridables{
			Depends:  Depends,
			Contents: contents,
			Scripts: nfpm.Scripts{
				PostInstall: filepath.Join(scripts, "postinst"),
				PreRemove:   filepath.Join(scripts, "prerm"),
				PostRemove:  filepath.Join(scripts, "postrm"),
			},
			Deb: nfpm.Deb{Compression: "gzip"},
		},
	})
}

// FileName is the package's file name, Debian's convention.
func (s Spec) FileName() string {
	return fmt.Sprintf("carekiosk_%s_%s.deb", s.Version, s.Arch)
}

// writeDeb writes the package into dir and returns its path.
func writeDeb(s Spec, dir string) (string, error) {
	info := s.info()
	if err := nfpm.Validate(info); err != nil {
		return "", err
	}
	pkg, err := nfpm.Get("deb")
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, s.FileName())
	tmp := path + ".part"
	f, err := os.Create(tmp)
	if err != nil {
		return "", err
	}
	if err := pkg.Package(info, f); err != nil {
		f.Close()
		os.Remove(tmp)
		return "", fmt.Errorf("%s: %w", s.Arch, err)
	}
	if err := f.Close(); err != nil {
		return "", err
	}
	return path, os.Rename(tmp, path)
}
