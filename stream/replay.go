package stream

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/chainscreen/chainscreen/address"
	"github.com/chainscreen/chainscreen/screen"
	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"
)

// Change kinds.
const (
	// ChangeListed: a party of a past item is listed now and was not before.
	ChangeListed = "newly_listed"
	// ChangeUnlisted: a party of a past item was listed before and is not now (delisted,
	// or a listing no longer in force).
	ChangeUnlisted = "no_longer_listed"
)

// Change is one difference in a past item's screening between the lists before and after
// a list change.
type Change struct {
	// Kind is ChangeListed or ChangeUnlisted.
	Kind string `json:"kind"`
	// ItemType, ItemID, TxID and BlockNumber identify the past item.
	ItemType    string `json:"item_type"`
	ItemID      string `json:"item_id"`
	TxID        string `json:"txid"`
	BlockNumber uint64 `json:"block_number,omitempty"`
	// Hit is the hit that appeared (ChangeListed) or disappeared (ChangeUnlisted), with
	// its role and index in the item.
	Hit screen.Hit `json:"hit"`
	// Publication is the publication that caused the change: the list now in service for
	// the hit's source (for ChangeUnlisted, the one that no longer lists the value; the
	// zero value when the source is no longer in service at all).
	Publication screen.ListInfo `json:"publication"`
	// Source is where the item was read: topic/partition@offset.
	Source string `json:"source"`
}

// ReplayConfig configures Replay.
type ReplayConfig struct {
	// Brokers are the seed brokers; Topic is the topic whose retained history is read.
	Brokers []string
	Topic   string
	// Since starts the replay at the first record at or after this time; zero starts at
	// the earliest retained offset.
	Since time.Time
	// Chain forces the items' chain (see Config.Chain).
	Chain address.Chain
	// Logger receives progress (default: discard).
	Logger *slog.Logger
	// ClientOptions are extra franz-go options.
	ClientOptions []kgo.Opt
}

// ReplayStats counts what Replay read.
type ReplayStats struct {
	// Records read, Items screened, Malformed messages skipped (they were dead letters
	// when first consumed), Changes reported.
	Records, Items, Malformed, Changes int
}

