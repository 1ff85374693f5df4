// Package webserve holds what the kiosk's phone page (checkin) and the
// county's page (countyweb) serve alike: a net/http server with timeouts a
// slow or hostile client cannot hold open, a graceful shutdown when the
// program ends, and the security headers every response carries.
package webserve

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"time"
)

// Limits of a server: ReadHeader bounds the request line and headers, Read
// the whole request with its body, Write the response, Idle a kept-alive
// connection between requests.
type Limits struct {
	ReadHeader, Read, Write, Idle time.Duration
}

// maxHeaderBytes is the same for both pages: no request needs more.
const maxHeaderBytes = 16 << 10

// shutdownGrace is how long requests under way (a sign-in being committed,
// an import) may take to finish once the program ends.
const shutdownGrace = 5 * time.Second

// NewServer makes the http.Server for h with lim, logging the server's own
// errors (bad TLS handshakes, broken connections) to log at debug level.
func NewServer(h http.Handler, lim Limits, log *slog.Logger) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: lim.ReadHeader,
		ReadTimeout:       lim.Read,
		WriteTimeout:      lim.Write,
		IdleTimeout:       lim.Idle,
		MaxHeaderBytes:    maxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelDebug),
	}
}

// Serve serves hs on ln until ctx is done, then shuts down gracefully:
// requests under way get shutdownGrace to finish. It returns nil after a
// shutdown caused by ctx, and the server's error if it stopped by itself.
func Serve(ctx context.Context, hs *http.Server, ln net.Listener) error {
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	err := hs.Shutdown(sctx)
	if e := <-errc; !errors.Is(e, http.ErrServerClosed) && err == nil {
		err = e
	}
	return err
}

// baseHeaders go on every response of both pages: never sniffed, never
// framed, no referrer to other sites, no camera, microphone or location, and
// no other origin may open or embed them. Each page adds its own
// Content-Security-Policy. The referrer policy is same-origin, not
// no-referrer: a phone on the station's plain-HTTP Wi-Fi address sends no
// Sec-Fetch-Site header, so the cross-origin protection reads the Origin
// header, which no-referrer turns into "null": every check-in would be
// refused.
var baseHeaders = map[string]string{
	"X-Content-Type-Options":       "nosniff",
	"X-Frame-Options":              "DENY",
	"Referrer-Policy":              "same-origin",
	"Permissions-Policy":           "camera=(), microphone=(), geolocation=()",
	"Cross-Origin-Opener-Policy":   "same-origin",
	"Cross-Origin-Resource-Policy": "same-origin",
}

// SetSecurityHeaders puts the common security headers and csp, the page's
// Content-Security-Policy, on h.
func SetSecurityHeaders(h http.Header, csp string) {
	for k, v := range baseHeaders {
		h[k] = []string{v}
	}
	h["Content-Security-Policy"] = []string{csp}
}
