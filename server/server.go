package server

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/chainscreen/chainscreen/monitor"
	"github.com/chainscreen/chainscreen/screen"
)

// Defaults for the limits.
const (
	// DefaultMaxBodyBytes is the default request body limit (1 MiB).
	DefaultMaxBodyBytes = 1 << 20
	// DefaultMaxBatch is the default maximum number of addresses in one batch request.
	DefaultMaxBatch = 1000
)

// Option configures a Server.
type Option func(*config)

type config struct {
	logger   *slog.Logger
	token    []byte // sha256 of the bearer token; nil: no authentication
	opsAuth  bool
	maxBody  int64
	maxBatch int
	maxAge   time.Duration
	now      func() time.Time
	refresh  func() any

	maxInFlight      int
	maxInFlightBytes int64
	nodes            nodeConfig       // see transactions.go
	monitor          *monitor.Monitor // see watch.go
}

// WithLogger sets the logger for request logs and panics (default slog.Default()).
func WithLogger(l *slog.Logger) Option {
	return func(c *config) {
		if l != nil {
			c.logger = l
		}
	}
}

// WithToken requires "Authorization: Bearer TOKEN" on /v1 and /api (the
// Chainalysis-compatible endpoint also accepts "X-API-Key: TOKEN"). An empty token
// disables authentication. The token is compared in constant time.
func WithToken(token string) Option {
	return func(c *config) {
		if token == "" {
			c.token = nil
			return
		}
		sum := sha256.Sum256([]byte(token))
		c.token = sum[:]
	}
}

// WithOpsAuth also requires the token on /healthz, /readyz and /metrics.
func WithOpsAuth(on bool) Option { return func(c *config) { c.opsAuth = on } }

// WithMaxBodyBytes sets the request body limit (default DefaultMaxBodyBytes); a larger
// body is answered 413 body_too_large.
func WithMaxBodyBytes(n int64) Option {
	return func(c *config) {
		if n > 0 {
			c.maxBody = n
		}
	}
}

// WithMaxBatch sets the maximum number of addresses in a batch request (default
// DefaultMaxBatch); more is answered 413 batch_too_large.
func WithMaxBatch(n int) Option {
	return func(c *config) {
		if n > 0 {
			c.maxBatch = n
		}
	}
}

// WithMaxAge sets the maximum age of a publication (from its date of issue) for
// /readyz and for the "stale" field of /v1/lists. Whether screening itself fails on a
// stale list is the Screener's choice (screen.WithMaxAge, screen.WithStrict): in
// strict mode screening answers 503 list_stale.
func WithMaxAge(d time.Duration) Option { return func(c *config) { c.maxAge = d } }

// WithClock sets the clock for list ages (tests).
func WithClock(now func() time.Time) Option {
	return func(c *config) {
		if now != nil {
			c.now = now
		}
	}
}

// WithRefreshStatus adds the status of the list refresher to /v1/lists (field
// "refresh"). status is called once per request and must be safe for concurrent use;
// its value is encoded as JSON.
func WithRefreshStatus(status func() any) Option { return func(c *config) { c.refresh = status } }

// Server is the HTTP handler. It is safe for concurrent use.
type Server struct {
	cfg     config
	scr     atomic.Pointer[screen.Screener]
	mux     *http.ServeMux
	metrics *metrics
	limits  *limiter
}

// New returns the handler for screener s. s may be nil: every screening request is
// then 503 no_list until SetScreener is called (a process that is up but not ready).
func New(s *screen.Screener, opts ...Option) *Server {
	srv := &Server{
		cfg: config{logger: slog.Default(), maxBody: DefaultMaxBodyBytes, maxBatch: DefaultMaxBatch, now: time.Now,
			maxInFlight: DefaultMaxInFlight, maxInFlightBytes: DefaultMaxInFlightBytes},
		mux: http.NewServeMux(),
	}
	for _, o := range opts {
		if o != nil {
			o(&srv.cfg)
		}
	}
	srv.scr.Store(s)
	srv.metrics = newMetrics(srv)
	srv.limits = newLimiter(srv.cfg)
	srv.routes()
	return srv
}

// SetScreener replaces the screener in service (nil: none). Requests in flight finish
// with the one they started with.
func (s *Server) SetScreener(scr *screen.Screener) { s.scr.Store(scr) }

// Screener returns the screener in service (nil when none).
func (s *Server) Screener() *screen.Screener { return s.scr.Load() }

