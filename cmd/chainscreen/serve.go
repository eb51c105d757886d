package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/chainscreen/chainscreen/monitor"
	"github.com/chainscreen/chainscreen/sanctions"
	"github.com/chainscreen/chainscreen/screen"
	"github.com/chainscreen/chainscreen/server"
)

// serveOptions are the flags of the serve command.
type serveOptions struct {
	addr      string
	refresh   time.Duration
	token     string
	tokenFile string
	maxAge    time.Duration
	strict    bool
	opsAuth   bool
	maxBody   int64
	maxBatch  int

	maxInFlight      int
	maxInFlightBytes int64
	nodes            serveNodes // serve_nodes.go

	mon         monitorOptions  // --db: the watchlist (monitor.go)
	hook        monitor.Webhook // --webhook: where the watchlist's events go
	monInterval time.Duration
}

// serveConsumer is the delivery cursor of serve's webhook, shared by every serve
// instance on one database (each event is posted by one of them).
const serveConsumer = "serve"

func newServeCmd(a *app) *cobra.Command {
	var o serveOptions
	cmd := &cobra.Command{
		Use:   "serve [--addr HOST:PORT] [--list PATH]... [--refresh 1h] [--token-file FILE] [--max-age 168h] [--db URL|FILE [--webhook URL]]",
		Short: "Serve the screening HTTP API",
		Long: `Serve the JSON API (see docs/openapi.yaml): GET /v1/addresses/{address},
POST /v1/addresses (batch), POST /v1/transactions, GET /v1/lists, the
Chainalysis-compatible GET /api/v1/address/{address}, and /healthz, /readyz, /metrics.

The lists are loaded before the server listens; if they cannot be loaded the command
exits with code 3. With --refresh, the lists are re-read on that interval and swapped in
only when they parse completely and are not older than the lists in service; on failure
the lists in service stay and /v1/lists shows the error.

With a maximum age (--max-age; 7 days by default for the cached official list, none
for --list files), /readyz answers 503 once a publication is older than that, and screening
fails closed (503 list_stale) unless --strict=false, in which case results carry
LIST_STALE. A token (--token-file, or --token, which other users can see in the process
list) is required as "Authorization: Bearer TOKEN" on /v1 and /api; --ops-auth also
requires it on /healthz, /readyz and /metrics.

With --db (a postgres:// URL, or a bbolt file), serve also keeps a watchlist of
customer addresses (POST, GET /v1/watch, DELETE /v1/watch/{id}) and re-screens it
against one pinned snapshot of the lists at start, after every list refresh that
changed them and after every registration; the changes are events (GET
/v1/events?after=SEQ) and, with --webhook, are POSTed there as 'monitor run' does. Several
serve (and monitor) instances may share one PostgreSQL database: a list change produces
each event once, and each event is posted by one instance (at least once: an instance
killed during a POST leaves that event to be posted again, with the same
Chainscreen-Event-Seq). A bbolt file is held open by serve: manage its watchlist
through the API while serve runs.

The server stops gracefully on SIGINT or SIGTERM.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return a.serve(cmd.Context(), o) },
	}
	addListFlags(cmd, a)
	f := cmd.Flags()
	f.StringVar(&o.addr, "addr", "127.0.0.1:8080", "listen address (HOST:PORT; port 0 picks a free port)")
	f.DurationVar(&o.refresh, "refresh", 0, "re-read the lists on this interval (0: never)")
	f.StringVar(&o.token, "token", "", "require this bearer token on /v1 and /api (prefer --token-file)")
	f.StringVar(&o.tokenFile, "token-file", "", "read the bearer token from this file (first line)")
	f.DurationVar(&o.maxAge, "max-age", 0, "maximum age of a publication, from its date of issue\n(default: "+defaultMaxAge.String()+" for the cached official list, no limit for --list files)")
	f.BoolVar(&o.strict, "strict", true, "with --max-age: a stale list makes screening fail (503) instead of flagging LIST_STALE")
	f.BoolVar(&o.opsAuth, "ops-auth", false, "also require the token on /healthz, /readyz and /metrics")
	f.Int64Var(&o.maxBody, "max-body", server.DefaultMaxBodyBytes, "request body limit in bytes")
	f.IntVar(&o.maxBatch, "max-batch", server.DefaultMaxBatch, "maximum addresses in one batch request")
	f.IntVar(&o.maxInFlight, "max-in-flight", server.DefaultMaxInFlight, "requests served at once; more are answered 503 with Retry-After")
	f.Int64Var(&o.maxInFlightBytes, "max-in-flight-bytes", server.DefaultMaxInFlightBytes, "request body bytes held at once; more are answered 503 with Retry-After")
	addServeNodeFlags(cmd, &o.nodes)
	addMonitorDBFlag(cmd, false, &o.mon, "watchlist database: a postgres:// URL (shared by several instances) or a bbolt file\n(default: no watchlist)")
	addWebhookFlags(cmd, &o.hook, "with --db: POST each watchlist event as JSON to this URL")
	f.DurationVar(&o.monInterval, "monitor-interval", 2*time.Second, "with --db: how often to look for list changes, new registrations and pending events")
	return cmd
}

// readToken returns the token from --token or --token-file.
func (o serveOptions) readToken(logger *slog.Logger) (string, error) {
	if o.token != "" && o.tokenFile != "" {
		return "", errors.New("--token and --token-file are exclusive")
	}
	if o.tokenFile == "" {
		return o.token, nil
	}
	st, err := os.Stat(o.tokenFile)
	if err != nil {
		return "", fmt.Errorf("--token-file: %w", err)
	}
	if !st.Mode().IsRegular() {
		return "", fmt.Errorf("--token-file %s: not a regular file", o.tokenFile)
	}
	if perm := st.Mode().Perm(); perm&0o077 != 0 && logger != nil {
		logger.Warn("the token file can be read by other users; chmod 600 it", "file", o.tokenFile,
			"mode", fmt.Sprintf("%04o", perm))
	}
	b, err := os.ReadFile(o.tokenFile)
	if err != nil {
		return "", fmt.Errorf("--token-file: %w", err)
	}
	// Editors on some systems write a byte-order mark and CRLF line ends: neither is part
	// of the token (a token with a BOM would make every request 401).
	tok, _, _ := strings.Cut(strings.TrimPrefix(string(b), "\ufeff"), "\n")
	tok = strings.TrimSpace(tok)
	if tok == "" {
		return "", fmt.Errorf("--token-file %s: empty token", o.tokenFile)
	}
	for _, r := range tok {
		if r < 0x21 || r > 0x7e {
			return "", fmt.Errorf("--token-file %s: the token has a character that is not printable ASCII (%U)", o.tokenFile, r)
		}
	}
	return tok, nil
}

// serve runs the HTTP server until ctx is cancelled.
func (a *app) serve(ctx context.Context, o serveOptions) error {
	token, err := o.readToken(a.logger)
	if err != nil {
		return withCode(exitInvalid, err)
	}
	if o.refresh < 0 || o.maxAge < 0 {
		return withCode(exitInvalid, errors.New("--refresh and --max-age must not be negative"))
	}
	if o.maxAge == 0 && len(a.lists) == 0 {
		// The cached official list: a week without a successful refresh fails closed.
		o.maxAge = defaultMaxAge
	}
	lists, err := a.loadLists(ctx)
	if err != nil {
		return err
	}
	sopts := []screen.Option{screen.WithLogger(a.logger)}
	if o.maxAge > 0 {
		sopts = append(sopts, screen.WithMaxAge(o.maxAge), screen.WithStrict(o.strict))
	}
	scr, err := screen.New(lists, sopts...)
	if err != nil {
		return withCode(exitUnavailable, err)
	}
	opts := []server.Option{
		server.WithLogger(a.logger),
		server.WithToken(token),
		server.WithOpsAuth(o.opsAuth),
		server.WithMaxAge(o.maxAge),
		server.WithMaxBodyBytes(o.maxBody),
		server.WithMaxBatch(o.maxBatch),
		server.WithMaxInFlight(o.maxInFlight),
		server.WithMaxInFlightBytes(o.maxInFlightBytes),
	}
	nodeOpts, err := a.dialServeNodes(ctx, o.nodes)
	if err != nil {
		return err
	}
	opts = append(opts, nodeOpts...)
	monOpts, stopMonitor, err := a.serveMonitor(ctx, &o, scr)
	if err != nil {
		return err
	}
	defer stopMonitor()
	opts = append(opts, monOpts...)
	if o.refresh > 0 {
		r := screen.NewRefresher(scr, a.reloadLists(scr), o.refresh, screen.WithRefreshLogger(a.logger))
		r.Start(ctx)
		defer r.Stop()
		opts = append(opts, server.WithRefreshStatus(func() any { return r.Status() }))
	}
	h := server.New(scr, opts...)

	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", o.addr)
	if err != nil {
		return withCode(exitUnavailable, err)
	}
	cleanStopOnSignal.Store(true) // a signal is serve's normal end (signal.go)
	fmt.Fprintf(a.stderr, "chainscreen: serving on http://%s\n", ln.Addr())
	if err := server.Serve(ctx, ln, h); err != nil {
		return withCode(exitUnavailable, err)
	}
	return nil
}

// serveMonitor opens the watchlist database of --db and starts the Monitor beside the
// list refresher: it re-screens the watchlist against scr whenever its lists change
// (Monitor.Watch) and delivers the events to --webhook. stop ends it and closes the
// database. Without --db there is no watchlist.
func (a *app) serveMonitor(ctx context.Context, o *serveOptions, scr *screen.Screener) (opts []server.Option, stop func(), err error) {
	if o.mon.db == "" {
		if o.hook.URL != "" {
			return nil, nil, withCode(exitInvalid, errors.New("--webhook needs --db (the watchlist database)"))
		}
		return nil, func() {}, nil
	}
	if o.monInterval <= 0 {
		return nil, nil, withCode(exitInvalid, errors.New("--monitor-interval must be positive"))
	}
	var mopts []monitor.Option
	if o.hook.URL != "" {
		o.hook.Logger = a.logger
		mopts = append(mopts, monitor.WithDelivery(serveConsumer, o.hook.Post))
	}
	m, st, err := o.mon.openWith(ctx, a, mopts...)
	if err != nil {
		return nil, nil, err
	}
	wctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = m.Watch(wctx, scr, o.monInterval) // ends with wctx
	}()
	return []server.Option{server.WithMonitor(m)}, func() {
		cancel()
		<-done
		if err := st.Close(); err != nil {
			a.logger.Warn("closing the watchlist database", "error", err)
		}
	}, nil
}

// reloadLists returns the Refresher's load function: it re-reads the list sources and
// refuses a set of lists that is older than the one in service (a publication must
// never go back in time), so that the Refresher keeps the lists in service.
func (a *app) reloadLists(scr *screen.Screener) func(context.Context) ([]*sanctions.List, error) {
	return func(ctx context.Context) ([]*sanctions.List, error) {
		lists, err := a.loadLists(ctx)
		if err != nil {
			return nil, err
		}
		cur := map[string]time.Time{} // source → newest publication in service
		for _, li := range scr.Lists() {
			if t, err := sanctions.ParseDate(li.Published); err == nil && t.After(cur[li.Source]) {
				cur[li.Source] = t
			}
		}
		for _, l := range lists {
			if err := sanctions.CheckNotOlder(l.Source.Name, l.Source.Published, cur[l.Source.Name]); err != nil {
				return nil, fmt.Errorf("list from %s: %w; kept the lists in service", l.Source.Location, err)
			}
		}
		return lists, nil
	}
}
