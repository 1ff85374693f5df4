package checkin

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"syscall"
	"time"

	"carekiosk/internal/webserve"
	"carekiosk/model"
)

// Options configure the check-in server; the zero value serves on :8080 with
// the LAN address detected for the QR code.
type Options struct {
	// Addr is the listen address, default ":8080" (all interfaces). Pass
	// model.Settings.Listen.
	Addr string
	// PublicBase overrides the base of the QR URL, e.g.
	// "http://192.168.1.20:8080"; empty detects the station's LAN address.
	// Pass model.Settings.PublicURL.
	PublicBase string
	// Clock supplies the time for tokens and passes; tests replace it.
	Clock model.Clock
	// Lang forces the page's language; empty follows the saved settings.
	Lang model.Lang
	// RateBurst and RateEvery set the per-address rate limit: RateBurst
	// requests at once, then one more every RateEvery. Zero means 40 and
	// 2 s; a negative RateBurst turns the limit off (tests of 60 phones on
	// one loopback address).
	RateBurst int
	RateEvery time.Duration
	// Log receives operational events (a failed save, a listener error),
	// never personal data. Nil discards them: the kiosk's terminal belongs
	// to the screens.
	Log *slog.Logger
}

// Store is what the phone page needs from storage: the session, the
// settings (for the language), a family found by number or remembered by the
// phone, the sign-in, and the installation secret that keys the QR tokens.
// *store.Store implements it.
type Store interface {
	Session(ctx context.Context, id string) (*model.Session, error)
	// Sessions lists the sessions a scanned token may belong to: its token
	// names none.
	Sessions(ctx context.Context, f model.SessionFilter) ([]model.Session, error)
	Settings(ctx context.Context) (model.Settings, error)
	Family(ctx context.Context, id string) (*model.Family, error)
	FindFamilies(ctx context.Context, q model.FamilyQuery) ([]model.Family, error)
	SignIn(ctx context.Context, in model.SignInInput) (*model.SignInResult, error)
	// Secret returns the installation's secret of this name, making it on
	// first use.
	Secret(ctx context.Context, name string) ([]byte, error)
}

// Server is the phone check-in server.
type Server struct {
	st      Store
	opt     Options
	keys    keys
	lim     *limiter
	log     *slog.Logger
	handler http.Handler
	cache   cache
	budget  passBudget

	baseMu sync.Mutex
	base   string
	baseAt time.Time

	bound string // the address Start bound, for tests
}

// Limits of the HTTP server.
const (
	maxBody = 512 << 10        // a signature PNG (≤200 KB) in base64 and the fields
	baseTTL = 10 * time.Second // how long a detected LAN address is reused
)

// limits are the phone page's timeouts: a slow phone on weak Wi-Fi
// uploading its signature gets 30 seconds.
var limits = webserve.Limits{ReadHeader: 5 * time.Second, Read: 30 * time.Second, Write: 30 * time.Second, Idle: 60 * time.Second}

// New makes a check-in server for the store. It reads (making on first use)
// the installation's "checkin" secret that keys the QR tokens and cookies.
func New(st Store, opt Options) (*Server, error) {
	if st == nil {
		return nil, errors.New("checkin: nil store")
	}
	if opt.Addr == "" {
		opt.Addr = ":8080"
	}
	if opt.RateBurst == 0 {
		opt.RateBurst = 40
	}
	if opt.RateEvery <= 0 {
		opt.RateEvery = 2 * time.Second
	}
	secret, err := st.Secret(context.Background(), "checkin")
	if err != nil {
		return nil, err
	}
	s := &Server{st: st, opt: opt, keys: deriveKeys(secret), log: opt.Log}
	if s.log == nil {
		s.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if opt.RateBurst > 0 {
		s.lim = newLimiter(opt.RateBurst, opt.RateEvery)
	}
	s.handler = s.routes()
	return s, nil
}

func (s *Server) now() time.Time { return s.opt.Clock.Time() }

// Handler returns the server's HTTP handler with all its protections (rate
// limit, cross-origin protection, security headers, body limit, recovery).
func (s *Server) Handler() http.Handler { return s.handler }

// URL returns the short URL for the QR code of a session, with the token of
// the current 30-second step. The kiosk redraws the code whenever it changes
// (at least every TokenStep).
func (s *Server) URL(sessionID string) string {
	return s.Base() + qrPath + encodeToken(s.keys.token, sessionID, s.now())
}

// Base returns the base URL phones reach the server at: Options.PublicBase,
// or http://<LAN address>:<port>. When the box has no LAN address it falls
// back to 127.0.0.1, which phones cannot reach; HasLAN tells the screen.
func (s *Server) Base() string {
	if s.opt.PublicBase != "" {
		return strings.TrimRight(s.opt.PublicBase, "/")
	}
	s.baseMu.Lock()
	defer s.baseMu.Unlock()
	if s.base == "" || time.Since(s.baseAt) > baseTTL {
		ip, ok := lanAddress()
		s.base, s.baseAt = baseURL(s.opt.Addr, ip, ok), time.Now()
	}
	return s.base
}

// HasLAN reports whether phones can reach the QR URL: a public base is set,
// or the box has a LAN address.
func (s *Server) HasLAN() bool {
	if s.opt.PublicBase != "" {
		return true
	}
	_, ok := lanAddress()
	return ok
}

// httpServer builds the net/http server with the hardening timeouts.
func (s *Server) httpServer() *http.Server {
	hs := webserve.NewServer(s.handler, limits, s.log)
	hs.Addr = s.opt.Addr
	return hs
}

// ListenAndServe listens on Options.Addr and serves until ctx is done, then
// shuts down gracefully: requests under way (a sign-in being committed) are
// finished within 5 seconds. It returns nil after a shutdown caused by ctx.
func (s *Server) ListenAndServe(ctx context.Context) error {
	ln, err := net.Listen("tcp", s.opt.Addr)
	if err != nil {
		return listenErr(s.opt.Addr, err)
	}
	return s.Serve(ctx, ln)
}

// Serve serves on ln until ctx is done, like ListenAndServe.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	return webserve.Serve(ctx, s.httpServer(), ln)
}

// Start binds the listen address now (so a port already in use is reported
// at once) and serves in the background until ctx is done. The returned
// channel yields the server's final error (nil after a clean shutdown) and
// is then closed.
func Start(ctx context.Context, st Store, opt Options) (*Server, <-chan error, error) {
	s, err := New(st, opt)
	if err != nil {
		return nil, nil, err
	}
	ln, err := net.Listen("tcp", s.opt.Addr)
	if err != nil {
		return nil, nil, listenErr(s.opt.Addr, err)
	}
	s.bound = ln.Addr().String()
	done := make(chan error, 1)
	go func() {
		done <- s.Serve(ctx, ln)
		close(done)
	}()
	return s, done, nil
}

func listenErr(addr string, err error) error {
	if errors.Is(err, syscall.EADDRINUSE) {
		return model.Errorf(model.ECONFLICT, "手机签到端口 %s 已被占用（可能另一个 carekiosk 正在运行），请联系技术人员", "the check-in port %s is in use (perhaps another carekiosk is running); contact support", addr)
	}
	return model.Errorf(model.EINTERNAL, "无法启动手机签到服务（%s）", "cannot start the phone check-in server (%s)", addr)
}
