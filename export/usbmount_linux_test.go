package export

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// inMountNS marks the copy of the test binary that runs inside a private
// mount namespace.
const inMountNS = "CAREKIOSK_TEST_IN_MOUNTNS"

// TestUSBStickInMountNamespace plugs a FAT stick (a loop-mounted image) into
// a private mount namespace the way the box does: the udev rule's helper
// (deploy/udev/usb-mount) with systemd-mount replaced by a stub that mounts
// with the options it is given and the owner as uid/gid. The stick must be
// listed for the export screen, writable by the kiosk's user (nobody here)
// and not by others' files, gone after Eject; a read-only stick is not
// offered. It needs root, unshare, losetup and mkfs.vfat, else it skips.
func TestUSBStickInMountNamespace(t *testing.T) {
	if os.Getenv(inMountNS) != "" {
		usbStickInside(t)
		return
	}
	if os.Geteuid() != 0 {
		t.Skip("needs root for a mount namespace and a loop device")
	}
	for _, tool := range []string{"unshare", "losetup", "mkfs.vfat", "setpriv"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skip(tool + " not installed")
		}
	}
	if err := exec.Command("unshare", "-m", "true").Run(); err != nil {
		t.Skip("no mount namespaces here: " + err.Error())
	}
	cmd := exec.Command("unshare", "-m", "--propagation", "private", os.Args[0], "-test.run", "^TestUSBStickInMountNamespace$", "-test.v")
	cmd.Env = append(os.Environ(), inMountNS+"=1")
	out, err := cmd.CombinedOutput()
	if strings.Contains(string(out), "--- SKIP") {
		t.Skip(string(out))
	}
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	t.Logf("%s", out)
}

// stubSystemdMount stands for systemd-mount: `--umount DIR` unmounts,
// `[--options=O] [--owner=U] … DEV DIR` mounts DEV on DIR with O and the
// kiosk's user (nobody here) as uid/gid — or, on a file system without
// those options, as the owner of its top folder — logging its arguments.
const stubSystemdMount = `#!/bin/sh
echo "$@" >>"$STUB_LOG"
if [ "$1" = --umount ]; then exec umount "$2"; fi
opts= dev= dir=
for a; do
	case "$a" in
	--options=*) opts=${a#--options=} ;;
	--*) ;;
	*) if [ -z "$dev" ]; then dev=$a; else dir=$a; fi ;;
	esac
done
mkdir -p "$dir"
if [ "$STUB_FSTYPE" = vfat ]; then exec mount -o "$opts,uid=65534,gid=65534" "$dev" "$dir"; fi
mount -o "$opts" "$dev" "$dir" && chown 65534:65534 "$dir"
`

// stickFS is vfat, what sticks come with, when the kernel has it; else ext2
// (a container's kernel may lack vfat), which leaves FAT's own mount options
// untried.
func stickFS(t *testing.T) string {
	b, _ := os.ReadFile("/proc/filesystems")
	if strings.Contains(string(b), "vfat") {
		return "vfat"
	}
	t.Log("this kernel has no vfat: the stick is ext2, FAT's mount options (flush, utf8, shortname) untried")
	return "ext2"
}

func usbStickInside(t *testing.T) {
	run := func(name string, args ...string) string {
		t.Helper()
		out, err := exec.Command(name, args...).CombinedOutput()
		if err != nil {
			t.Fatalf("%s %v: %v\n%s", name, args, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	// A private /media: the host's is untouched.
	run("mount", "-t", "tmpfs", "tmpfs", "/media")
	run("mkdir", "-p", "/media/carekiosk")
	dir := t.TempDir()
	img := filepath.Join(dir, "stick.img")
	run("truncate", "-s", "16M", img)
	fs := stickFS(t)
	if fs == "vfat" {
		run("mkfs.vfat", "-n", "CK STICK", img)
	} else {
		run("mkfs.ext2", "-q", "-L", "CK STICK", img)
	}
	loop, err := exec.Command("losetup", "-f", "--show", img).Output()
	if err != nil {
		t.Skip("no loop device: " + err.Error())
	}
	dev := strings.TrimSpace(string(loop))
	t.Cleanup(func() { exec.Command("losetup", "-d", dev).Run() })

	bin := filepath.Join(dir, "bin")
	os.Mkdir(bin, 0o755)
	os.WriteFile(filepath.Join(bin, "systemd-mount"), []byte(stubSystemdMount), 0o755)
	stubLog := filepath.Join(dir, "stub.log")
	helper := exec.Command("sh", "../deploy/udev/usb-mount", filepath.Base(dev))
	helper.Env = append(os.Environ(), "PATH="+bin+":"+os.Getenv("PATH"), "STUB_LOG="+stubLog,
		"ID_FS_LABEL=CK STICK", "ID_FS_TYPE="+fs, "STUB_FSTYPE="+fs, "ID_FS_USAGE=filesystem", "ID_BUS=usb")
	if out, err := helper.CombinedOutput(); err != nil {
		t.Fatalf("usb-mount: %v\n%s", err, out)
	}
	args, _ := os.ReadFile(stubLog)
	want := []string{"--owner=carekiosk", "--automount=no", "--collect", "nosuid", "noexec", dev, "/media/carekiosk/CK_STICK"}
	if fs == "vfat" {
		want = append(want, "flush", "utf8")
	}
	for _, want := range want {
		if !strings.Contains(string(args), want) {
			t.Errorf("systemd-mount was not given %q: %s", want, args)
		}
	}
	stick := "/media/carekiosk/CK_STICK"
	got, err := USBMounts()
	if err != nil || len(got) != 1 || got[0] != stick {
		t.Fatalf("USBMounts %v %v, want [%s]", got, err, stick)
	}
	// The kiosk's user writes its export there.
	asKiosk := exec.Command("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "sh", "-c", "mkdir "+stick+"/导出 && echo ok >"+stick+"/导出/a.csv")
	if out, err := asKiosk.CombinedOutput(); err != nil {
		t.Fatalf("the kiosk's user cannot write the stick: %v\n%s", err, out)
	}
	old := EjectCommand
	t.Cleanup(func() { EjectCommand = old })
	EjectCommand = []string{filepath.Join(bin, "systemd-mount"), "--umount"}
	os.Setenv("STUB_LOG", stubLog)
	if err := Eject("/media/carekiosk/other"); err == nil {
		t.Error("ejected a folder that is not a stick")
	}
	if err := Eject(stick); err != nil {
		t.Fatal(err)
	}
	if got, _ := USBMounts(); len(got) != 0 {
		t.Fatalf("still listed after eject: %v", got)
	}
	// What was written is on the stick after it was pulled.
	run("mount", "-o", "ro", dev, "/mnt")
	if b, err := os.ReadFile("/mnt/导出/a.csv"); err != nil || string(b) != "ok\n" {
		t.Errorf("the export is not on the stick after eject: %q %v", b, err)
	}
	run("umount", "/mnt")
	// A read-only stick is not offered.
	run("mkdir", "-p", stick)
	run("mount", "-o", "ro", dev, stick)
	if got, _ := USBMounts(); len(got) != 0 {
		t.Errorf("a read-only stick is offered: %v", got)
	}
	run("umount", stick)
}
