package stream

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/chainscreen/chainscreen/address"
	"github.com/chainscreen/chainscreen/screen"
	"github.com/twmb/franz-go/pkg/kgo"
)

// ErrConfig: a required setting is missing.
var ErrConfig = errors.New("stream: invalid configuration")

// Defaults.
const (
	DefaultMaxPoll       = 500
	DefaultFinishTimeout = 30 * time.Second
)

// Record headers written on results and dead letters.
const (
	HeaderItem   = "item"   // the item id (results)
	HeaderError  = "error"  // why a message is a dead letter
	HeaderSource = "source" // topic/partition@offset of the input message
)

// Config configures Run.
type Config struct {
	// Brokers are the seed brokers (host:port).
	Brokers []string
	// Group is the consumer group; instances with the same group share the partitions.
	Group string
	// In is the input topic; Out the result topic; DeadLetter the topic for messages
	// that are not items (default Out + ".dlq").
	In, Out, DeadLetter string
	// Chain forces the items' chain (address.ChainEVM or address.ChainBitcoin);
	// ChainUnknown detects it per item.
	Chain address.Chain
	// MaxPoll bounds the records handled per poll (default 500): the unit that is
	// re-delivered when an instance dies between producing and committing.
	MaxPoll int
	// NoAcks produces without waiting for the brokers' acknowledgement. Offsets are then
	// committed after the produce requests were sent, not acknowledged: results can be
	// lost. Only for measurements.
	NoAcks bool
	// FinishTimeout bounds the handling of the poll in flight when ctx is cancelled
	// (default 30 s): its results are produced and its offsets committed before Run
	// leaves the group.
	FinishTimeout time.Duration
	// Logger receives progress and failures (default: discard).
	Logger *slog.Logger
	// ClientOptions are extra franz-go options (TLS, SASL, timeouts).
	ClientOptions []kgo.Opt
	// AfterProduce, when set, is called after a poll's results were acknowledged and
	// before its offsets are committed; an error stops Run there (tests use it to kill
	// an instance at the worst moment).
	AfterProduce func(results int) error
}

// Stats counts what Run did.
type Stats struct {
	// Items is the number of items screened and produced.
	Items int
	// Hits is the number of results with at least one hit.
	Hits int
	// DeadLetters is the number of messages sent to the dead-letter topic.
	DeadLetters int
	// Polls is the number of polls committed.
	Polls int
}

