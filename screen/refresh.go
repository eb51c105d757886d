package screen

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/chainscreen/chainscreen/sanctions"
)

// ErrRefresherStopped is returned by Trigger after Stop.
var ErrRefresherStopped = errors.New("screen: refresher stopped")

// RefreshOption configures a Refresher.
type RefreshOption func(*refreshConfig)

type refreshConfig struct {
	timeout   time.Duration
	logger    *slog.Logger
	now       func() time.Time
	maxShrink float64
}

// WithRefreshTimeout bounds one refresh (the load function's context); default 10 minutes.
func WithRefreshTimeout(d time.Duration) RefreshOption {
	return func(c *refreshConfig) {
		if d > 0 {
			c.timeout = d
		}
	}
}

// WithRefreshLogger sets the logger (default: slog.Default()).
func WithRefreshLogger(l *slog.Logger) RefreshOption {
	return func(c *refreshConfig) {
		if l != nil {
			c.logger = l
		}
	}
}

// WithRefreshClock sets the clock used for the times in Status (tests).
func WithRefreshClock(now func() time.Time) RefreshOption {
	return func(c *refreshConfig) {
		if now != nil {
			c.now = now
		}
	}
}

// WithRefreshMaxShrink sets the largest drop of unique address values, per source, that
// a refresh may swap in (a fraction; default sanctions.DefaultMaxShrink, the limit of
// lists update). A larger drop, or a source in service that the refresh no longer
// returns, fails the refresh with an error wrapping sanctions.ErrShrink and the lists in
// service stay. f >= 1 accepts any drop; f <= 0 keeps the default.
func WithRefreshMaxShrink(f float64) RefreshOption {
	return func(c *refreshConfig) {
		if f > 0 {
			c.maxShrink = f
		}
	}
}

// RefreshStatus is the state of a Refresher, for monitoring.
type RefreshStatus struct {
	// LastAttempt and LastSuccess are when a refresh last started and last succeeded.
	LastAttempt time.Time `json:"last_attempt,omitzero"`
	LastSuccess time.Time `json:"last_success,omitzero"`
	// LastError is the error of the last refresh (nil after a success).
	LastError error `json:"-"`
	// LastErrorText is LastError's text, for JSON.
	LastErrorText string `json:"last_error,omitempty"`
	// Refreshes and Failures count completed refreshes and failed ones;
	// ConsecutiveFailures counts failures since the last success.
	Refreshes           int `json:"refreshes"`
	Failures            int `json:"failures"`
	ConsecutiveFailures int `json:"consecutive_failures"`
	// Running reports whether a refresh is in flight.
	Running bool `json:"running"`
	// Lists are the lists in service.
	Lists []ListInfo `json:"lists"`
}

// Refresher reloads a Screener's lists in the background: every interval, and on
// Trigger. A refresh calls the load function and, only when it succeeds, swaps the
// lists into the Screener (Swap builds the new index before it is published, so
// screening never sees a half-built index and never waits for a refresh). On failure
// the lists in service stay, and the error is in Status.
//
// Refreshes are single-flight: a Trigger while a refresh runs waits for that refresh
// and shares its outcome.
type Refresher struct {
	s        *Screener
	load     func(context.Context) ([]*sanctions.List, error)
	interval time.Duration
	cfg      refreshConfig

	base   context.Context // cancelled by Stop; parent of every refresh
	cancel context.CancelFunc
	wg     sync.WaitGroup // the loop and the refreshes in flight

	mu      sync.Mutex
	started bool
	stopped bool
	flight  *refreshCall
	status  RefreshStatus
}

// refreshCall is one refresh in flight; done is closed when err is set.
type refreshCall struct {
	done chan struct{}
	err  error
}

// NewRefresher returns a Refresher for s. load returns the lists to screen against
// (for example: Fetcher.Update, then Fetcher.Current); interval is the period of the
// background loop started by Start (zero or negative: no loop, Trigger only).
func NewRefresher(s *Screener, load func(ctx context.Context) ([]*sanctions.List, error), interval time.Duration, opts ...RefreshOption) *Refresher {
	cfg := refreshConfig{timeout: 10 * time.Minute, logger: slog.Default(), now: time.Now, maxShrink: sanctions.DefaultMaxShrink}
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	base, cancel := context.WithCancel(context.Background())
	return &Refresher{s: s, load: load, interval: interval, cfg: cfg, base: base, cancel: cancel}
}

// Start starts the background loop; it ends when ctx is done or Stop is called. Calling
// Start again, or after Stop, does nothing.
func (r *Refresher) Start(ctx context.Context) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.started || r.stopped || r.interval <= 0 {
		return
	}
	r.started = true
	r.wg.Add(1)
	go r.loop(ctx)
}

