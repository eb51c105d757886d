package exposure

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"math/big"
	"slices"
	"sync"
	"time"

	"github.com/btcsuite/btcd/blockchain"
	"github.com/btcsuite/btcd/chaincfg/chainhash"
	"github.com/btcsuite/btcd/txscript"
	"github.com/btcsuite/btcd/wire"

	"github.com/chainscreen/chainscreen/screen"
	"github.com/chainscreen/chainscreen/screen/bitcoin"
)

// edge is one way a transaction of the walk is reached: an output of it spent by a
// descendant on the path (or the screened output itself).
type edge struct {
	out   uint32   // the output of the reached transaction
	value int64    // its value
	share *big.Rat // the share of the screened output that it carries
	path  []Step   // the path from the screened output's transaction to the spender
	root  bool     // the screened output itself (unspent)
	swept bool     // its spender also spent an own input worth at least the dust threshold
	spent chainhash.Hash
}

// node is a transaction to screen at one level of the walk.
type node struct {
	id    chainhash.Hash
	tx    *wire.MsgTx
	edges []edge
	share *big.Rat // the sum of the edges' shares
	cut   bool

	// Filled by screenNode.
	prevouts   []bitcoin.Prevout
	total      int64
	listed     map[int][]screen.Hit
	unscreened map[int]bool
}

type walker struct {
	cfg      config
	src      bitcoin.Source
	snap     *screen.Snapshot
	txs      map[chainhash.Hash]*wire.MsgTx
	fetched  int
	screened int
	wait     time.Duration

	sources  map[string]*Source
	order    []string
	exposure *big.Rat
	dust     []Dust
	cuts     map[StopRule]*Cut
	list     *screen.TxResult
}

// Exposure walks the ancestry of the output out through src and reports the listed
// sources its value comes from (see the package documentation for the value model,
// the stop rules and the dust rule). The lists of s are pinned once for the whole
// walk. An error of src, or an ancestor src does not know, is returned: no partial
// result is made.
func Exposure(ctx context.Context, s *screen.Screener, src bitcoin.Source, out wire.OutPoint, opts ...Option) (Result, error) {
	cfg, err := options(opts)
	if err != nil {
		return Result{}, err
	}
	if s == nil {
		return Result{}, screen.ErrNoList
	}
	if src == nil {
		return Result{}, fmt.Errorf("%w: no source", bitcoin.ErrUnavailable)
	}
	snap, err := s.Snapshot()
	if err != nil {
		return Result{}, err
	}
	w := &walker{cfg: cfg, src: src, snap: snap, txs: map[chainhash.Hash]*wire.MsgTx{},
		sources: map[string]*Source{}, exposure: new(big.Rat), cuts: map[StopRule]*Cut{}}
	if err := w.fetch(ctx, []chainhash.Hash{out.Hash}); err != nil {
		if errors.Is(err, ErrAncestorMissing) { // the screened transaction itself
			return Result{}, fmt.Errorf("transaction %s: %w", out.Hash, bitcoin.ErrNotFound)
		}
		return Result{}, err
	}
	root := w.txs[out.Hash]
	if int64(out.Index) >= int64(len(root.TxOut)) {
		return Result{}, fmt.Errorf("%w: transaction %s has %d outputs, no output %d", ErrBadOutpoint, out.Hash, len(root.TxOut), out.Index)
	}
	o := root.TxOut[out.Index]
	res := Result{Outpoint: out.String(), Value: o.Value, Rule: cfg.rule,
		Limits: Limits{Depth: cfg.depth, MinShare: cfg.minShare, Budget: cfg.budget, Dust: cfg.dust}}
	if _, addrs, _, err := txscript.ExtractPkScriptAddrs(o.PkScript, cfg.params); err == nil && len(addrs) > 0 {
		res.Address = addrs[0].EncodeAddress()
	}
	frontier := map[chainhash.Hash]*node{out.Hash: {id: out.Hash, tx: root, share: big.NewRat(1, 1),
		edges: []edge{{out: out.Index, value: o.Value, share: big.NewRat(1, 1), root: true}}}}
	for hop := 1; len(frontier) > 0; hop++ {
		level := make([]*node, 0, len(frontier))
		for _, n := range frontier {
			level = append(level, n)
		}
		// The largest shares first (they get the budget), then by txid: deterministic.
		slices.SortFunc(level, func(a, b *node) int {
			if c := b.share.Cmp(a.share); c != 0 {
				return c
			}
			return bytes.Compare(a.id[:], b.id[:])
		})
		if err := w.fetchParents(ctx, level); err != nil {
			return Result{}, err
		}
		for _, n := range level {
			if n.cut {
				continue
			}
			if err := w.screenNode(ctx, n); err != nil {
				return Result{}, err
			}
		}
		// The dust candidates (edges under the threshold into a transaction with a
		// listed input, unspent or swept along), summed per spender: outputs that one
		// transaction sweeps together are dust only if they total under the threshold.
		swept := map[chainhash.Hash]int64{}
		for _, n := range level {
			if n.cut || len(n.listed) == 0 {
				continue
			}
			for _, e := range n.edges {
				if w.dustCandidate(e) {
					swept[e.spent] += e.value
				}
			}
		}
		next := map[chainhash.Hash]*node{}
		for _, n := range level {
			if n.cut {
				continue
			}
			w.process(n, hop, next, swept)
		}
		cfg.logger.Debug("exposure: level done", "hop", hop, "txs", len(level), "next", len(next),
			"fetched", w.fetched, "sources", len(w.sources))
		frontier = next
	}
	res = w.result(res)
	if w.list == nil { // nothing was screened (the budget cut the first level)
		if ls := s.Lists(); len(ls) > 0 {
			res.List = ls[0]
			if len(ls) > 1 {
				res.Lists = ls
			}
		}
	}
	return res, nil
}