func (c *Config) check() error {
	switch {
	case len(c.Brokers) == 0:
		return fmt.Errorf("%w: no brokers", ErrConfig)
	case c.Group == "":
		return fmt.Errorf("%w: no consumer group", ErrConfig)
	case c.In == "" || c.Out == "":
		return fmt.Errorf("%w: input and output topics are required", ErrConfig)
	case c.In == c.Out:
		return fmt.Errorf("%w: the input and output topics are the same (%s)", ErrConfig, c.In)
	}
	if c.DeadLetter == "" {
		c.DeadLetter = c.Out + ".dlq"
	}
	if c.MaxPoll <= 0 {
		c.MaxPoll = DefaultMaxPoll
	}
	if c.FinishTimeout <= 0 {
		c.FinishTimeout = DefaultFinishTimeout
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	return nil
}

// Run consumes cfg.In in the consumer group cfg.Group until ctx is cancelled, screening
// every item against s (whose lists may be swapped while it runs: each item is screened
// against one snapshot) and producing one result per item to cfg.Out, keyed by the
// transaction hash. On cancellation it finishes the poll in flight, commits, leaves the
// group and returns the stats with a nil error. A screening or produce failure stops it
// with that error and without committing the poll (its items are screened again by the
// next member of the group).
func Run(ctx context.Context, s *screen.Screener, cfg Config) (Stats, error) {
	var st Stats
	if err := cfg.check(); err != nil {
		return st, err
	}
	opts := []kgo.Opt{
		kgo.SeedBrokers(cfg.Brokers...),
		kgo.ConsumerGroup(cfg.Group),
		kgo.ConsumeTopics(cfg.In),
		kgo.DisableAutoCommit(),
		kgo.BlockRebalanceOnPoll(),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()),
		kgo.ProducerLinger(0),
	}
	if cfg.NoAcks {
		opts = append(opts, kgo.RequiredAcks(kgo.NoAck()), kgo.DisableIdempotentWrite())
	} else {
		opts = append(opts, kgo.RequiredAcks(kgo.AllISRAcks()))
	}
	cl, err := kgo.NewClient(append(opts, cfg.ClientOptions...)...)
	if err != nil {
		return st, fmt.Errorf("stream: %w", err)
	}
	defer cl.Close() // leaves the group
	log := cfg.Logger
	for {
		fetches := cl.PollRecords(ctx, cfg.MaxPoll)
		if fetches.IsClientClosed() {
			return st, nil
		}
		var fetchErr error
		fetches.EachError(func(topic string, p int32, err error) {
			if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
				return
			}
			log.Warn("stream: fetch error", "topic", topic, "partition", p, "error", err)
			fetchErr = err
		})
		recs := fetches.Records()
		if len(recs) == 0 {
			cl.AllowRebalance()
			if ctx.Err() != nil {
				return st, nil
			}
			if fetchErr != nil && !kgo.IsRetryableBrokerErr(fetchErr) {
				return st, fmt.Errorf("stream: fetch: %w", fetchErr)
			}
			continue
		}
		// The poll in flight is finished even when ctx is cancelled meanwhile.
		work, cancel := context.WithTimeout(context.WithoutCancel(ctx), cfg.FinishTimeout)
		n, err := handle(work, s, cl, &cfg, recs, &st)
		if err == nil {
			err = cl.CommitRecords(work, recs...)
			if err != nil {
				err = fmt.Errorf("stream: commit: %w", err)
			}
		}
		cancel()
		cl.AllowRebalance()
		if err != nil {
			return st, err
		}
		st.Polls++
		log.Debug("stream: poll committed", "records", len(recs), "results", n)
		if ctx.Err() != nil {
			return st, nil
		}
	}
}

// handle screens a poll's records and produces their results and dead letters; it
// returns once the brokers acknowledged all of them.
func handle(ctx context.Context, s *screen.Screener, cl *kgo.Client, cfg *Config, recs []*kgo.Record, st *Stats) (int, error) {
	out := make([]*kgo.Record, 0, len(recs))
	var items, hits, dead int
	for _, r := range recs {
		src := kgo.RecordHeader{Key: HeaderSource, Value: []byte(fmt.Sprintf("%s/%d@%d", r.Topic, r.Partition, r.Offset))}
		it, err := DecodeItem(r.Value, cfg.Chain)
		if err != nil {
			out = append(out, &kgo.Record{Topic: cfg.DeadLetter, Key: r.Key, Value: r.Value,
				Headers: []kgo.RecordHeader{{Key: HeaderError, Value: []byte(err.Error())}, src}})
			dead++
			continue
		}
		res, err := ScreenItem(ctx, s, it)
		if err != nil {
			return 0, fmt.Errorf("stream: screening %s: %w", it.ItemID, err)
		}
		b, err := json.Marshal(res)
		if err != nil {
			return 0, fmt.Errorf("stream: encoding the result of %s: %w", it.ItemID, err)
		}
		out = append(out, &kgo.Record{Topic: cfg.Out, Key: []byte(it.TxHash), Value: b,
			Headers: []kgo.RecordHeader{{Key: HeaderItem, Value: []byte(it.ItemID)}, src}})
		items++
		if len(res.Hits) > 0 {
			hits++
		}
	}
	if err := cl.ProduceSync(ctx, out...).FirstErr(); err != nil {
		return 0, fmt.Errorf("stream: producing %d results: %w", len(out), err)
	}
	if cfg.AfterProduce != nil {
		if err := cfg.AfterProduce(len(out)); err != nil {
			return 0, err
		}
	}
	st.Items += items
	st.Hits += hits
	st.DeadLetters += dead
	return len(out), nil
}
