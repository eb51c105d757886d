package watch

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/chainscreen/chainscreen/screen"
)

// Errors. Test with errors.Is.
var (
	// ErrNoBlock: the chain has no block at that height yet (Chain.Hash above the tip).
	ErrNoBlock = errors.New("watch: no block at that height yet")
	// ErrDeepReorg: every block of the confirmation window was replaced: the
	// reorganisation is deeper than the window, and confirmed results may be wrong.
	ErrDeepReorg = errors.New("watch: reorganisation deeper than the confirmation window")
	// ErrState: the state file is unreadable or belongs to another chain.
	ErrState = errors.New("watch: bad state file")
)

// Event types.
const (
	EventTx        = "tx"
	EventBlock     = "block"
	EventConfirmed = "confirmed"
	EventRetracted = "retracted"
)

// Chain is the node a Watcher follows.
type Chain interface {
	// Name names the chain ("bitcoin"); it is recorded in the state file.
	Name() string
	// Hash returns the hash of the block at height on the node's best chain, or an
	// error wrapping ErrNoBlock above the tip.
	Hash(ctx context.Context, height int64) (string, error)
	// Screen screens the block with that hash.
	Screen(ctx context.Context, s *screen.Screener, hash string) (screen.BlockResult, error)
}

// Event is what a Watcher emits.
type Event struct {
	// Type is "tx", "block", "confirmed" or "retracted".
	Type string `json:"type"`
	// Chain, Height and Hash identify the block.
	Chain  string `json:"chain"`
	Height int64  `json:"height"`
	Hash   string `json:"hash"`
	// TxID and Result are the transaction and its screening ("tx" events).
	TxID   string           `json:"txid,omitempty"`
	Result *screen.TxResult `json:"result,omitempty"`
	// Txs and Hits count the block's transactions and hits ("block" events); Flags are
	// the union of its transactions' flags.
	Txs   int           `json:"txs,omitempty"`
	Hits  int           `json:"hits,omitempty"`
	Flags []screen.Flag `json:"flags,omitempty"`
	// Confirmations is the block's depth when the event was emitted (1 at the tip).
	Confirmations int64 `json:"confirmations"`
	// Lists are the publications the block was screened against ("block" events).
	Lists []screen.ListInfo `json:"lists,omitempty"`
	// At is when the event was emitted.
	At time.Time `json:"at"`
}

// Mark is a screened block not yet confirmed.
type Mark struct {
	Height int64  `json:"height"`
	Hash   string `json:"hash"`
}

// State is the cursor saved between runs.
type State struct {
	Chain string `json:"chain"`
	// Next is the next height to screen.
	Next int64 `json:"next"`
	// Window are the screened blocks below Next that are not yet confirmed, lowest first.
	Window []Mark `json:"window"`
	// Final is the last block that reached the confirmation depth (a reorganisation
	// that replaces it is deeper than the window).
	Final *Mark `json:"final,omitempty"`
}

// Config configures a Watcher.
type Config struct {
	// Confirmations is the depth at which a block is final (default 6); a block
	// replaced before it is retracted.
	Confirmations int
	// From is the first height to screen when there is no state (default: the tip at
	// the first poll).
	From int64
	// FromSet says From was given (height 0 is a valid start).
	FromSet bool
	// StatePath is the state file (none: the cursor is kept in memory only).
	StatePath string
	// Interval is the time between polls in Run (default 10 s).
	Interval time.Duration
	// All emits a "tx" event for every transaction, not only those with a flag.
	All bool
	// Logger receives progress (default: discard).
	Logger *slog.Logger
	// Clock stamps events (default time.Now).
	Clock func() time.Time
}

// Watcher follows one chain. It is not safe for concurrent use.
type Watcher struct {
	chain Chain
	s     *screen.Screener
	cfg   Config
	emit  func(context.Context, Event) error
	st    State
	have  bool // st was loaded or initialised
}