// Replay reads the retained history of cfg.Topic as it stands when Replay starts (no
// consumer group: nothing is committed, the live consumers are not disturbed), screens
// every item against before and after, and calls emit for every difference. It returns
// when every partition was read to the end offset it had at the start.
func Replay(ctx context.Context, before, after *screen.Screener, cfg ReplayConfig, emit func(Change) error) (ReplayStats, error) {
	var st ReplayStats
	if len(cfg.Brokers) == 0 || cfg.Topic == "" {
		return st, fmt.Errorf("%w: replay needs brokers and a topic", ErrConfig)
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	cl, err := kgo.NewClient(append([]kgo.Opt{kgo.SeedBrokers(cfg.Brokers...)}, cfg.ClientOptions...)...)
	if err != nil {
		return st, fmt.Errorf("stream: %w", err)
	}
	defer cl.Close()
	adm := kadm.NewClient(cl)
	ends, err := adm.ListEndOffsets(ctx, cfg.Topic)
	if err == nil {
		err = ends.Error()
	}
	if err != nil {
		return st, fmt.Errorf("stream: end offsets of %s: %w", cfg.Topic, err)
	}
	var starts kadm.ListedOffsets
	if cfg.Since.IsZero() {
		starts, err = adm.ListStartOffsets(ctx, cfg.Topic)
	} else {
		starts, err = adm.ListOffsetsAfterMilli(ctx, cfg.Since.UnixMilli(), cfg.Topic)
	}
	if err == nil {
		err = starts.Error()
	}
	if err != nil {
		return st, fmt.Errorf("stream: start offsets of %s: %w", cfg.Topic, err)
	}
	assign := map[string]map[int32]kgo.Offset{cfg.Topic: {}}
	remaining := map[int32]int64{} // partition -> end offset still to reach
	for p, e := range ends[cfg.Topic] {
		s, ok := starts.Lookup(cfg.Topic, p)
		if !ok {
			return st, fmt.Errorf("stream: no start offset for %s/%d", cfg.Topic, p)
		}
		if s.Offset < e.Offset {
			assign[cfg.Topic][p] = kgo.NewOffset().At(s.Offset)
			remaining[p] = e.Offset
		}
	}
	if len(remaining) == 0 {
		return st, nil
	}
	cl.AddConsumePartitions(assign)
	for len(remaining) > 0 {
		fetches := cl.PollFetches(ctx)
		if err := ctx.Err(); err != nil {
			return st, err
		}
		var ferr error
		fetches.EachError(func(t string, p int32, err error) { ferr = fmt.Errorf("stream: fetch %s/%d: %w", t, p, err) })
		if ferr != nil && !kgo.IsRetryableBrokerErr(errors.Unwrap(ferr)) {
			return st, ferr
		}
		for _, r := range fetches.Records() {
			end, ok := remaining[r.Partition]
			if !ok || r.Offset >= end {
				continue
			}
			if r.Offset+1 >= end {
				delete(remaining, r.Partition)
			}
			st.Records++
			it, err := DecodeItem(r.Value, cfg.Chain)
			if err != nil {
				st.Malformed++
				continue
			}
			st.Items++
			changes, err := diffItem(ctx, before, after, it)
			if err != nil {
				return st, err
			}
			for _, c := range changes {
				c.Source = fmt.Sprintf("%s/%d@%d", r.Topic, r.Partition, r.Offset)
				if err := emit(c); err != nil {
					return st, err
				}
				st.Changes++
			}
		}
	}
	log.Info("stream: replay done", "records", st.Records, "items", st.Items, "changes", st.Changes)
	return st, nil
}

// diffItem screens the item against both screeners and returns the differences.
func diffItem(ctx context.Context, before, after *screen.Screener, it Item) ([]Change, error) {
	old, err := ScreenItem(ctx, before, it)
	if err != nil {
		return nil, fmt.Errorf("stream: screening %s against the earlier lists: %w", it.ItemID, err)
	}
	cur, err := ScreenItem(ctx, after, it)
	if err != nil {
		return nil, fmt.Errorf("stream: screening %s against the current lists: %w", it.ItemID, err)
	}
	oldKeys, curKeys := hitKeys(old.Hits), hitKeys(cur.Hits)
	lists := cur.Lists
	if lists == nil {
		lists = []screen.ListInfo{cur.List}
	}
	var out []Change
	mk := func(kind string, h screen.Hit) Change {
		return Change{Kind: kind, ItemType: it.Type, ItemID: it.ItemID, TxID: it.TxHash,
			BlockNumber: it.BlockNumber, Hit: h, Publication: publicationOf(h, lists)}
	}
	for i, h := range cur.Hits {
		if !oldKeys[hitKey(h)] && firstOf(cur.Hits, i) {
			out = append(out, mk(ChangeListed, h))
		}
	}
	for i, h := range old.Hits {
		if !curKeys[hitKey(h)] && firstOf(old.Hits, i) {
			out = append(out, mk(ChangeUnlisted, h))
		}
	}
	return out, nil
}

// hitKey identifies a listing of a party of an item independently of the publication
// that carries it.
func hitKey(h screen.Hit) string {
	idx := -1
	if h.Index != nil {
		idx = *h.Index
	}
	return fmt.Sprintf("%s|%d|%s|%s|%s|%s|%s", h.Role, idx, h.Address, h.ListedValue, h.Ticker, h.Entity.ID, h.List.Name)
}

func hitKeys(hs []screen.Hit) map[string]bool {
	m := make(map[string]bool, len(hs))
	for _, h := range hs {
		m[hitKey(h)] = true
	}
	return m
}

func firstOf(hs []screen.Hit, i int) bool {
	k := hitKey(hs[i])
	for _, h := range hs[:i] {
		if hitKey(h) == k {
			return false
		}
	}
	return true
}

// publicationOf returns the list in service for the hit's source (the zero ListInfo
// when that source is no longer in service).
func publicationOf(h screen.Hit, lists []screen.ListInfo) screen.ListInfo {
	for _, l := range lists {
		if l.Source == h.List.Name {
			return l
		}
	}
	return screen.ListInfo{}
}
