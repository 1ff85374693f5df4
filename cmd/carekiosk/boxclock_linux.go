package main

import (
	"os"
	"strings"
	"syscall"
)

// timeError is adjtimex's answer while the kernel's clock is unsynchronised.
const timeError = 5

// systemClockSet reports whether the system clock was set since boot by time
// sync (the kernel's clock is synchronised: systemd-timesyncd or chrony
// clear its unsynchronised flag) or from a hardware clock at boot.
func systemClockSet() bool {
	var tx syscall.Timex
	if state, err := syscall.Adjtimex(&tx); err == nil && state != timeError {
		return true
	}
	b, err := os.ReadFile("/sys/class/rtc/rtc0/hctosys")
	return err == nil && strings.TrimSpace(string(b)) == "1"
}