func (r *Refresher) loop(ctx context.Context) {
	defer r.wg.Done()
	t := time.NewTicker(r.interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-r.base.Done():
			return
		case <-t.C:
			// Errors are logged and kept in Status by the refresh itself.
			_ = r.Trigger(ctx)
		}
	}
}

// Stop ends the loop, cancels a refresh in flight and waits for both to finish.
func (r *Refresher) Stop() {
	r.mu.Lock()
	r.stopped = true
	r.mu.Unlock()
	r.cancel()
	r.wg.Wait()
}

// Trigger runs a refresh now, or joins the one in flight, and waits for its outcome
// (or for ctx). Cancelling ctx stops the waiting, not the shared refresh: it runs on,
// bounded by the refresh timeout and Stop.
func (r *Refresher) Trigger(ctx context.Context) error {
	r.mu.Lock()
	if r.stopped {
		r.mu.Unlock()
		return ErrRefresherStopped
	}
	c := r.flight
	if c == nil {
		c = &refreshCall{done: make(chan struct{})}
		r.flight = c
		r.status.Running = true
		r.status.LastAttempt = r.cfg.now()
		r.wg.Add(1)
		go r.run(c)
	}
	r.mu.Unlock()
	select {
	case <-c.done:
		return c.err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// run performs one refresh.
func (r *Refresher) run(c *refreshCall) {
	defer r.wg.Done()
	ctx, cancel := context.WithTimeout(r.base, r.cfg.timeout)
	defer cancel()
	start := time.Now()
	lists, err := r.load(ctx)
	if err == nil {
		err = r.checkShrink(lists)
	}
	if err == nil {
		err = r.s.Swap(lists...)
	}

	r.mu.Lock()
	st := &r.status
	st.Running = false
	st.Refreshes++
	if err != nil {
		st.Failures++
		st.ConsecutiveFailures++
		st.LastError, st.LastErrorText = err, err.Error()
	} else {
		st.ConsecutiveFailures = 0
		st.LastError, st.LastErrorText = nil, ""
		st.LastSuccess = r.cfg.now()
	}
	failures := st.ConsecutiveFailures
	c.err = err
	r.flight = nil
	close(c.done)
	r.mu.Unlock()

	if err != nil {
		r.cfg.logger.LogAttrs(ctx, slog.LevelWarn, "screen: list refresh failed; the lists in service stay",
			slog.Any("error", err), slog.Int("consecutive_failures", failures), slog.Duration("took", time.Since(start)))
		return
	}
	attrs := []slog.Attr{slog.Duration("took", time.Since(start))}
	for _, li := range r.s.Lists() {
		attrs = append(attrs, slog.Group("list", slog.String("source", li.Source),
			slog.String("published", li.Published), slog.String("sha256", li.SHA256)))
	}
	r.cfg.logger.LogAttrs(ctx, slog.LevelInfo, "screen: lists refreshed", attrs...)
}

// Status returns the Refresher's state and the lists in service.
func (r *Refresher) Status() RefreshStatus {
	r.mu.Lock()
	st := r.status
	r.mu.Unlock()
	st.Lists = r.s.Lists()
	return st
}

// checkShrink applies sanctions.CheckShrink to each source of the lists in service
// against the same source in lists (the values of a source's lists counted together).
func (r *Refresher) checkShrink(lists []*sanctions.List) error {
	ix := r.s.ix.Load()
	if ix == nil {
		return nil
	}
	inService, next := sourceValues(ix.lists), sourceValues(lists)
	if len(next) == 0 {
		return nil // no list at all: Swap refuses it (ErrNoList)
	}
	for _, src := range sortedKeys(inService) {
		if err := sanctions.CheckShrink(src, next[src], inService[src], r.cfg.maxShrink); err != nil {
			return fmt.Errorf("refresh: %w; kept the lists in service (restart to accept a large delisting)", err)
		}
	}
	return nil
}

// sourceValues counts the unique address values of lists by source name.
func sourceValues(lists []*sanctions.List) map[string]int {
	seen := map[string]map[string]struct{}{}
	for _, l := range lists {
		if l == nil {
			continue
		}
		m := seen[l.Source.Name]
		if m == nil {
			m = map[string]struct{}{}
			seen[l.Source.Name] = m
		}
		for _, a := range l.Addresses {
			m[strings.TrimSpace(a.Value)] = struct{}{}
		}
	}
	out := make(map[string]int, len(seen))
	for src, m := range seen {
		out[src] = len(m)
	}
	return out
}

func sortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
