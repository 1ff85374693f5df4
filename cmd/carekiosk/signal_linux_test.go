package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unsafe"

	_ "modernc.org/sqlite"

	"carekiosk/store"
)

// openPTY opens a pseudo-terminal pair of 80x24 and returns its master and
// slave ends.
func openPTY(t *testing.T) (master, slave *os.File) {
	t.Helper()
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY|syscall.O_CLOEXEC, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	ioctl := func(f *os.File, req uintptr, arg unsafe.Pointer) {
		if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, f.Fd(), req, uintptr(arg)); e != 0 {
			t.Fatalf("ioctl %#x: %v", req, e)
		}
	}
	var n uint32
	ioctl(m, syscall.TIOCGPTN, unsafe.Pointer(&n))
	var unlock int32
	ioctl(m, syscall.TIOCSPTLCK, unsafe.Pointer(&unlock))
	s, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		m.Close()
		t.Fatal(err)
	}
	ws := [4]uint16{24, 80, 0, 0}
	ioctl(s, syscall.TIOCSWINSZ, unsafe.Pointer(&ws))
	return m, s
}

// screenLog collects what the program draws on the terminal.
type screenLog struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *screenLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *screenLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// buildBinary builds carekiosk once per test into a temporary folder.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "carekiosk")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}

// freePort returns a loopback address no one listens on.
func freePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// systemctl stop sends SIGTERM, a closed terminal SIGHUP: either ends the
// running kiosk within two seconds, with the phone server stopped and the
// database closed cleanly — the WAL checkpointed into the file, which then
// opens with nothing to recover.
func TestSignalEndsKiosk(t *testing.T) {
	if testing.Short() {
		t.Skip("short mode: builds and runs the binary")
	}
	bin := buildBinary(t)
	for _, tc := range []struct {
		name  string
		sig   syscall.Signal
		phone bool
	}{
		{"SIGTERM", syscall.SIGTERM, true},
		{"SIGHUP", syscall.SIGHUP, true},
		{"SIGTERM no phone", syscall.SIGTERM, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := t.TempDir()
			args := []string{"--data", data, "--no-phone"}
			addr := ""
			if tc.phone {
				addr = freePort(t)
				s, err := store.Open(data, store.Options{})
				if err != nil {
					t.Fatal(err)
				}
				set, err := s.Settings(context.Background())
				if err == nil {
					set.Listen = addr
					err = s.SaveSettings(context.Background(), set)
				}
				s.Close()
				if err != nil {
					t.Fatal(err)
				}
				args = []string{"--data", data}
			}
			master, slave := openPTY(t)
			defer master.Close()
			var screen screenLog
			go func() { _, _ = io.Copy(&screen, master) }()
			cmd := exec.Command(bin, args...)
			cmd.Env = append(os.Environ(), "TERM=xterm-256color", "LANG=C.UTF-8", "RUNEWIDTH_EASTASIAN=0")
			cmd.Stdin, cmd.Stdout, cmd.Stderr = slave, slave, slave
			cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			slave.Close()
			exited := make(chan error, 1)
			go func() { exited <- cmd.Wait() }()
			defer func() {
				if cmd.ProcessState == nil {
					cmd.Process.Kill()
				}
			}()
			waitFor(t, &screen, exited, "PIN")
			if tc.phone {
				// The phone server answers before the signal.
				c, err := net.DialTimeout("tcp", addr, time.Second)
				if err != nil {
					t.Fatalf("phone server not listening on %s: %v", addr, err)
				}
				c.Close()
			}
			wal := filepath.Join(data, store.FileName+"-wal")
			if fi, err := os.Stat(wal); err != nil || fi.Size() == 0 {
				t.Fatalf("the running kiosk has no WAL to checkpoint: %v", err)
			}
			sent := time.Now()
			if err := cmd.Process.Signal(tc.sig); err != nil {
				t.Fatal(err)
			}
			select {
			case err := <-exited:
				if err != nil {
					t.Errorf("exit after %v: %v\n%s", tc.sig, err, screen.String())
				}
				t.Logf("ended %v after the signal", time.Since(sent).Round(time.Millisecond))
			case <-time.After(2 * time.Second):
				t.Fatalf("still running 2 s after %v", tc.sig)
			}
			if fi, err := os.Stat(wal); err == nil && fi.Size() > 0 {
				t.Errorf("the WAL was not checkpointed: %d bytes left", fi.Size())
			}
			if tc.phone {
				if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
					c.Close()
					t.Errorf("the phone server still answers on %s", addr)
				}
			}
			assertCleanDB(t, data)
		})
	}
}

// waitFor reads the terminal until it shows text, failing if the program
// ends first or takes longer than 20 s.
func waitFor(t *testing.T, screen *screenLog, exited chan error, text string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(screen.String(), text) {
		select {
		case err := <-exited:
			t.Fatalf("the kiosk ended before showing %q: %v\n%s", text, err, screen.String())
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("the kiosk never showed %q:\n%s", text, screen.String())
		}
	}
}

// assertCleanDB opens the database file alone, read-only, and checks it is
// whole, carekiosk's and needs nothing from a WAL.
func assertCleanDB(t *testing.T, data string) {
	t.Helper()
	path := filepath.Join(data, store.FileName)
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro&immutable=1")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var ok string
	var app, version int
	if err := db.QueryRow("PRAGMA integrity_check").Scan(&ok); err != nil || ok != "ok" {
		t.Errorf("integrity_check: %q %v", ok, err)
	}
	if err := db.QueryRow("SELECT (SELECT application_id FROM pragma_application_id), (SELECT user_version FROM pragma_user_version)").Scan(&app, &version); err != nil {
		t.Fatal(err)
	}
	if app != store.ApplicationID || version == 0 {
		t.Errorf("the file alone is not a set-up carekiosk database (application_id %#x, version %d): its set-up stayed in the WAL", app, version)
	}
}
