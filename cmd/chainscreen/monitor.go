package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/chainscreen/chainscreen/address"
	"github.com/chainscreen/chainscreen/monitor"
	"github.com/chainscreen/chainscreen/monitor/boltstore"
	"github.com/chainscreen/chainscreen/monitor/pgstore"
	"github.com/chainscreen/chainscreen/screen"
	"github.com/spf13/cobra"
)

// exitDelivery: monitor run found events but could not deliver them all; the rest stay
// pending in the database and are delivered by the next run.
const exitDelivery = 4

// monitorConsumer is the delivery cursor of `monitor run`: an event printed or posted
// once is not sent again, whatever the sink of the next run.
const monitorConsumer = "cli"

// monitorOptions are the flags shared by the monitor subcommands.
type monitorOptions struct {
	db    string
	chain string
}

func newMonitorCmd(a *app) *cobra.Command {
	o := &monitorOptions{}
	cmd := &cobra.Command{
		Use:   "monitor",
		Short: "Watch registered addresses and report when they become sanctioned or delisted",
		Long: `Keep a watchlist of customer addresses (deposit and withdrawal addresses with a
label such as a customer id) in a local database, re-screen it when the sanctions list
changes, and report NEWLY_SANCTIONED, DELISTED and SANCTIONS_CHANGED events.

  chainscreen monitor add ADDRESS... [--label L]
  chainscreen monitor remove ADDRESS...
  chainscreen monitor list
  chainscreen monitor run [--list PATH]... [--webhook URL]
  chainscreen monitor events [--after SEQ]

The database keeps the last-seen state of every address and every event: run it from
cron after each list update; it reports what changed since the last run. Delivery is
at least once: an event is marked delivered only after its sink accepted it, so a run
killed during delivery delivers that one event again on the next run, with the same
sequence number (Chainscreen-Event-Seq on webhooks, "seq" in NDJSON): de-duplicate on it.`,
	}
	addMonitorDBFlag(cmd, true, o, "monitor database: a postgres:// URL (shared by several instances) or a bbolt file\n(default: chainscreen/monitor.db in the user data directory)")
	cmd.AddCommand(newMonitorAddCmd(a, o), newMonitorRemoveCmd(a, o), newMonitorListCmd(a, o),
		newMonitorRunCmd(a, o), newMonitorEventsCmd(a, o))
	return cmd
}

// defaultMonitorDB is chainscreen/monitor.db in the user data directory: $XDG_DATA_HOME
// or ~/.local/share on Unix, the user configuration directory on macOS and Windows.
func defaultMonitorDB() (string, error) {
	if d := os.Getenv("XDG_DATA_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "chainscreen", "monitor.db"), nil
	}
	if runtime.GOOS == "darwin" || runtime.GOOS == "windows" || runtime.GOOS == "plan9" {
		d, err := os.UserConfigDir()
		if err != nil {
			return "", err
		}
		return filepath.Join(d, "chainscreen", "monitor.db"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("no home directory (%v); pass --db PATH", err)
	}
	return filepath.Join(home, ".local", "share", "chainscreen", "monitor.db"), nil
}

// monitorStore is a monitoring store the command opened and must close.
type monitorStore interface {
	monitor.Store
	Close() error
}

// openMonitor opens the database and returns a Monitor over it; the caller closes the store.
func (o *monitorOptions) open(ctx context.Context, a *app) (*monitor.Monitor, monitorStore, error) {
	return o.openWith(ctx, a)
}

// openStore opens --db: a PostgreSQL database for a postgres:// or postgresql:// URL
// (any libpq URL; several instances can share it), a bbolt file otherwise. Another URL
// scheme is an error, never a file named after it.
func (o *monitorOptions) openStore(ctx context.Context, a *app) (monitorStore, error) {
	path := o.db
	if scheme, _, ok := strings.Cut(path, "://"); ok && !strings.ContainsAny(scheme, `/\`) {
		switch strings.ToLower(scheme) {
		case "postgres", "postgresql":
			st, err := pgstore.Open(ctx, path)
			if err != nil {
				return nil, withCode(exitUnavailable, err)
			}
			a.logger.Debug("monitor database", "postgres", true)
			return st, nil
		}
		return nil, withCode(exitInvalid, fmt.Errorf("--db: unsupported database URL scheme %q (postgres:// or a bbolt file path)", scheme))
	}
	if path == "" {
		p, err := defaultMonitorDB()
		if err != nil {
			return nil, withCode(exitInvalid, err)
		}
		path = p
	}
	st, err := boltstore.Open(ctx, path, 5*time.Second)
	if err != nil {
		return nil, withCode(exitUnavailable, err)
	}
	a.logger.Debug("monitor database", "path", path)
	return st, nil
}

func (o *monitorOptions) openWith(ctx context.Context, a *app, opts ...monitor.Option) (*monitor.Monitor, monitorStore, error) {
	st, err := o.openStore(ctx, a)
	if err != nil {
		return nil, nil, err
	}
	opts = append([]monitor.Option{monitor.WithLogger(a.logger)}, opts...)
	return monitor.New(st, opts...), st, nil
}

func (o *monitorOptions) chainFlag() (address.Chain, error) {
	if o.chain == "" {
		return address.ChainUnknown, nil
	}
	c, err := address.ParseChain(o.chain)
	if err != nil {
		return "", withCode(exitInvalid, err)
	}
	return c, nil
}

func newMonitorAddCmd(a *app, o *monitorOptions) *cobra.Command {
	var label string
	cmd := &cobra.Command{
		Use:   "add ADDRESS... [--label L] [--chain C]",
		Short: "Register addresses on the watchlist (again: replace the label)",
		Long: `Register one or more addresses with a label (a customer id, "deposit", ...).
Every address is validated first: if one is invalid, none is registered (exit 2). The
addresses are screened by the next 'monitor run'; one that is already listed then gives
a NEWLY_SANCTIONED event marked first_screen.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			chain, err := o.chainFlag()
			if err != nil {
				return err
			}
			for _, in := range args {
				if _, _, err := monitor.RegistrationID(chain, in); err != nil {
					return withCode(exitInvalid, err)
				}
			}
			m, st, err := o.open(cmd.Context(), a)
			if err != nil {
				return err
			}
			defer st.Close()
			for _, in := range args {
				r, err := m.Add(cmd.Context(), chain, in, label)
				if err != nil {
					return err
				}
				fmt.Fprintf(a.stdout, "registered %s\t%s\n", r.ID, r.Label)
			}
			return nil
		},
	}
	cmd.Flags().StringVarP(&label, "label", "l", "", "label: customer id, account, purpose")
	cmd.Flags().StringVar(&o.chain, "chain", "", "register the addresses for this chain (default: detect)")
	return cmd
}