// routes registers every endpoint. Each route is one metrics label.
func (s *Server) routes() {
	s.handle("GET /v1/addresses/{address}", true, s.getAddress)
	s.handle("POST /v1/addresses", true, s.postAddresses)
	s.handle("POST /v1/transactions", true, s.postTransaction)
	s.handle("GET /v1/lists", true, s.getLists)
	s.handle("GET /api/v1/address/{address}", true, s.chainalysis)
	s.handle("POST /v1/watch", true, s.postWatch) // watch.go
	s.handle("GET /v1/watch", true, s.getWatch)
	s.handle("DELETE /v1/watch/{id}", true, s.deleteWatch)
	s.handle("GET /v1/events", true, s.getEvents)
	s.handle("GET /healthz", s.cfg.opsAuth, s.healthz)
	s.handle("GET /readyz", s.cfg.opsAuth, s.readyz)
	s.handle("GET /metrics", s.cfg.opsAuth, s.serveMetrics)
}

func (s *Server) handle(pattern string, auth bool, h http.HandlerFunc) {
	s.metrics.route(pattern)
	h = checkQuery(pattern, h)
	if auth {
		s.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
			if s.authorized(w, r) {
				h(w, r)
			}
		})
		return
	}
	s.mux.HandleFunc(pattern, h)
}

// ServeHTTP serves a request: panic recovery, metrics and logging around the routes.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	sw := &statusWriter{ResponseWriter: w, r: r}
	defer func() {
		if p := recover(); p != nil {
			if p == http.ErrAbortHandler { //nolint:errorlint // sentinel value, compared as net/http does
				panic(p)
			}
			s.cfg.logger.LogAttrs(r.Context(), slog.LevelError, "http: panic serving request",
				slog.String("method", r.Method), slog.String("route", r.Pattern),
				slog.Any("panic", p), slog.String("stack", string(debug.Stack())))
			if !sw.wroteHeader {
				writeError(sw, http.StatusInternalServerError, "internal", "internal server error")
			}
		}
		d := time.Since(start)
		route := r.Pattern
		s.metrics.observe(route, sw.status(), d)
		if s.cfg.logger.Enabled(r.Context(), slog.LevelInfo) {
			if route == "" {
				route = "unmatched"
			}
			s.cfg.logger.LogAttrs(r.Context(), slog.LevelInfo, "http request",
				slog.String("method", r.Method), slog.String("route", route),
				slog.Int("status", sw.status()), slog.Duration("duration", d),
				slog.Int64("bytes", sw.bytes), slog.String("remote", r.RemoteAddr))
		}
	}()
	if release, ok := s.admit(sw, r); ok {
		defer release()
		s.mux.ServeHTTP(sw, r)
	}
}

// statusWriter records the status and size of a response, and turns the plain-text
// 404 and 405 answers of http.ServeMux (no route matched: r.Pattern is empty) into JSON
// errors.
type statusWriter struct {
	http.ResponseWriter
	r           *http.Request
	code        int
	bytes       int64
	wroteHeader bool
	swallow     bool
}

func (w *statusWriter) status() int {
	if w.code == 0 {
		return http.StatusOK
	}
	return w.code
}

