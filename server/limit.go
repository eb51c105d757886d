package server

import (
	"fmt"
	"net/http"
	"sync/atomic"
)

// Defaults of the admission limits.
const (
	// DefaultMaxInFlight is the default number of requests served at once (ops
	// endpoints excluded); more are answered 503 overloaded with Retry-After.
	DefaultMaxInFlight = 64
	// DefaultMaxInFlightBytes is the default budget of request body bytes held by the
	// requests in flight (16 MiB). A request reserves its Content-Length (or the body
	// limit when the length is not announced) before its body is read. 16 MiB keeps
	// 300 concurrent 1 MiB batches under 256 MB of RSS (docs/RELIABILITY.md).
	DefaultMaxInFlightBytes = 16 << 20
	// overloadRetryAfter is the Retry-After (seconds) of a 503 overloaded answer: the
	// requests in flight are short, so a client can come back soon.
	overloadRetryAfter = "1"
)

// WithMaxInFlight sets the number of requests served at once (default
// DefaultMaxInFlight; /healthz, /readyz and /metrics are not counted). Beyond it a
// request is answered 503 overloaded with "Retry-After: 1". n <= 0 keeps the default.
func WithMaxInFlight(n int) Option {
	return func(c *config) {
		if n > 0 {
			c.maxInFlight = n
		}
	}
}

// WithMaxInFlightBytes sets the budget of request body bytes held by the requests in
// flight (default DefaultMaxInFlightBytes). A request that would exceed it is answered
// 503 overloaded with "Retry-After: 1". n <= 0 keeps the default; a budget below the
// body limit is raised to it (a single request of the largest accepted size must fit).
func WithMaxInFlightBytes(n int64) Option {
	return func(c *config) {
		if n > 0 {
			c.maxInFlightBytes = n
		}
	}
}

// limiter admits requests within the in-flight limits. It is lock-free.
type limiter struct {
	maxReqs  int64
	maxBytes int64
	reqs     atomic.Int64
	bytes    atomic.Int64
	rejected [numRejects]atomic.Uint64
}

// Reasons for refusing a request at admission, for the metrics.
const (
	rejectRequests = iota // too many requests in flight
	rejectBytes           // too many body bytes in flight
	rejectTooLarge        // Content-Length over the body limit
	numRejects
)

var rejectNames = [numRejects]string{"requests", "bytes", "too_large"}

func newLimiter(c config) *limiter {
	maxBytes := c.maxInFlightBytes
	if maxBytes < c.maxBody {
		maxBytes = c.maxBody
	}
	return &limiter{maxReqs: int64(c.maxInFlight), maxBytes: maxBytes}
}

// opsPath reports whether the request is for an ops endpoint, which is never refused
// for load (a probe must see the process, and they cost next to nothing).
func opsPath(r *http.Request) bool {
	switch r.URL.Path {
	case "/healthz", "/readyz", "/metrics":
		return r.Method == http.MethodGet || r.Method == http.MethodHead
	}
	return false
}

// admit reserves a slot and the body bytes of r. When it returns false it has written
// the answer (413 or 503); otherwise the caller must call release when the request is
// done.
func (s *Server) admit(sw *statusWriter, r *http.Request) (release func(), ok bool) {
	if opsPath(r) {
		return func() {}, true
	}
	l := s.limits
	// A refusal is written past the statusWriter's rewriting of the mux's own errors
	// (no route has matched yet), and counted under the route it was meant for.
	w := refusalWriter{sw: sw, r: r, mux: s.mux}
	if r.ContentLength > s.cfg.maxBody {
		// Refused before a byte of the body is read.
		l.rejected[rejectTooLarge].Add(1)
		w.Header().Set("Connection", "close")
		writeError(w, http.StatusRequestEntityTooLarge, "body_too_large",
			fmt.Sprintf("request body of %d bytes is larger than %d bytes", r.ContentLength, s.cfg.maxBody))
		return nil, false
	}
	if l.reqs.Add(1) > l.maxReqs {
		l.reqs.Add(-1)
		l.rejected[rejectRequests].Add(1)
		overloaded(w, fmt.Sprintf("more than %d requests in flight; retry later", l.maxReqs))
		return nil, false
	}
	n := reservation(r, s.cfg.maxBody)
	if n > 0 && l.bytes.Add(n) > l.maxBytes {
		l.bytes.Add(-n)
		l.reqs.Add(-1)
		l.rejected[rejectBytes].Add(1)
		overloaded(w, fmt.Sprintf("more than %d request body bytes in flight; retry later", l.maxBytes))
		return nil, false
	}
	return func() {
		if n > 0 {
			l.bytes.Add(-n)
		}
		l.reqs.Add(-1)
	}, true
}

// refusalWriter writes an admission refusal straight to the client and records it in
// the statusWriter for the metrics and the log.
type refusalWriter struct {
	sw  *statusWriter
	r   *http.Request
	mux *http.ServeMux
}

func (w refusalWriter) Header() http.Header { return w.sw.ResponseWriter.Header() }

func (w refusalWriter) WriteHeader(code int) {
	if _, pattern := w.mux.Handler(w.r); pattern != "" {
		w.r.Pattern = pattern
	}
	w.sw.wroteHeader, w.sw.code = true, code
	w.sw.ResponseWriter.WriteHeader(code)
}

func (w refusalWriter) Write(b []byte) (int, error) {
	n, err := w.sw.ResponseWriter.Write(b)
	w.sw.bytes += int64(n)
	return n, err
}

// reservation is the number of body bytes r may bring: its Content-Length, or the body
// limit when the length is not announced (chunked). GET and HEAD carry none.
func reservation(r *http.Request, maxBody int64) int64 {
	switch {
	case r.Method == http.MethodGet || r.Method == http.MethodHead:
		return 0
	case r.ContentLength >= 0:
		return r.ContentLength
	default:
		return maxBody
	}
}

// overloaded answers 503 overloaded with a short Retry-After.
func overloaded(w http.ResponseWriter, msg string) {
	w.Header().Set("Retry-After", overloadRetryAfter)
	writeError(w, http.StatusServiceUnavailable, "overloaded", msg)
}

// inFlight returns the requests and body bytes in flight (for the metrics).
func (l *limiter) inFlight() (reqs, bytes int64) { return l.reqs.Load(), l.bytes.Load() }

// rejects returns the admission refusals by reason name.
func (l *limiter) rejects() map[string]uint64 {
	m := make(map[string]uint64, numRejects)
	for i := range l.rejected {
		m[rejectNames[i]] = l.rejected[i].Load()
	}
	return m
}