func newMonitorRemoveCmd(a *app, o *monitorOptions) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "remove ADDRESS|ID... [--chain C]",
		Short: "Remove addresses from the watchlist",
		Long:  `Remove addresses (given as text, or as the ID 'monitor list' shows). An address that is not registered is exit 2; their past events stay in the log.`,
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			chain, err := o.chainFlag()
			if err != nil {
				return err
			}
			m, st, err := o.open(cmd.Context(), a)
			if err != nil {
				return err
			}
			defer st.Close()
			var missing []error
			for _, in := range args {
				err := m.Remove(cmd.Context(), chain, in)
				switch {
				case errors.Is(err, monitor.ErrNotRegistered), errors.Is(err, monitor.ErrInvalidRegistration):
					missing = append(missing, err)
				case err != nil:
					return err
				default:
					fmt.Fprintf(a.stdout, "removed %s\n", in)
				}
			}
			if len(missing) > 0 {
				return withCode(exitInvalid, errors.Join(missing...))
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&o.chain, "chain", "", "the chain the addresses were registered for (default: detect)")
	return cmd
}

func newMonitorListCmd(a *app, o *monitorOptions) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "list [--format table|json|ndjson]",
		Short: "Show the watchlist with the last-seen state of every address",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if format != "table" && format != "json" && format != "ndjson" {
				return withCode(exitInvalid, fmt.Errorf("unknown format %q (want table, json or ndjson)", format))
			}
			m, st, err := o.open(cmd.Context(), a)
			if err != nil {
				return err
			}
			defer st.Close()
			regs, err := m.List(cmd.Context())
			if err != nil {
				return err
			}
			states, err := st.States(cmd.Context())
			if err != nil {
				return err
			}
			type row struct {
				monitor.Registration
				State *monitor.AddressState `json:"state,omitempty"`
			}
			rows := make([]row, len(regs))
			for i, r := range regs {
				rows[i].Registration = r
				if s, ok := states[r.ID]; ok {
					rows[i].State = &s
				}
			}
			switch format {
			case "json":
				enc := json.NewEncoder(a.stdout)
				enc.SetIndent("", "  ")
				if rows == nil {
					rows = []row{}
				}
				return enc.Encode(rows)
			case "ndjson":
				enc := json.NewEncoder(a.stdout)
				for _, r := range rows {
					if err := enc.Encode(r); err != nil {
						return err
					}
				}
				return nil
			}
			tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tLABEL\tSTATUS\tSCREENED AGAINST")
			for _, r := range rows {
				status, against := "not yet screened", "-"
				if r.State != nil {
					status = "clear"
					if r.State.Sanctioned {
						status = "SANCTIONED"
					}
					against = listNamesOf(r.State.Lists)
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.ID, r.Label, status, against)
			}
			return tw.Flush()
		},
	}
	cmd.Flags().StringVarP(&format, "format", "f", "table", "output format: table, json or ndjson")
	return cmd
}

func listNamesOf(ls []screen.ListInfo) string {
	s := ""
	for i, l := range ls {
		if i > 0 {
			s += ", "
		}
		s += l.Source + " " + l.Published
	}
	return s
}

