package export

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"carekiosk/model"
)

// EjectCommand unmounts a USB stick's folder. On the box the udev rule
// mounted the stick with systemd-mount, and `systemd-mount --umount` stops
// that mount (polkit lets the kiosk's user do so for /media/carekiosk only);
// unmounting writes out everything still cached, so the stick can be pulled.
// Tests replace it.
var EjectCommand = []string{"systemd-mount", "--umount"}

// Eject unmounts the USB stick mounted on dir, which must be one of the
// folders USBMounts lists, and checks it is gone from the mount table.
func Eject(dir string) error {
	dir = filepath.Clean(dir)
	if !mounted(dir) {
		return model.Errorf(model.ENOTFOUND, "%s 不是已插入的U盘", "%s is not a plugged-in USB stick", dir)
	}
	out, err := exec.Command(EjectCommand[0], append(EjectCommand[1:], dir)...).CombinedOutput()
	if err != nil || mounted(dir) {
		msg := strings.TrimSpace(string(out))
		if msg == "" && err != nil {
			msg = err.Error()
		}
		return model.Errorf(model.ECONFLICT, "无法安全移除U盘 %s（%s）：请先关闭导出，稍后再试", "cannot eject the USB stick %s (%s): wait for the export to end and try again", dir, msg)
	}
	return nil
}

// mounted reports whether dir is a USB stick's mount point in the mount
// table, writable or not.
func mounted(dir string) bool {
	f, err := os.Open("/proc/self/mounts")
	if err != nil {
		return false
	}
	defer f.Close()
	all, err := usbMountsFrom(f, func(string) bool { return true }, true)
	if err != nil {
		return false
	}
	for _, d := range all {
		if d == dir {
			return true
		}
	}
	return false
}
