// Command carekiosk runs the parenting care group kiosk: the instructor's
// screens and the phone check-in page, and the command-line tools around them
// (demo data, checks, exports, bundle verification).
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
	"sort"
	"strings"
	"syscall"
	_ "time/tzdata" // a box without zoneinfo still knows Asia/Shanghai

	"carekiosk/model"
)

// Version is set at build time with -ldflags "-X main.Version=…".
var Version = "dev"

// command is one subcommand. Each lives in its own file and registers itself
// in commands.
type command struct {
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

// commands maps a subcommand name to its implementation.
var commands = map[string]command{}

// stopSignals end every command cleanly: SIGTERM is what systemctl stop
// sends, SIGHUP what a closed terminal or SSH session sends. The command sees
// its context cancelled, stops, and closes the database (checkpointing the
// WAL) before the process exits.
var stopSignals = []os.Signal{syscall.SIGTERM, syscall.SIGHUP}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), stopSignals...)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// exitError carries a process exit code.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit %d", e.code) }

// exitCode is the exit code an exitError carries.
func exitCode(err error) int {
	var ee exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	return 1
}

// run dispatches to a subcommand and returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	name := "kiosk"
	if len(args) > 0 {
		switch args[0] {
		case "-h", "--help", "help":
			usage(stdout)
			return 0
		}
		if _, ok := commands[args[0]]; ok {
			name, args = args[0], args[1:]
		} else if !strings.HasPrefix(args[0], "-") {
			name = args[0] // a mistyped command, not an argument of the kiosk
		}
	}
	cmd, ok := commands[name]
	if !ok {
		fmt.Fprintf(stderr, "carekiosk: 未知命令 unknown command %q\n\n", name)
		usage(stderr)
		return 2
	}
	clock, err := appClock()
	if err != nil {
		return exitCode(usageError(stderr, err))
	}
	err = cmd.run(withClock(ctx, clock), args, stdout, stderr)
	var ee exitError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &ee):
		return ee.code
	}
	fmt.Fprintln(stderr, "carekiosk:", model.ErrorMessage(err, model.LangZH))
	if me := (*model.Error)(nil); errors.As(err, &me) && me.MessageEN != "" {
		fmt.Fprintln(stderr, "carekiosk:", me.MessageEN)
	} else if me == nil {
		fmt.Fprintln(stderr, "carekiosk:", err)
	}
	return 1
}

func usage(w io.Writer) {
	fmt.Fprintf(w, `carekiosk %s — 3岁以下婴幼儿养育照护小组活动签到与记录 (parenting care group kiosk)

用法 Usage:
  carekiosk [--data DIR] [--demo] [--no-phone]
                                      启动签到屏幕 start the kiosk screens
  carekiosk COMMAND [flags]

命令 Commands:
`, Version)
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-8s %s\n", n, commands[n].summary)
	}
	fmt.Fprintf(w, `
数据文件夹 Data folder: %s (或 --data DIR / or --data DIR)
每个命令都支持 --help. Every command takes --help.
`, defaultDataDir())
}

// defaultDataDir is where the kiosk keeps its database when --data is not
// given: $CAREKIOSK_DATA, else $XDG_DATA_HOME/carekiosk, else
// ~/.local/share/carekiosk.
func defaultDataDir() string {
	if d := os.Getenv("CAREKIOSK_DATA"); d != "" {
		return d
	}
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "carekiosk")
	}
	home, err := os.UserHomeDir()
	if err != nil || home == "" {
		return "carekiosk-data"
	}
	return filepath.Join(home, ".local", "share", "carekiosk")
}

// newFlags makes a flag set for a subcommand with a --data flag and a
// bilingual usage line.
func newFlags(name, usageLine string, stderr io.Writer) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	data := fs.String("data", defaultDataDir(), "数据文件夹 data folder")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "用法 Usage: %s\n", usageLine)
		fs.PrintDefaults()
	}
	return fs, data
}

// parseFlags parses a subcommand's flags. A mistyped flag or a stray
// argument is a usage error: the usage is printed and the exit code is 2.
// --help returns flag.ErrHelp (exit 0).
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return exitError{2} // flag printed the error and the usage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "carekiosk %s: 多余的参数 unexpected arguments: %q\n", fs.Name(), fs.Args())
		fs.Usage()
		return exitError{2}
	}
	return nil
}

// usageError prints a bad command-line value's message in both languages
// and makes it a usage error (exit 2).
func usageError(stderr io.Writer, err error) error {
	fmt.Fprintln(stderr, "carekiosk:", model.ErrorMessage(err, model.LangZH))
	if en := model.ErrorMessage(err, model.LangEN); en != model.ErrorMessage(err, model.LangZH) {
		fmt.Fprintln(stderr, "carekiosk:", en)
	}
	return exitError{2}
}

// flagGiven reports whether the flag name was set on the command line.
func flagGiven(fs *flag.FlagSet, name string) bool {
	given := false
	fs.Visit(func(f *flag.Flag) { given = given || f.Name == name })
	return given
}
