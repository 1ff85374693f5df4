package webserve

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"testing"
	"time"
)

func TestSecurityHeaders(t *testing.T) {
	h := http.Header{}
	h.Set("Content-Security-Policy", "old")
	SetSecurityHeaders(h, "default-src 'none'")
	if got := h.Values("Content-Security-Policy"); len(got) != 1 || got[0] != "default-src 'none'" {
		t.Fatalf("CSP: %q", got)
	}
	for _, k := range []string{"X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy", "Permissions-Policy", "Cross-Origin-Opener-Policy", "Cross-Origin-Resource-Policy"} {
		if h.Get(k) == "" {
			t.Errorf("%s missing", k)
		}
	}
	if h.Get("Referrer-Policy") != "same-origin" {
		t.Errorf("referrer policy %q: the phone page's cross-origin check needs same-origin", h.Get("Referrer-Policy"))
	}
}

func TestNewServerLimits(t *testing.T) {
	lim := Limits{ReadHeader: time.Second, Read: 2 * time.Second, Write: 3 * time.Second, Idle: 4 * time.Second}
	hs := NewServer(http.NotFoundHandler(), lim, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if hs.ReadHeaderTimeout != time.Second || hs.ReadTimeout != 2*time.Second || hs.WriteTimeout != 3*time.Second || hs.IdleTimeout != 4*time.Second || hs.MaxHeaderBytes != maxHeaderBytes {
		t.Fatalf("limits not applied: %+v", hs)
	}
}

// A request under way when the program ends is finished, and Serve then
// returns nil.
func TestServeFinishesRequestOnShutdown(t *testing.T) {
	started, release := make(chan struct{}), make(chan struct{})
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(started)
		<-release
		_, _ = io.WriteString(w, "done")
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() {
		served <- Serve(ctx, NewServer(h, Limits{ReadHeader: time.Second, Read: 5 * time.Second, Write: 5 * time.Second, Idle: time.Second}, slog.New(slog.NewTextHandler(io.Discard, nil))), ln)
	}()
	body := make(chan string, 1)
	go func() {
		resp, err := http.Get("http://" + ln.Addr().String() + "/")
		if err != nil {
			body <- "error: " + err.Error()
			return
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		body <- string(b)
	}()
	<-started
	cancel()
	time.Sleep(50 * time.Millisecond) // let the shutdown begin while the request waits
	close(release)
	if got := <-body; got != "done" {
		t.Fatalf("request under way: %q", got)
	}
	if err := <-served; err != nil {
		t.Fatalf("Serve after shutdown: %v", err)
	}
}

// A server that stops by itself (its listener closed) returns its error.
func TestServeReturnsServerError(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ln.Close()
	err = Serve(context.Background(), NewServer(http.NotFoundHandler(), Limits{}, slog.Default()), ln)
	if err == nil {
		t.Fatal("a closed listener should end Serve with an error")
	}
}
