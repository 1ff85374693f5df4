//go:build unix

package county_test

import (
	"syscall"
	"time"
)

// cpuTime is the process's user+system CPU time so far: a figure that,
// unlike ns/op, hardly moves when other programs load the machine.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
