// Package countyweb is the county center's page for the clerk's browser:
// the board of every unit (sessions held against quota, last bundle,
// gaps, reporting), bundle import by drag-and-drop or file picker with the
// import report, each unit's sessions down to the activity record and the
// sign-in sheet with signatures, and the report workbook to download.
// Everything is embedded; the page makes no request outside the server.
package countyweb

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"syscall"
	"time"

	"carekiosk/countydb"
	"carekiosk/internal/webserve"
	"carekiosk/model"
)

// DefaultAddr is where the page listens unless told otherwise: loopback
// only, so nobody else on the county's network reaches the records.
const DefaultAddr = "127.0.0.1:8090"

// Options configure the server.
type Options struct {
	// Addr is the listen address (DefaultAddr when empty).
	Addr string
	// Clock dates imports and the report; tests replace it.
	Clock model.Clock
	// Log receives operational events, never personal data; nil discards.
	Log *slog.Logger
	// TempDir holds uploaded bundles while they are imported ("" = the
	// system's).
	TempDir string
}

// Server is the county's web page.
type Server struct {
	db      *countydb.DB
	opt     Options
	log     *slog.Logger
	handler http.Handler
	// importMu lets one import run at a time: the clerk sees each
	// import's report whole, and a second browser tab waits its turn.
	importMu sync.Mutex
	// history keeps the old tables previewed until the clerk confirms.
	history historyStage
}

// Timeouts and limits of the HTTP server.
const (
	maxUpload = 1 << 30 // a drop of many stations' bundles
	maxForm   = 64 << 10
)

// limits are the county page's timeouts: a large upload on a slow PC and a
// five-year workbook get ten minutes each.
var limits = webserve.Limits{ReadHeader: 5 * time.Second, Read: 10 * time.Minute, Write: 10 * time.Minute, Idle: 60 * time.Second}

// New makes the server for the county's database.
func New(db *countydb.DB, opt Options) (*Server, error) {
	if db == nil {
		return nil, errors.New("countyweb: nil database")
	}
	if opt.Addr == "" {
		opt.Addr = DefaultAddr
	}
	s := &Server{db: db, opt: opt, log: opt.Log}
	if s.log == nil {
		s.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	removeStalePreviews(opt.TempDir)
	routes := s.routes()
	s.handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.history.sweep(s.now())
		routes.ServeHTTP(w, r)
	})
	return s, nil
}

// Handler returns the server's handler with its protections.
func (s *Server) Handler() http.Handler { return s.handler }

func (s *Server) now() time.Time { return s.opt.Clock.Time() }

// IsLoopback reports whether a listen address only accepts connections
// from this computer (127.0.0.0/8, ::1 or localhost).
func IsLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Serve serves on ln until ctx is done, then shuts down within 5 seconds.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	defer s.history.clear()
	return webserve.Serve(ctx, webserve.NewServer(s.handler, limits, s.log), ln)
}

// Listen binds the server's address now, so a port in use is reported at
// once.
func (s *Server) Listen() (net.Listener, error) {
	ln, err := net.Listen("tcp", s.opt.Addr)
	if errors.Is(err, syscall.EADDRINUSE) {
		return nil, model.Errorf(model.ECONFLICT, "端口 %s 已被占用（可能另一个 carekiosk county serve 正在运行），请换一个 --listen 地址", "the address %s is in use (perhaps another carekiosk county serve is running); choose another --listen", s.opt.Addr)
	}
	if err != nil {
		return nil, model.Errorf(model.EINVALID, "无法在 %s 上提供网页：%v", "cannot serve the page on %s: %v", s.opt.Addr, err)
	}
	return ln, nil
}
