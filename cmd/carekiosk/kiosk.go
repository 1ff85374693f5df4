package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"time"

	tea "charm.land/bubbletea/v2"

	"carekiosk/checkin"
	"carekiosk/model"
	"carekiosk/store"
	"carekiosk/tui"
)

func init() {
	commands["kiosk"] = command{"启动签到与活动屏幕（默认命令） run the kiosk screens (default)", runKiosk}
}

// runKiosk opens the store, starts the phone check-in server and runs the
// kiosk screens until the instructor quits.
func runKiosk(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, data := newFlags("kiosk", "carekiosk [kiosk] [--data DIR] [--demo] [--no-phone]", stderr)
	demoFlag := fs.Bool("demo", false, "使用演示数据文件夹（空时自动填充） use a demo folder, filled when empty")
	noPhone := fs.Bool("no-phone", false, "不启动手机签到服务 do not start the phone check-in server")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	dir := *data
	dataGiven := false
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "data" {
			dataGiven = true
		}
	})
	if *demoFlag {
		if !dataGiven {
			dir = filepath.Join(defaultDataDir(), "demo")
		}
		if _, err := os.Stat(filepath.Join(dir, store.FileName)); errors.Is(err, os.ErrNotExist) {
			fmt.Fprintf(stderr, "正在准备演示数据 preparing demo data in %s ...\n", dir)
			if _, err := fillDemo(ctx, dir); err != nil {
				return err
			}
		}
	}
	st, err := store.Open(dir, store.Options{Clock: clockOf(ctx)})
	if err != nil {
		return err
	}
	defer st.Close()
	stopRetention := startRetention(ctx, st, retentionEvery)
	defer stopRetention()

	opts := tui.Options{Ctx: ctx, Clock: clockOf(ctx), Store: kioskStore(st), DataDir: dir, Exporter: kioskExporter{st: st}, ResumeCheckin: true}
	phoneDone, err := startPhone(ctx, st, *noPhone, &opts)
	if err != nil {
		return err
	}
	// The kiosk's own signal handling: Bubble Tea's would wait forever on
	// its pending quit message once ctx is cancelled by the same SIGTERM.
	p := tea.NewProgram(tui.New(opts), tea.WithContext(ctx), tea.WithFilter(tui.Filter), tea.WithoutSignalHandler())
	stopInt := forwardInterrupt(p)
	_, err = p.Run()
	stopInt()
	// Let the phone server finish what it is answering before the store
	// closes, but never hold up a stop request for long.
	select {
	case <-phoneDone: //nolint:errcheck // stopping: how the server ended changes nothing now
	case <-time.After(time.Second):
	}
	if errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil {
		return nil
	}
	return err
}

// startPhone starts the phone check-in server unless noPhone, and notes in
// opts the address the QR code shows or why there is none. The returned
// channel is closed when the server has stopped (at once without one).
func startPhone(ctx context.Context, st *store.Store, noPhone bool, opts *tui.Options) (<-chan error, error) {
	if noPhone {
		opts.PhoneOff = "本次以 --no-phone 启动，家长请在本机签到。"
		return closedErrs(), nil
	}
	set, err := st.Settings(ctx)
	if err != nil {
		return nil, err
	}
	srv, done, err := checkin.Start(ctx, st, checkin.Options{Addr: set.Listen, PublicBase: set.PublicURL, Clock: clockOf(ctx)})
	if err != nil {
		opts.PhoneOff = model.ErrorMessage(err, model.LangZH)
		if model.ErrorCode(err) == model.EINTERNAL {
			opts.PhoneOff = "手机签到服务未能启动，家长请在本机签到。"
		}
		return closedErrs(), nil
	}
	opts.URL = srv
	return done, nil
}

func closedErrs() <-chan error {
	ch := make(chan error)
	close(ch)
	return ch
}

// forwardInterrupt turns SIGINT (a Ctrl+C that reaches the process as a
// signal, when the input is not a terminal) into Bubble Tea's interrupt
// message, which the kiosk guards with the PIN like a Ctrl+C key. The
// returned function stops forwarding.
func forwardInterrupt(p *tea.Program) func() {
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt)
	quit := make(chan struct{})
	go func() {
		for {
			select {
			case <-sig:
				p.Send(tea.InterruptMsg{})
			case <-quit:
				return
			}
		}
	}()
	return func() {
		signal.Stop(sig)
		close(quit)
	}
}