// New returns a Watcher that emits through emit, resuming from cfg.StatePath when it exists.
func New(chain Chain, s *screen.Screener, cfg Config, emit func(context.Context, Event) error) (*Watcher, error) {
	if cfg.Confirmations <= 0 {
		cfg.Confirmations = 6
	}
	if cfg.Interval <= 0 {
		cfg.Interval = 10 * time.Second
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Clock == nil {
		cfg.Clock = time.Now
	}
	w := &Watcher{chain: chain, s: s, cfg: cfg, emit: emit}
	if cfg.StatePath != "" {
		b, err := os.ReadFile(cfg.StatePath)
		switch {
		case errors.Is(err, os.ErrNotExist):
		case err != nil:
			return nil, fmt.Errorf("%w: %v", ErrState, err)
		default:
			if err := json.Unmarshal(b, &w.st); err != nil {
				return nil, fmt.Errorf("%w: %s: %v", ErrState, cfg.StatePath, err)
			}
			if w.st.Chain != chain.Name() {
				return nil, fmt.Errorf("%w: %s follows %q, not %q", ErrState, cfg.StatePath, w.st.Chain, chain.Name())
			}
			w.have = true
		}
	}
	return w, nil
}

// State returns the cursor.
func (w *Watcher) State() State { return w.st }

// Run polls until ctx is cancelled (then it returns nil) or a poll fails.
func (w *Watcher) Run(ctx context.Context) error {
	t := time.NewTicker(w.cfg.Interval)
	defer t.Stop()
	for {
		if _, err := w.Poll(ctx); err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return err
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// Poll handles a reorganisation if there was one, then screens every block up to the
// tip. It returns the number of blocks screened.
func (w *Watcher) Poll(ctx context.Context) (int, error) {
	if !w.have {
		start := w.cfg.From
		if !w.cfg.FromSet {
			tip, err := w.tip(ctx)
			if err != nil {
				return 0, err
			}
			start = tip
		}
		w.st = State{Chain: w.chain.Name(), Next: start}
		w.have = true
	}
	if err := w.reorg(ctx); err != nil {
		return 0, err
	}
	n := 0
	for {
		hash, err := w.chain.Hash(ctx, w.st.Next)
		if errors.Is(err, ErrNoBlock) {
			break
		}
		if err != nil {
			return n, err
		}
		if err := w.screenBlock(ctx, w.st.Next, hash); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// tip finds the best height by probing (the Chain interface has no height call).
func (w *Watcher) tip(ctx context.Context) (int64, error) {
	lo, hi := int64(0), int64(1)
	for {
		_, err := w.chain.Hash(ctx, hi)
		if errors.Is(err, ErrNoBlock) {
			break
		}
		if err != nil {
			return 0, err
		}
		lo, hi = hi, hi*2
	}
	for lo+1 < hi { // Hash(lo) exists, Hash(hi) does not
		mid := lo + (hi-lo)/2
		_, err := w.chain.Hash(ctx, mid)
		switch {
		case errors.Is(err, ErrNoBlock):
			hi = mid
		case err != nil:
			return 0, err
		default:
			lo = mid
		}
	}
	return lo, nil
}

// reorg retracts the screened blocks that the node's best chain no longer has.
func (w *Watcher) reorg(ctx context.Context) error {
	win := w.st.Window
	cut := len(win)
	for i := len(win) - 1; i >= 0; i-- {
		hash, err := w.chain.Hash(ctx, win[i].Height)
		if err != nil && !errors.Is(err, ErrNoBlock) {
			return err
		}
		if err == nil && hash == win[i].Hash {
			break
		}
		cut = i
	}
	if cut == len(win) && len(win) > 0 {
		return nil
	}
	if cut == 0 && w.st.Final != nil {
		hash, err := w.chain.Hash(ctx, w.st.Final.Height)
		if err != nil && !errors.Is(err, ErrNoBlock) {
			return err
		}
		if hash != w.st.Final.Hash {
			return fmt.Errorf("%w: block %d (%s) had %d confirmations and was replaced", ErrDeepReorg,
				w.st.Final.Height, w.st.Final.Hash, w.cfg.Confirmations)
		}
	}
	if len(win) == 0 {
		return nil
	}
	for i := len(win) - 1; i >= cut; i-- {
		m := win[i]
		w.cfg.Logger.Warn("watch: block replaced by a reorganisation", "height", m.Height, "hash", m.Hash)
		if err := w.emit(ctx, Event{Type: EventRetracted, Chain: w.chain.Name(), Height: m.Height, Hash: m.Hash, At: w.cfg.Clock()}); err != nil {
			return err
		}
		w.st.Window = win[:i]
		w.st.Next = m.Height
		if err := w.save(); err != nil {
			return err
		}
	}
	return nil
}

func (w *Watcher) screenBlock(ctx context.Context, height int64, hash string) error {
	res, err := w.chain.Screen(ctx, w.s, hash)
	if err != nil {
		return fmt.Errorf("watch: screening block %d (%s): %w", height, hash, err)
	}
	if res.Hash != "" && res.Hash != hash {
		return fmt.Errorf("watch: asked for block %s, screened %s", hash, res.Hash)
	}
	now := w.cfg.Clock()
	name := w.chain.Name()
	for i := range res.Results {
		r := &res.Results[i]
		if !w.cfg.All && len(r.Flags) == 0 {
			continue
		}
		if err := w.emit(ctx, Event{Type: EventTx, Chain: name, Height: height, Hash: hash, TxID: r.TxID, Result: r,
			Confirmations: 1, At: now}); err != nil {
			return err
		}
	}
	lists := res.Lists
	if lists == nil {
		lists = []screen.ListInfo{res.List}
	}
	if err := w.emit(ctx, Event{Type: EventBlock, Chain: name, Height: height, Hash: hash, Txs: res.Txs, Hits: len(res.Hits),
		Flags: res.Flags, Confirmations: 1, Lists: lists, At: now}); err != nil {
		return err
	}
	w.st.Window = append(w.st.Window, Mark{Height: height, Hash: hash})
	w.st.Next = height + 1
	// Blocks that reached the confirmation depth are final: announce and forget them.
	conf := int64(w.cfg.Confirmations)
	for len(w.st.Window) > 0 && height-w.st.Window[0].Height+1 >= conf {
		m := w.st.Window[0]
		if err := w.emit(ctx, Event{Type: EventConfirmed, Chain: name, Height: m.Height, Hash: m.Hash,
			Confirmations: height - m.Height + 1, At: now}); err != nil {
			return err
		}
		w.st.Window = w.st.Window[1:]
		w.st.Final = &m
	}
	return w.save()
}

// save writes the state file atomically (temporary file, fsync, rename).
func (w *Watcher) save() error {
	if w.cfg.StatePath == "" {
		return nil
	}
	b, err := json.Marshal(w.st)
	if err != nil {
		return err
	}
	dir := filepath.Dir(w.cfg.StatePath)
	f, err := os.CreateTemp(dir, ".watch-state-*")
	if err != nil {
		return fmt.Errorf("%w: %v", ErrState, err)
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(b); err != nil {
		f.Close()
		return fmt.Errorf("%w: %v", ErrState, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("%w: %v", ErrState, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("%w: %v", ErrState, err)
	}
	if err := os.Rename(f.Name(), w.cfg.StatePath); err != nil {
		return fmt.Errorf("%w: %v", ErrState, err)
	}
	return nil
}
