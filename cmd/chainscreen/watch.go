package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/chainscreen/chainscreen/monitor"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"github.com/chainscreen/chainscreen/monitor/watch"
)

func newWatchCmd(a *app) *cobra.Command {
	var (
		rf       rpcFlags
		chain    string
		conf     int
		from     int64
		state    string
		interval time.Duration
		once     bool
		all      bool
		h        monitor.Webhook
	)
	cmd := &cobra.Command{
		Use:   "watch --chain bitcoin|ethereum --rpc URL [--confirmations N] [--from HEIGHT] [--state FILE] [--list PATH]...",
		Short: "Follow the chain tip: screen every new block, retract blocks replaced by a reorganisation",
		Long: `Screen each new block of the node's best chain as it arrives (every input through the
node, so P2PK and taproot key-path spends are screened too) and write events as NDJSON on
stdout, or POST them one by one to --webhook:

  tx         a transaction of the block with a flag (a hit, an unscreened input); every
             transaction with --all. Carries the transaction's result.
  block      the block was screened (transactions, hits, flags, lists).
  confirmed  the block reached --confirmations confirmations: its results are final.
  retracted  a block screened earlier was replaced by a reorganisation before reaching
             --confirmations: its results no longer stand; its replacement follows.

The cursor (the next height and the blocks not yet confirmed) is kept in --state (default:
watch-CHAIN.json in the user data directory), written after each block's events, so a
restart resumes where it stopped. Delivery is at least once: a crash between writing a
block's events and saving the cursor repeats that block; deduplicate on (hash, txid). A
reorganisation deeper than --confirmations stops the command (exit 3): confirmed results
may be wrong. Without --from, the first run starts at the tip. Runs until SIGINT/SIGTERM
(or one pass with --once). Exit codes: 0 stopped, 1 (--once) some block had a hit, 2 bad
usage, 3 the node or the lists are unavailable.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if chain == "ethereum" || chain == "eth" {
				chain = "ethereum"
			} else if chain != "bitcoin" {
				return withCode(exitInvalid, fmt.Errorf("--chain %q: want bitcoin or ethereum", chain))
			}
			if rf.url == "" && rf.esplora == "" {
				return withCode(exitInvalid, errors.New("--rpc URL (or --esplora URL) is required"))
			}
			s, err := a.screener(cmd.Context())
			if err != nil {
				return err
			}
			followed, err := watchedChain(cmd, a, &rf, chain)
			if err != nil {
				return err
			}
			if state == "" {
				p, err := defaultMonitorDB()
				if err != nil {
					return withCode(exitInvalid, err)
				}
				state = p[:len(p)-len("monitor.db")] + "watch-" + chain + ".json"
			}
			enc := json.NewEncoder(a.stdout)
			hits := 0
			emit := func(ctx context.Context, e watch.Event) error {
				if e.Type == watch.EventBlock {
					hits += e.Hits
				}
				if h.URL == "" {
					return enc.Encode(e)
				}
				body, err := json.Marshal(e)
				if err != nil {
					return err
				}
				return h.Send(ctx, body, map[string]string{"Chainscreen-Event-Type": e.Type,
					"Chainscreen-Block": e.Hash, "Chainscreen-Height": strconv.FormatInt(e.Height, 10)}, e.Type+" "+e.Hash)
			}
			h.Logger = a.logger
			w, err := watch.New(followed, s,
				watch.Config{Confirmations: conf, From: from, FromSet: cmd.Flags().Changed("from"), StatePath: state,
					Interval: interval, All: all, Logger: a.logger}, emit)
			if err != nil {
				return withCode(exitInvalid, err)
			}
			if once {
				if _, err = w.Poll(cmd.Context()); err != nil {
					return withCode(exitUnavailable, err)
				}
				if hits > 0 {
					return withCode(exitHit, nil)
				}
				return nil
			}
			if err := w.Run(cmd.Context()); err != nil {
				return withCode(exitUnavailable, err)
			}
			return nil
		},
	}
	addListFlags(cmd, a)
	addAgeFlags(cmd, a)
	addRPCFlags(cmd, &rf)
	f := cmd.Flags()
	f.StringVar(&chain, "chain", "bitcoin", "chain to follow: bitcoin or ethereum")
	f.IntVar(&conf, "confirmations", 6, "depth at which a block's results are final")
	f.Int64Var(&from, "from", 0, "first height to screen when there is no state (default: the tip)")
	f.StringVar(&state, "state", "", "cursor file (default: watch-CHAIN.json in the user data directory)")
	f.DurationVar(&interval, "interval", 10*time.Second, "time between polls of the node")
	f.BoolVar(&once, "once", false, "screen up to the tip once and exit")
	f.BoolVar(&all, "all", false, "emit a tx event for every transaction, not only those with a flag")
	f.StringVar(&h.URL, "webhook", "", "POST each event as JSON to this URL instead of printing it")
	f.IntVar(&h.Retries, "retries", 5, "webhook: retries per event after the first attempt")
	f.DurationVar(&h.Wait, "retry-wait", 500*time.Millisecond, "webhook: wait before the first retry (doubles each time, at most 30s)")
	f.DurationVar(&h.Timeout, "webhook-timeout", 10*time.Second, "webhook: timeout of one request")
	return cmd
}
