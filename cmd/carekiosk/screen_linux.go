package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"syscall"
	"time"

	"carekiosk/screen"
)

func init() {
	commands["screen"] = command{"在图形终端中运行信息亭 run the kiosk in foot, sized for the display (inside cage)", runScreen}
}

// screenFont is the font family foot draws the kiosk with: monospace Latin
// at half an em and every Chinese character the kiosk shows.
const screenFont = "Noto Sans Mono CJK SC"

// fallbackMode is the display assumed when the compositor cannot be asked:
// the smallest the kiosk supports, so the QR code fits whatever the screen.
var fallbackMode = screen.Mode{Width: 800, Height: 480}

// runScreen asks the compositor for the display's size, picks the font that
// fits the kiosk screens and the QR code, and replaces itself with foot
// running `carekiosk kiosk` with the given flags.
func runScreen(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	for _, a := range args {
		if a == "-h" || a == "--help" {
			fmt.Fprintln(stdout, "用法 Usage: carekiosk screen [kiosk flags…]   (run by cage on the box: cage -- carekiosk screen --data DIR)")
			return nil
		}
	}
	mode := displayMode(stderr)
	f := screen.FontFor(mode.Width, mode.Height)
	fmt.Fprintf(stderr, "carekiosk screen: display %dx%d, font %dpx, %dx%d cells\n", mode.Width, mode.Height, f.Pixels, f.Cols, f.Rows)
	foot, err := exec.LookPath("foot")
	if err != nil {
		return fmt.Errorf("carekiosk screen: foot is not installed: %w", err)
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	argv := append(footArgs(f), "--", self, "kiosk")
	argv = append(argv, args...)
	env := append(os.Environ(), "RUNEWIDTH_EASTASIAN=0")
	return syscall.Exec(foot, append([]string{foot}, argv...), env)
}

// displayMode returns the smallest output's size, asking a few times while
// the compositor brings its outputs up, else the smallest supported display.
func displayMode(stderr io.Writer) screen.Mode {
	var last error
	for try := 0; try < 10; try++ {
		modes, err := screen.Outputs(2 * time.Second)
		if m, ok := screen.Smallest(modes); ok && err == nil {
			return m
		}
		last = err
		time.Sleep(200 * time.Millisecond)
	}
	fmt.Fprintf(stderr, "carekiosk screen: display size unknown (%v), assuming %dx%d\n", last, fallbackMode.Width, fallbackMode.Height)
	return fallbackMode
}

// footArgs are foot's options for font f: no padding, no DPI scaling (the
// size is already in pixels), the ambiguous-width characters narrow.
func footArgs(f screen.Font) []string {
	return []string{
		"--font", screenFont + ":pixelsize=" + strconv.Itoa(f.Pixels),
		"--override", "line-height=" + strconv.Itoa(f.LineHeight) + "px",
		"--override", "vertical-letter-offset=-" + strconv.Itoa(f.Raise) + "px",
		"--override", "pad=0x0",
		"--override", "dpi-aware=no",
		"--title", "carekiosk",
		"--app-id", "carekiosk",
	}
}
