package export

import (
	"bufio"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// usbRoots are where desktop Linux mounts removable drives.
var usbRoots = []string{"/media/", "/run/media/"}

// USBMounts lists the writable mounted folders under /media and /run/media
// (where a USB stick appears), for the export screen to offer.
func USBMounts() ([]string, error) {
	f, err := os.Open("/proc/self/mounts")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return usbMountsFrom(f, writable, false)
}

// usbMountsFrom reads a mounts table (fstab format) and keeps the mount
// points under the USB roots that pass ok; read-only ones only when
// readOnly is set.
func usbMountsFrom(r io.Reader, ok func(string) bool, readOnly bool) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 4 {
			continue
		}
		dir := unescapeMount(fields[1])
		under := false
		for _, root := range usbRoots {
			under = under || strings.HasPrefix(dir, root)
		}
		if !under || seen[dir] || (!readOnly && hasOpt(fields[3], "ro")) {
			continue
		}
		seen[dir] = true
		if ok(dir) {
			out = append(out, filepath.Clean(dir))
		}
	}
	sort.Strings(out)
	return out, sc.Err()
}

func hasOpt(opts, want string) bool {
	for _, o := range strings.Split(opts, ",") {
		if o == want {
			return true
		}
	}
	return false
}

// unescapeMount decodes the octal escapes of /proc/mounts (\040 is a space).
func unescapeMount(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+4 <= len(s) && isOctal(s[i+1:i+4]) {
			v := (s[i+1]-'0')*64 + (s[i+2]-'0')*8 + (s[i+3] - '0')
			b.WriteByte(v)
			i += 3
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func isOctal(s string) bool {
	if len(s) != 3 {
		return false
	}
	for i := 0; i < 3; i++ {
		if s[i] < '0' || s[i] > '7' {
			return false
		}
	}
	return true
}

// ReadOnlyUSBMounts lists the mounted USB sticks that cannot be written
// (mounted read-only, e.g. by the stick's lock switch), so a screen can say
// the stick is read-only instead of missing.
func ReadOnlyUSBMounts() ([]string, error) {
	f, err := os.Open("/proc/self/mounts")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return usbMountsFrom(f, func(dir string) bool { return !writable(dir) }, true)
}