// fetchParents fetches the parents of the level's transactions, largest share first,
// as long as the budget allows all the parents of a transaction; a transaction whose
// parents do not fit is cut (its inputs cannot be screened without them).
func (w *walker) fetchParents(ctx context.Context, level []*node) error {
	var need []chainhash.Hash
	planned := map[chainhash.Hash]bool{}
	for _, n := range level {
		var mine []chainhash.Hash
		for _, in := range n.tx.TxIn {
			h := in.PreviousOutPoint.Hash
			if isCoinbaseIn(in) || w.txs[h] != nil || planned[h] || slices.Contains(mine, h) {
				continue
			}
			mine = append(mine, h)
		}
		if w.fetched+len(need)+len(mine) > w.cfg.budget {
			n.cut = true
			w.cut(StopBudget, n.share)
			continue
		}
		for _, h := range mine {
			planned[h] = true
		}
		need = append(need, mine...)
	}
	return w.fetch(ctx, need)
}

// fetch gets the transactions ids from the source on a bounded pool.
func (w *walker) fetch(ctx context.Context, ids []chainhash.Hash) error {
	if len(ids) == 0 {
		return nil
	}
	start := time.Now()
	defer func() { w.wait += time.Since(start) }()
	txs := make([]*wire.MsgTx, len(ids))
	errs := make([]error, len(ids))
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	jobs := make(chan int)
	for range min(w.cfg.workers, len(ids)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				tx, err := w.src.Tx(ctx, ids[i])
				switch {
				case err != nil:
				case tx == nil:
					err = fmt.Errorf("%w: no transaction for %s", bitcoin.ErrMalformedResponse, ids[i])
				case tx.TxHash() != ids[i]:
					err = fmt.Errorf("%w: asked for transaction %s, got %s", bitcoin.ErrMalformedResponse, ids[i], tx.TxHash())
				}
				if err != nil {
					errs[i] = err
					cancel()
					continue
				}
				txs[i] = tx
			}
		}()
	}
	for i := range ids {
		if ctx.Err() != nil {
			break
		}
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	// The first real error (not the cancellation it caused in the others).
	var first error
	for i, err := range errs {
		if err == nil {
			continue
		}
		if errors.Is(err, bitcoin.ErrNotFound) {
			err = fmt.Errorf("%w: %s: %w", ErrAncestorMissing, ids[i], err)
		}
		if first == nil || errors.Is(first, context.Canceled) && !errors.Is(err, context.Canceled) {
			first = err
		}
	}
	if first != nil {
		return first
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	for i, tx := range txs {
		w.txs[ids[i]] = tx
	}
	w.fetched += len(ids)
	return nil
}

func isCoinbaseIn(in *wire.TxIn) bool {
	return in.PreviousOutPoint.Index == wire.MaxPrevOutIndex && in.PreviousOutPoint.Hash == (chainhash.Hash{})
}

// screenNode screens the inputs of one transaction of the walk by their previous
// outputs (its parents are fetched).
func (w *walker) screenNode(ctx context.Context, n *node) error {
	tx := n.tx
	n.prevouts = make([]bitcoin.Prevout, len(tx.TxIn))
	scripts := make(map[wire.OutPoint][]byte, len(tx.TxIn))
	for i, in := range tx.TxIn {
		if isCoinbaseIn(in) {
			continue
		}
		op := in.PreviousOutPoint
		p := w.txs[op.Hash]
		if p == nil || int64(op.Index) >= int64(len(p.TxOut)) {
			return fmt.Errorf("%w: transaction %s has no output %d (spent by %s)", bitcoin.ErrMalformedResponse, op.Hash, op.Index, n.id)
		}
		n.prevouts[i] = bitcoin.Prevout{PkScript: p.TxOut[op.Index].PkScript, Value: p.TxOut[op.Index].Value}
		scripts[op] = n.prevouts[i].PkScript
		n.total += n.prevouts[i].Value
	}
	r, err := bitcoin.ScreenMsgTxSnapshot(ctx, w.snap, tx, bitcoin.WithPrevouts(scripts), bitcoin.WithNetwork(w.cfg.params))
	if err != nil {
		return err
	}
	w.screened++
	if w.list == nil {
		w.list = &r
	}
	for _, h := range r.Hits {
		if h.Role == screen.RoleInput && h.Index != nil {
			if n.listed == nil {
				n.listed = map[int][]screen.Hit{}
			}
			n.listed[*h.Index] = append(n.listed[*h.Index], h)
		}
	}
	for _, u := range r.Unscreened {
		if !u.Coinbase {
			if n.unscreened == nil {
				n.unscreened = map[int]bool{}
			}
			n.unscreened[u.Index] = true
		}
	}
	return nil
}

// dustCandidate: an edge under the dust threshold that its owner never spent by
// choice: the screened output itself, or swept along with an own coin.
func (w *walker) dustCandidate(e edge) bool {
	return w.cfg.dust > 0 && e.value < w.cfg.dust && (e.root || e.swept)
}

// process takes the screened transaction n at the given hop: its listed inputs are
// sources, its other inputs lead to its parents, added to next.
func (w *walker) process(n *node, hop int, next map[chainhash.Hash]*node, swept map[chainhash.Hash]int64) {
	tx, prevouts, total, listed, unscreened := n.tx, n.prevouts, n.total, n.listed, n.unscreened

	// The dust rule: edges into a transaction with a listed input.
	kept := n.edges
	if len(listed) > 0 && w.cfg.dust > 0 {
		kept = nil
		for _, e := range n.edges {
			if w.dustCandidate(e) && swept[e.spent] < w.cfg.dust {
				w.addDust(n, e, listed, hop)
				continue
			}
			kept = append(kept, e)
		}
		if len(kept) == 0 {
			return
		}
	}
	share := new(big.Rat)
	for _, e := range kept {
		share.Add(share, e.share)
	}
	step := Step{TxID: n.id.String()}
	if w.cfg.coinjoin != nil {
		if kind, ok := w.cfg.coinjoin(tx, prevouts); ok {
			step.CoinJoin = kind
		}
	}
	path := append(slices.Clip(kept[0].path), step)

	for i, in := range tx.TxIn {
		if isCoinbaseIn(in) {
			continue
		}
		si := new(big.Rat)
		if total > 0 {
			si.Mul(share, big.NewRat(prevouts[i].Value, total))
		} else {
			si.Mul(share, big.NewRat(1, int64(len(tx.TxIn))))
		}
		if hits := listed[i]; len(hits) > 0 {
			w.addSource(hits, si, hop, path)
			continue // attributed to the listed owner: not followed further
		}
		if unscreened[i] {
			w.cut(StopUnscreened, si)
		}
		op := in.PreviousOutPoint
		parent := w.txs[op.Hash]
		if blockchain.IsCoinBaseTx(parent) {
			continue // new coins: the branch ends
		}
		if hop >= w.cfg.depth {
			w.cut(StopDepth, si)
			continue
		}
		if w.cfg.rule == Haircut && si.Cmp(w.cfg.minShare) < 0 {
			w.cut(StopMinShare, si)
			continue
		}
		own := false
		if w.cfg.dust > 0 {
			for j, other := range tx.TxIn {
				if j != i && !isCoinbaseIn(other) && other.PreviousOutPoint.Hash != op.Hash && prevouts[j].Value >= w.cfg.dust {
					own = true
					break
				}
			}
		}
		pn := next[op.Hash]
		if pn == nil {
			pn = &node{id: op.Hash, tx: parent, share: new(big.Rat)}
			next[op.Hash] = pn
		}
		pn.share.Add(pn.share, si)
		pn.edges = append(pn.edges, edge{out: op.Index, value: prevouts[i].Value, share: si, path: path, swept: own, spent: n.id})
	}
}

func (w *walker) addSource(hits []screen.Hit, share *big.Rat, hop int, path []Step) {
	w.exposure.Add(w.exposure, share) // once per listed input, however many addresses it pays
	seen := map[string]bool{}
	for _, h := range hits {
		if seen[h.Address] {
			continue
		}
		seen[h.Address] = true
		s := w.sources[h.Address]
		if s == nil {
			s = &Source{Address: h.Address, Hops: hop, Share: new(big.Rat), Path: path}
			w.sources[h.Address] = s
			w.order = append(w.order, h.Address)
		}
		s.Share.Add(s.Share, share)
		for _, g := range hits {
			if g.Address == h.Address && !slices.ContainsFunc(s.Hits, func(x screen.Hit) bool {
				return x.ListedValue == g.ListedValue && x.Entity.ID == g.Entity.ID && x.Source == g.Source
			}) {
				s.Hits = append(s.Hits, g)
			}
		}
	}
}

func (w *walker) addDust(n *node, e edge, listed map[int][]screen.Hit, hop int) {
	var from []string
	for _, hits := range listed {
		for _, h := range hits {
			if !slices.Contains(from, h.Address) {
				from = append(from, h.Address)
			}
		}
	}
	slices.Sort(from)
	d := Dust{Outpoint: wire.OutPoint{Hash: n.id, Index: e.out}.String(), Value: e.value, From: from, Hops: hop,
		Share: e.share, SharePercent: percent(e.share)}
	if !e.root {
		d.SpentBy = e.spent.String()
	}
	w.dust = append(w.dust, d)
}

func (w *walker) cut(rule StopRule, share *big.Rat) {
	c := w.cuts[rule]
	if c == nil {
		c = &Cut{Rule: rule, Share: new(big.Rat)}
		w.cuts[rule] = c
	}
	c.Branches++
	c.Share.Add(c.Share, share)
}

func (w *walker) result(res Result) Result {
	res.Fetched, res.Screened = w.fetched, w.screened
	res.Sources = []Source{}
	for _, a := range w.order {
		s := *w.sources[a]
		if w.cfg.rule == Poison {
			s.Share = big.NewRat(1, 1)
		}
		s.SharePercent = percent(s.Share)
		s.Severity = w.cfg.thresholds.Severity(s.Share, s.Hops)
		res.Sources = append(res.Sources, s)
	}
	slices.SortStableFunc(res.Sources, func(a, b Source) int {
		if c := b.Share.Cmp(a.Share); c != 0 {
			return c
		}
		return cmp.Compare(a.Hops, b.Hops)
	})
	res.Exposure = w.exposure
	if w.cfg.rule == Poison && len(res.Sources) > 0 {
		res.Exposure = big.NewRat(1, 1)
	}
	res.ExposurePercent = percent(res.Exposure)
	res.Dust = w.dust
	for _, r := range []StopRule{StopDepth, StopMinShare, StopBudget, StopUnscreened} {
		if c := w.cuts[r]; c != nil {
			c.SharePercent = percent(c.Share)
			res.Cuts = append(res.Cuts, *c)
		}
	}
	stale := w.snap.Stale()
	for _, f := range screen.Flags() {
		switch {
		case f == screen.FlagIndirectExposure && len(res.Sources) > 0,
			f == screen.FlagExposureIncomplete && len(res.Cuts) > 0,
			f == screen.FlagListStale && stale:
			res.Flags = append(res.Flags, f)
		}
	}
	if res.Flags == nil {
		res.Flags = []screen.Flag{}
	}
	res.Severity = screen.SeverityInfo
	for _, f := range res.Flags {
		if f != screen.FlagIndirectExposure {
			res.Severity = max(res.Severity, f.Severity())
		}
	}
	for _, s := range res.Sources {
		res.Severity = max(res.Severity, s.Severity)
	}
	if w.list != nil {
		res.List, res.Lists = w.list.List, w.list.Lists
	}
	return res
}