func newMonitorEventsCmd(a *app, o *monitorOptions) *cobra.Command {
	var after uint64
	cmd := &cobra.Command{
		Use:   "events [--after SEQ]",
		Short: "Print the event log as NDJSON (does not move the delivery cursor of run)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			m, st, err := o.open(cmd.Context(), a)
			if err != nil {
				return err
			}
			defer st.Close()
			enc := json.NewEncoder(a.stdout)
			for {
				evs, err := m.Events(cmd.Context(), after, 256)
				if err != nil {
					return err
				}
				if len(evs) == 0 {
					return nil
				}
				for _, e := range evs {
					if err := enc.Encode(e); err != nil {
						return err
					}
					after = e.Seq
				}
			}
		},
	}
	cmd.Flags().Uint64Var(&after, "after", 0, "print the events after this sequence number")
	return cmd
}

func newMonitorRunCmd(a *app, o *monitorOptions) *cobra.Command {
	h := &monitor.Webhook{}
	var allowOlder bool
	cmd := &cobra.Command{
		Use:   "run [--list PATH]... [--webhook URL]",
		Short: "Re-screen the watchlist now and deliver the events",
		Long: `Re-screen every registered address against the lists, record the changes since
the previous run as events (NEWLY_SANCTIONED, DELISTED) and deliver every event not yet
delivered: as NDJSON on stdout, or POSTed one by one (JSON) to --webhook, with retries.
An event whose delivery fails stays pending and is delivered by the next run.

Exit codes: 0 done, no NEWLY_SANCTIONED event; 1 at least one NEWLY_SANCTIONED event
was delivered; 3 list or database unavailable, or the list is older than the one the
watchlist was last screened against (nothing was recorded; --allow-older to roll back
deliberately); 4 the webhook did not accept every event (the rest are pending).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			m, st, err := o.openWith(ctx, a, monitor.WithAllowOlderPublications(allowOlder))
			if err != nil {
				return err
			}
			defer st.Close()
			s, err := a.screener(ctx)
			if err != nil {
				return err
			}
			if err := s.Check(); err != nil {
				// Not strict (that fails inside OnListChange): events are computed, with a warning.
				fmt.Fprintln(a.stderr, "chainscreen: warning:", err)
			}
			evs, err := m.OnListChange(ctx, s)
			if err != nil {
				if errors.Is(err, screen.ErrStale) || errors.Is(err, screen.ErrNoList) || errors.Is(err, monitor.ErrOlderPublication) {
					return withCode(exitUnavailable, err)
				}
				return err
			}
			regs, err := m.List(ctx)
			if err != nil {
				return err
			}
			var send func(context.Context, monitor.Event) error
			sink := "stdout"
			if h.URL != "" {
				h.Logger = a.logger
				send, sink = h.Post, h.URL
			} else {
				enc := json.NewEncoder(a.stdout)
				send = func(_ context.Context, e monitor.Event) error { return enc.Encode(e) }
			}
			newly := 0
			n, derr := m.Deliver(ctx, monitorConsumer, func(ctx context.Context, e monitor.Event) error {
				if err := send(ctx, e); err != nil {
					return err
				}
				if e.Type == monitor.EventNewlySanctioned {
					newly++
				}
				return nil
			})
			fmt.Fprintf(a.stderr, "monitor: screened %d addresses against %s: %d new events, %d delivered to %s\n",
				len(regs), listNamesOf(s.Lists()), len(evs), n, sink)
			if derr != nil {
				return withCode(exitDelivery, fmt.Errorf("%w (undelivered events stay pending for the next run)", derr))
			}
			if newly > 0 {
				return withCode(exitHit, nil)
			}
			return nil
		},
	}
	addListFlags(cmd, a)
	addAgeFlags(cmd, a)
	cmd.Flags().BoolVar(&allowOlder, "allow-older", false, "accept a list older than the one last screened against (a deliberate rollback)")
	addWebhookFlags(cmd, h, "POST each event as JSON to this URL instead of printing it")
	return cmd
}

// addMonitorDBFlag defines --db, the monitor database opened by monitorOptions.openStore
// (monitor: on every subcommand; serve: enables the watchlist).
func addMonitorDBFlag(cmd *cobra.Command, persistent bool, o *monitorOptions, usage string) {
	f := cmd.Flags()
	if persistent {
		f = cmd.PersistentFlags()
	}
	f.StringVar(&o.db, "db", "", usage)
}

// addWebhookFlags defines the webhook sink's flags (monitor run, serve).
func addWebhookFlags(cmd *cobra.Command, h *monitor.Webhook, usage string) {
	f := cmd.Flags()
	f.StringVar(&h.URL, "webhook", "", usage)
	f.IntVar(&h.Retries, "retries", 5, "webhook: retries per event after the first attempt")
	f.DurationVar(&h.Wait, "retry-wait", 500*time.Millisecond, "webhook: wait before the first retry (doubles each time, at most 30s)")
	f.DurationVar(&h.Timeout, "webhook-timeout", 10*time.Second, "webhook: timeout of one request")
}