func (w *statusWriter) WriteHeader(code int) {
	if w.wroteHeader {
		return
	}
	w.wroteHeader = true
	w.code = code
	if w.r.Pattern == "" && code >= 400 {
		// The mux's own error (http.Error): replace its text body by a JSON error.
		w.swallow = true
		codeName, msg := "not_found", "no such route: "+w.r.Method+" "+w.r.URL.Path
		if code == http.StatusMethodNotAllowed {
			codeName, msg = "method_not_allowed", "method "+w.r.Method+" not allowed; allowed: "+w.Header().Get("Allow")
		} else if code != http.StatusNotFound {
			codeName, msg = strings.ToLower(strings.ReplaceAll(http.StatusText(code), " ", "_")), http.StatusText(code)
		}
		body := errorBody(codeName, msg)
		h := w.Header()
		h.Set("Content-Type", "application/json")
		h.Set("Content-Length", strconv.Itoa(len(body)))
		w.ResponseWriter.WriteHeader(code)
		n, _ := w.ResponseWriter.Write(body)
		w.bytes += int64(n)
		return
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if !w.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
	if w.swallow {
		return len(b), nil
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// authorized checks the bearer token; on failure it writes 401 and returns false.
func (s *Server) authorized(w http.ResponseWriter, r *http.Request) bool {
	if s.cfg.token == nil {
		return true
	}
	tok, ok := bearerToken(r.Header.Get("Authorization"))
	if !ok && strings.HasPrefix(r.URL.Path, "/api/") {
		tok = r.Header.Get("X-API-Key")
		ok = tok != ""
	}
	// Both ways of sending the key are named on the Chainalysis-compatible endpoint, as
	// its clients send X-API-Key.
	how := "send it as Authorization: Bearer TOKEN"
	if strings.HasPrefix(r.URL.Path, "/api/") {
		how = "send it as X-API-Key: TOKEN or Authorization: Bearer TOKEN"
	}
	if !ok {
		w.Header().Set("WWW-Authenticate", `Bearer realm="chainscreen"`)
		writeError(w, http.StatusUnauthorized, "unauthorized", "missing API token: "+how)
		return false
	}
	sum := sha256.Sum256([]byte(tok))
	if subtle.ConstantTimeCompare(sum[:], s.cfg.token) != 1 {
		w.Header().Set("WWW-Authenticate", `Bearer realm="chainscreen", error="invalid_token"`)
		writeError(w, http.StatusUnauthorized, "unauthorized", "invalid token ("+how+")")
		return false
	}
	return true
}

// bearerToken extracts the token of an "Authorization: Bearer TOKEN" header (the scheme
// is case-insensitive).
func bearerToken(h string) (string, bool) {
	const scheme = "bearer "
	if len(h) <= len(scheme) || !strings.EqualFold(h[:len(scheme)], scheme) {
		return "", false
	}
	tok := strings.TrimSpace(h[len(scheme):])
	return tok, tok != ""
}

// apiError is the body of every error response.
type apiError struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

func errorBody(code, msg string) []byte {
	b, _ := json.Marshal(apiError{Error: errorDetail{Code: code, Message: msg}})
	return append(b, '\n')
}

// writeError writes a JSON error.
func writeError(w http.ResponseWriter, status int, code, msg string) {
	body := errorBody(code, msg)
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	if status == http.StatusServiceUnavailable && h.Get("Retry-After") == "" {
		h.Set("Retry-After", "30")
	}
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// writeJSON writes v as JSON with status.
func (s *Server) writeJSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer func() {
		if buf.Cap() <= 1<<20 {
			bufPool.Put(buf)
		}
	}()
	if err := json.NewEncoder(buf).Encode(v); err != nil {
		s.cfg.logger.LogAttrs(r.Context(), slog.LevelError, "http: encoding response", slog.String("route", r.Pattern), slog.Any("error", err))
		writeError(w, http.StatusInternalServerError, "internal", "internal server error")
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// screenError answers an error returned by the Screener.
func (s *Server) screenError(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, screen.ErrNoList):
		writeError(w, http.StatusServiceUnavailable, "no_list", "no sanctions list loaded: nothing was screened")
	case errors.Is(err, screen.ErrStale):
		writeError(w, http.StatusServiceUnavailable, "list_stale", err.Error())
	case errors.Is(err, screen.ErrTooLarge):
		writeError(w, http.StatusRequestEntityTooLarge, "too_large", err.Error())
	case errors.Is(err, screen.ErrInvalidTx):
		writeError(w, http.StatusBadRequest, "invalid_transaction", err.Error())
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		writeError(w, http.StatusServiceUnavailable, "canceled", "request canceled: "+err.Error())
	default:
		s.cfg.logger.LogAttrs(r.Context(), slog.LevelError, "http: screening failed", slog.String("route", r.Pattern), slog.Any("error", err))
		writeError(w, http.StatusInternalServerError, "internal", "internal server error")
	}
}

// noScreener answers a request that arrived while no screener is in service.
func noScreener(w http.ResponseWriter) {
	writeError(w, http.StatusServiceUnavailable, "no_list", "no sanctions list loaded: nothing was screened")
}

// bodyError answers a failure to read or decode a request body.
func bodyError(w http.ResponseWriter, err error) {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		writeError(w, http.StatusRequestEntityTooLarge, "body_too_large",
			fmt.Sprintf("request body larger than %d bytes", mbe.Limit))
		return
	}
	writeError(w, http.StatusBadRequest, "invalid_json", "invalid JSON body: "+err.Error())
}
