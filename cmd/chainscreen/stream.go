package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/chainscreen/chainscreen/address"
	"github.com/chainscreen/chainscreen/screen"
	"github.com/chainscreen/chainscreen/stream"
)

type streamOptions struct {
	brokers    []string
	group      string
	in, out    string
	deadLetter string
	chain      string
	maxPoll    int
	noAcks     bool
	replay     bool
	previous   []string
	since      string
}

func newStreamCmd(a *app) *cobra.Command {
	var o streamOptions
	cmd := &cobra.Command{
		Use:   "stream --brokers HOST:PORT,... --group G --in TOPIC --out TOPIC [--list PATH]...",
		Short: "Screen blockchain-etl items from Kafka (consumer group), or replay history after a list change",
		Long: `Consume blockchain-etl JSON items (Ethereum transaction, token_transfer and trace items;
Bitcoin transaction items with enriched inputs and outputs) from --in in the consumer group
--group, screen every address each item names, and produce one result per item to --out,
keyed by the transaction hash (header "item" = the item id). The value is the same JSON
result 'chainscreen tx' prints (flags, hits with roles, list provenance).

Delivery is at-least-once: a poll's offsets are committed only after its results were
acknowledged, so an instance that dies in between repeats that poll's results through
another member of the group; de-duplicate by key and item id. A message that is not an
item goes to --dead-letter (default OUT.dlq) with the reason in header "error". Runs until
SIGINT/SIGTERM, then finishes the poll in flight, commits and leaves the group. A list
that cannot be loaded exits 3; a screening failure (a stale list with --strict) stops the
command with exit 3 without committing.

With --replay, reads the retained history of --in (from the earliest offset, or from
--since) without a consumer group, screens every item against --previous-list (the lists
before the change) and against the current lists (--list, or the cache), and writes only
what changed as NDJSON to stdout: newly listed counterparties and listings that ended,
each with the publication that caused it.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return a.stream(cmd.Context(), o) },
	}
	addListFlags(cmd, a)
	addAgeFlags(cmd, a)
	f := cmd.Flags()
	f.StringSliceVar(&o.brokers, "brokers", nil, "Kafka seed brokers, HOST:PORT,...")
	f.StringVar(&o.group, "group", "chainscreen", "consumer group")
	f.StringVar(&o.in, "in", "", "input topic of blockchain-etl items")
	f.StringVar(&o.out, "out", "", "output topic of results")
	f.StringVar(&o.deadLetter, "dead-letter", "", "topic for messages that are not items (default OUT.dlq)")
	f.StringVar(&o.chain, "chain", "", "force the items' chain: ethereum (any EVM chain) or bitcoin (default: detect)")
	f.IntVar(&o.maxPoll, "max-poll", stream.DefaultMaxPoll, "records per poll (the unit re-delivered after a crash)")
	f.BoolVar(&o.noAcks, "no-acks", false, "produce without waiting for acknowledgements (results can be lost; measurements only)")
	f.BoolVar(&o.replay, "replay", false, "replay the retained history of --in against --previous-list and the current lists")
	f.StringArrayVar(&o.previous, "previous-list", nil, "with --replay: a list in service before the change (repeat to merge)")
	f.StringVar(&o.since, "since", "", "with --replay: start at this time (RFC 3339 or YYYY-MM-DD) instead of the earliest offset")
	return cmd
}

func streamChain(s string) (address.Chain, error) {
	switch strings.ToLower(s) {
	case "":
		return address.ChainUnknown, nil
	case "ethereum", "evm", "eth":
		return address.ChainEVM, nil
	case "bitcoin", "btc":
		return address.ChainBitcoin, nil
	}
	return "", fmt.Errorf("--chain %q: want ethereum or bitcoin", s)
}

func (a *app) stream(ctx context.Context, o streamOptions) error {
	chain, err := streamChain(o.chain)
	if err != nil {
		return withCode(exitInvalid, err)
	}
	if len(o.brokers) == 0 || o.in == "" {
		return withCode(exitInvalid, errors.New("--brokers and --in are required"))
	}
	if o.replay {
		return a.streamReplay(ctx, o, chain)
	}
	if o.out == "" {
		return withCode(exitInvalid, errors.New("--out is required (or --replay)"))
	}
	s, err := a.screener(ctx)
	if err != nil {
		return err
	}
	st, err := stream.Run(ctx, s, stream.Config{Brokers: o.brokers, Group: o.group, In: o.in, Out: o.out,
		DeadLetter: o.deadLetter, Chain: chain, MaxPoll: o.maxPoll, NoAcks: o.noAcks, Logger: a.logger})
	fmt.Fprintf(a.stderr, "screened %d items, %d with hits, %d dead letters, %d polls committed\n",
		st.Items, st.Hits, st.DeadLetters, st.Polls)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, stream.ErrConfig):
		return withCode(exitInvalid, err)
	}
	// No list, a stale list in strict mode, the brokers: nothing more was screened.
	return withCode(exitUnavailable, err)
}

func (a *app) streamReplay(ctx context.Context, o streamOptions, chain address.Chain) error {
	if len(o.previous) == 0 {
		return withCode(exitInvalid, errors.New("--replay needs --previous-list (the lists before the change)"))
	}
	var since time.Time
	if o.since != "" {
		var err error
		if since, err = time.Parse(time.RFC3339, o.since); err != nil {
			if since, err = time.Parse(time.DateOnly, o.since); err != nil {
				return withCode(exitInvalid, fmt.Errorf("--since %q: want RFC 3339 or YYYY-MM-DD", o.since))
			}
		}
	}
	prev, err := a.openListArgs(ctx, "--previous-list", o.previous)
	if err != nil {
		return err
	}
	before, err := screen.New(prev, screen.WithLogger(a.logger))
	if err != nil {
		return withCode(exitUnavailable, err)
	}
	after, err := a.screener(ctx)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(a.stdout)
	st, err := stream.Replay(ctx, before, after, stream.ReplayConfig{Brokers: o.brokers, Topic: o.in, Since: since,
		Chain: chain, Logger: a.logger}, func(c stream.Change) error { return enc.Encode(c) })
	fmt.Fprintf(a.stderr, "replayed %d records (%d items, %d not items): %d changes\n", st.Records, st.Items, st.Malformed, st.Changes)
	if err != nil {
		return withCode(exitUnavailable, err)
	}
	if st.Changes > 0 {
		return withCode(exitHit, nil)
	}
	return nil
}
