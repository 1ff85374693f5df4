// Package browsertest starts headless Chromium for the tests that drive the
// phone page (checkin) and the county page (countyweb) in a real browser.
// Only tests import it.
package browsertest

import (
	"context"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Path finds the browser: $CHROMIUM, then the usual Debian and Chrome
// names. A test without one is skipped, saying so; CI installs it.
func Path(t testing.TB) string {
	t.Helper()
	for _, p := range []string{os.Getenv("CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"} {
		if p == "" {
			continue
		}
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("skipped: chromium is not installed (looked for $CHROMIUM, /usr/bin/chromium, chromium-browser, google-chrome); .ci/run installs it")
	return ""
}

// Context starts a fresh headless Chromium (its own profile, no sandbox, no
// GPU, nothing fetched in the background) with the extra options, and
// returns a tab's context that ends after timeout or with the test.
func Context(t testing.TB, timeout time.Duration, extra ...chromedp.ExecAllocatorOption) context.Context {
	t.Helper()
	opts := append([]chromedp.ExecAllocatorOption{
		chromedp.ExecPath(Path(t)), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-dev-shm-usage", true), chromedp.UserDataDir(t.TempDir()),
	}, extra...)
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, cancelB := chromedp.NewContext(actx)
	ctx, cancel := context.WithTimeout(bctx, timeout)
	t.Cleanup(func() { cancel(); cancelB(); cancelA() })
	return ctx
}

// ShotDir is where a test's screenshots go: the folder named by the
// environment variable env to keep them, else the test's temporary folder.
func ShotDir(t testing.TB, env string) string {
	t.Helper()
	if d := os.Getenv(env); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		return d
	}
	return t.TempDir()
}
