package exposure_test

import (
	"context"
	"errors"
	"math/big"
	"sync/atomic"
	"testing"
	"time"

	"github.com/btcsuite/btcd/chaincfg/chainhash"
	"github.com/btcsuite/btcd/wire"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/chainscreen/chainscreen/internal/btcdtest"
	"github.com/chainscreen/chainscreen/sanctions"
	"github.com/chainscreen/chainscreen/screen"
	"github.com/chainscreen/chainscreen/screen/bitcoin"
	"github.com/chainscreen/chainscreen/screen/bitcoin/exposure"
)

func walk(t *testing.T, g *graphs, s *screen.Screener, txid chainhash.Hash, vout uint32, opts ...exposure.Option) exposure.Result {
	t.Helper()
	r, err := exposure.Exposure(context.Background(), s, g.src, wire.OutPoint{Hash: txid, Index: vout},
		append([]exposure.Option{exposure.WithNetwork(g.n.Params)}, opts...)...)
	require.NoError(t, err)
	return r
}

func steps(ids ...chainhash.Hash) []exposure.Step {
	var out []exposure.Step
	for _, h := range ids {
		out = append(out, exposure.Step{TxID: h.String()})
	}
	return out
}

func cut(t *testing.T, r exposure.Result, rule exposure.StopRule) *exposure.Cut {
	t.Helper()
	for i := range r.Cuts {
		if r.Cuts[i].Rule == rule {
			return &r.Cuts[i]
		}
	}
	return nil
}

// TestChainThroughMerge: a 3-hop chain through a 2-input merge with a listed input.
//
//	FA -> L 30,000,000 and U 90,000,000
//	T2: L 30,000,000 + U 90,000,000 -> 119,990,000   (the merge: V = 120,000,000)
//	T1: 119,990,000 -> 60,000,000 + 59,980,000
//	T0: 60,000,000 -> 59,990,000 = the deposit T0:0
//
// T0 (hop 1) has one input: share 1. T1 (hop 2) has one input: share 1. At T2 (hop 3)
// L's input carries 30,000,000 / 120,000,000 = 1/4: L is 3 hops away with share 1/4
// (high: at least 10%, under 50%, more than 1 hop). U's input carries 3/4; its parent
// FA would be hop 4: with depth 3 that branch is cut (depth, 3/4, EXPOSURE_INCOMPLETE);
// with depth 4, FA's only input spends a coinbase: the search is complete.
func TestChainThroughMerge(t *testing.T) {
	g := need(t)
	s := screener(t, g.L)

	r := walk(t, g, s, g.chainT0, 0)
	require.Len(t, r.Sources, 1)
	src := r.Sources[0]
	assert.Equal(t, g.L.Addr.EncodeAddress(), src.Address)
	assert.Equal(t, 3, src.Hops)
	requireRat(t, rat(1, 4), src.Share, "share of L")
	assert.Equal(t, 25.0, src.SharePercent)
	assert.Equal(t, screen.SeverityHigh, src.Severity)
	assert.Equal(t, steps(g.chainT0, g.chainT1, g.chainT2), src.Path)
	require.NotEmpty(t, src.Hits)
	assert.Equal(t, "LISTED PARTY A", src.Hits[0].Entity.Name)
	assert.Equal(t, g.chainT2.String(), src.Hits[0].TxID)
	requireRat(t, rat(1, 4), r.Exposure, "exposure")
	assert.Equal(t, []screen.Flag{screen.FlagIndirectExposure, screen.FlagExposureIncomplete}, r.Flags)
	assert.Equal(t, screen.SeverityHigh, r.Severity)
	require.Len(t, r.Cuts, 1)
	c := cut(t, r, exposure.StopDepth)
	require.NotNil(t, c)
	assert.Equal(t, 1, c.Branches)
	requireRat(t, rat(3, 4), c.Share, "depth cut")
	assert.Equal(t, 4, r.Fetched) // T0, T1, T2, FA
	assert.Equal(t, 3, r.Screened)
	assert.Equal(t, int64(59_990_000), r.Value)
	assert.Equal(t, "TEST", r.List.Source)

	r4 := walk(t, g, s, g.chainT0, 0, exposure.WithDepth(4))
	assert.Equal(t, []screen.Flag{screen.FlagIndirectExposure}, r4.Flags, "complete down to the coinbase")
	assert.Empty(t, r4.Cuts)
	require.Len(t, r4.Sources, 1)
	requireRat(t, rat(1, 4), r4.Sources[0].Share, "share of L, depth 4")
	assert.Equal(t, 5, r4.Fetched) // + the coinbase FA spends

	// The same graph under poison: L taints fully (critical).
	p := walk(t, g, s, g.chainT0, 0, exposure.WithDepth(4), exposure.WithRule(exposure.Poison))
	require.Len(t, p.Sources, 1)
	requireRat(t, rat(1, 1), p.Sources[0].Share, "poison share")
	requireRat(t, rat(1, 1), p.Exposure, "poison exposure")
	assert.Equal(t, screen.SeverityCritical, p.Sources[0].Severity)
	assert.Equal(t, 3, p.Sources[0].Hops)
	assert.Equal(t, []screen.Flag{screen.FlagIndirectExposure}, p.Flags)

	// Depth 2 does not reach T2: no source, but never clean (the whole value is cut).
	d2 := walk(t, g, s, g.chainT0, 0, exposure.WithDepth(2), exposure.WithRule(exposure.Poison))
	assert.Empty(t, d2.Sources)
	assert.Equal(t, []screen.Flag{screen.FlagExposureIncomplete}, d2.Flags)
	assert.Equal(t, screen.SeverityMedium, d2.Severity)
	requireRat(t, rat(1, 1), cut(t, d2, exposure.StopDepth).Share, "depth 2 cut")

	// Minimum share 4/5: U's 3/4 at T2 is under it (cut min_share); L's 1/4 was screened.
	m := walk(t, g, s, g.chainT0, 0, exposure.WithDepth(4), exposure.WithMinShare(rat(4, 5)))
	require.Len(t, m.Sources, 1)
	requireRat(t, rat(1, 4), m.Sources[0].Share, "share of L, min share 4/5")
	require.Len(t, m.Cuts, 1)
	requireRat(t, rat(3, 4), cut(t, m, exposure.StopMinShare).Share, "min share cut")

	// The unlisted output T1:1 (59,980,000) has the same ancestry as T0's: T1 and T2.
	o := walk(t, g, s, g.chainT1, 1)
	require.Len(t, o.Sources, 1)
	assert.Equal(t, 2, o.Sources[0].Hops)
	requireRat(t, rat(1, 4), o.Sources[0].Share, "share of L from T1:1")

	// Nobody listed: complete with depth 4 and clean.
	clean := walk(t, g, screener(t, g.L4), g.chainT0, 0, exposure.WithDepth(4))
	assert.Empty(t, clean.Sources)
	assert.Equal(t, []screen.Flag{}, clean.Flags)
	assert.Equal(t, screen.SeverityInfo, clean.Severity)
	requireRat(t, rat(0, 1), clean.Exposure, "clean exposure")
}

// TestFanIn: four inputs into the deposit, two listed at 1 hop and one listed at 2 hops.
//
//	FB -> L1 10,000,000; U1 20,000,000; L2 30,000,000; L1 25,000,000; U3 75,000,000
//	P:  L1 25,000,000 + U3 75,000,000 -> 40,000,000 (d) + 59,990,000   (V = 100,000,000)
//	T0: L1 10,000,000 + U1 20,000,000 + L2 30,000,000 + d 40,000,000 -> deposit (V = 100,000,000)
//
// Hop 1: L1 10/100 = 1/10, L2 30/100 = 3/10, U1 2/10 (parent FB), d 4/10 (parent P).
// Hop 2: at P, L1 carries 4/10 * 25/100 = 1/10 and U3 4/10 * 75/100 = 3/10 (parent FB).
// FB (hop 2 with 1/5, hop 3 with 3/10) spends a coinbase: the branches end.
// L1: 1/10 + 1/10 = 1/5, 1 hop (critical: 1 hop); L2: 3/10, 1 hop; exposure 1/2.
func TestFanIn(t *testing.T) {
	g := need(t)
	s := screener(t, g.L1, g.L2)
	r := walk(t, g, s, g.fanT0, 0)
	require.Len(t, r.Sources, 2)
	l2, l1 := r.Sources[0], r.Sources[1] // highest share first
	assert.Equal(t, g.L2.Addr.EncodeAddress(), l2.Address)
	requireRat(t, rat(3, 10), l2.Share, "L2")
	assert.Equal(t, 1, l2.Hops)
	assert.Equal(t, g.L1.Addr.EncodeAddress(), l1.Address)
	requireRat(t, rat(1, 5), l1.Share, "L1")
	assert.Equal(t, 1, l1.Hops)
	assert.Equal(t, steps(g.fanT0), l1.Path, "the shortest path of L1")
	assert.Equal(t, screen.SeverityCritical, l1.Severity)
	assert.Equal(t, screen.SeverityCritical, l2.Severity)
	requireRat(t, rat(1, 2), r.Exposure, "exposure")
	assert.Equal(t, []screen.Flag{screen.FlagIndirectExposure}, r.Flags)
	assert.Empty(t, r.Cuts)
	assert.Equal(t, 4, r.Fetched)  // T0, FB, P, the coinbase FB spends
	assert.Equal(t, 4, r.Screened) // T0, P, FB at hop 2, FB at hop 3

	// With L1 only listed at hop 2 (a list of L1 alone sees the same): critical is by
	// hop; with CriticalHops 0 the 1/5 is high.
	th := exposure.DefaultThresholds()
	th.CriticalHops = 0
	r = walk(t, g, screener(t, g.L1), g.fanT0, 0, exposure.WithThresholds(th))
	require.Len(t, r.Sources, 1)
	requireRat(t, rat(1, 5), r.Sources[0].Share, "L1 alone")
	assert.Equal(t, screen.SeverityHigh, r.Sources[0].Severity)
}

// TestDust: outputs under 10,000 sat from a listed address (L3).
//
//	dust1: D1 pays V 5,000; dep1 = D1's 5,000 + V's own 20,000 -> 24,000 (swept along)
//	dust2: D2 pays V 5,000; dep2 = D2's 5,000 alone -> 4,000 (spent by choice)
//	dust3: D3 pays W 6,000: the screened output D3:0 itself (never spent)
//	dust4: D4 pays V 10,000 (not under the threshold); dep4 = 10,000 + 20,000 -> 29,000
//	dust5: D5 and D6 pay V 6,000 each; dep5 = 6,000 + 6,000 + 20,000 -> 31,000
//
// dep1: the dust input carries 5,000 / 25,000 = 1/5; not counted (reported as dust);
// the own 20,000 (4/5) comes from FC, which spends a coinbase: complete and clean.
// Without the rule (dust 0): L3 at 2 hops with 1/5. dep2: 1 (D2's one input is L3's).
// dust3: the output itself: 1, not counted. dep4: 10,000 / 30,000 = 1/3, counted.
func TestDust(t *testing.T) {
	g := need(t)
	s := screener(t, g.L3)
	for _, rule := range []exposure.Rule{exposure.Haircut, exposure.Poison} {
		r := walk(t, g, s, g.dep1, 0, exposure.WithRule(rule))
		assert.Empty(t, r.Sources, rule)
		assert.Equal(t, []screen.Flag{}, r.Flags, rule)
		assert.Empty(t, r.Cuts, rule)
		require.Len(t, r.Dust, 1, rule)
		d := r.Dust[0]
		assert.Equal(t, wire.OutPoint{Hash: g.d1, Index: 0}.String(), d.Outpoint)
		assert.Equal(t, int64(5_000), d.Value)
		assert.Equal(t, []string{g.L3.Addr.EncodeAddress()}, d.From)
		assert.Equal(t, g.dep1.String(), d.SpentBy)
		assert.Equal(t, 2, d.Hops)
		requireRat(t, rat(1, 5), d.Share, "dust share")
	}
	off := walk(t, g, s, g.dep1, 0, exposure.WithDust(0))
	require.Len(t, off.Sources, 1)
	requireRat(t, rat(1, 5), off.Sources[0].Share, "without the dust rule")
	assert.Equal(t, 2, off.Sources[0].Hops)

	alone := walk(t, g, s, g.dep2, 0)
	assert.Empty(t, alone.Dust)
	require.Len(t, alone.Sources, 1)
	requireRat(t, rat(1, 1), alone.Sources[0].Share, "dust spent alone")
	assert.Equal(t, steps(g.dep2, g.d2), alone.Sources[0].Path)
	assert.Equal(t, screen.SeverityCritical, alone.Severity)

	self := walk(t, g, s, g.d3, 0)
	assert.Empty(t, self.Sources)
	assert.Equal(t, []screen.Flag{}, self.Flags)
	require.Len(t, self.Dust, 1)
	assert.Equal(t, "", self.Dust[0].SpentBy)
	assert.Equal(t, 1, self.Dust[0].Hops)
	requireRat(t, rat(1, 1), self.Dust[0].Share, "the screened output is the dust")
	// Its change (984,000 to L3 itself) is not dust: L3 at 1 hop.
	change := walk(t, g, s, g.d3, 1)
	require.Len(t, change.Sources, 1)
	requireRat(t, rat(1, 1), change.Sources[0].Share, "change of the dusting transaction")

	atThreshold := walk(t, g, s, g.dep4, 0)
	assert.Empty(t, atThreshold.Dust)
	require.Len(t, atThreshold.Sources, 1)
	requireRat(t, rat(1, 3), atThreshold.Sources[0].Share, "10,000 sat is not under the threshold")
	// Two dust outputs swept together total 12,000: not dust. Each carries
	// 6,000 / 32,000; L3: 12,000 / 32,000 = 3/8 at 2 hops (2 paths, one shortest).
	split := walk(t, g, s, g.dep5, 0)
	assert.Empty(t, split.Dust)
	require.Len(t, split.Sources, 1)
	requireRat(t, rat(3, 8), split.Sources[0].Share, "split dust")
	assert.Equal(t, 2, split.Sources[0].Hops)
	// With a threshold of 12,001 the sweep is under it: both dust, nothing counted.
	split2 := walk(t, g, s, g.dep5, 0, exposure.WithDust(12_001))
	assert.Empty(t, split2.Sources)
	assert.Len(t, split2.Dust, 2)

	// One satoshi more of threshold and it is dust.
	above := walk(t, g, s, g.dep4, 0, exposure.WithDust(10_001))
	assert.Empty(t, above.Sources)
	require.Len(t, above.Dust, 1)
	requireRat(t, rat(1, 3), above.Dust[0].Share, "dust at threshold 10,001")
}

// TestFanOutBudget: the deposit spends twelve outputs of twelve transactions G1..G12,
// each of which spends one output of FD (G12's is L4's).
//
//	FD -> 11 x K 1,000,000 + L4 1,000,000;  Gi: 1,000,000 -> 990,000
//	T0: 12 x 990,000 -> 11,870,000
//
// Each input of T0 carries 1/12. L4 is 2 hops away with 1/12 (medium: under 10%, 2
// hops); the other eleven reach FD (hop 3, 11/12), which spends a coinbase. Fetches:
// T0, G1..G12, FD, the coinbase: 15. Budget 10: T0's twelve parents do not fit after
// T0: the whole value is cut, no source, EXPOSURE_INCOMPLETE. Budget 14: G1..G12 and
// FD fit, not the coinbase: L4 found, 11/12 cut by the budget.
func TestFanOutBudget(t *testing.T) {
	g := need(t)
	s := screener(t, g.L4)
	r := walk(t, g, s, g.fanOutT0, 0)
	require.Len(t, r.Sources, 1)
	requireRat(t, rat(1, 12), r.Sources[0].Share, "L4")
	assert.Equal(t, 2, r.Sources[0].Hops)
	assert.Equal(t, steps(g.fanOutT0, g.fanOutG12), r.Sources[0].Path)
	assert.Equal(t, screen.SeverityMedium, r.Sources[0].Severity)
	assert.Equal(t, []screen.Flag{screen.FlagIndirectExposure}, r.Flags)
	assert.Equal(t, 15, r.Fetched)

	b10 := walk(t, g, s, g.fanOutT0, 0, exposure.WithBudget(10))
	assert.Empty(t, b10.Sources)
	assert.Equal(t, []screen.Flag{screen.FlagExposureIncomplete}, b10.Flags)
	c := cut(t, b10, exposure.StopBudget)
	require.NotNil(t, c)
	requireRat(t, rat(1, 1), c.Share, "budget 10 cuts everything")
	assert.Equal(t, 1, b10.Fetched)
	assert.Equal(t, 0, b10.Screened)
	assert.Equal(t, "TEST", b10.List.Source, "provenance even when nothing was screened")

	b14 := walk(t, g, s, g.fanOutT0, 0, exposure.WithBudget(14))
	require.Len(t, b14.Sources, 1)
	requireRat(t, rat(1, 12), b14.Sources[0].Share, "L4 with budget 14")
	assert.Equal(t, []screen.Flag{screen.FlagIndirectExposure, screen.FlagExposureIncomplete}, b14.Flags)
	requireRat(t, rat(11, 12), cut(t, b14, exposure.StopBudget).Share, "budget 14 cut")
	assert.Equal(t, 14, b14.Fetched)

	// Poison on the same graph: L4 taints fully.
	p := walk(t, g, s, g.fanOutT0, 0, exposure.WithRule(exposure.Poison))
	require.Len(t, p.Sources, 1)
	requireRat(t, rat(1, 1), p.Sources[0].Share, "poison")
	assert.Equal(t, screen.SeverityCritical, p.Severity)
}

// TestUnscreenedInput: the deposit's transaction spends an OP_TRUE output (it pays no
// address, so its owner is unknown) of 1,000,000 and L's 1,000,000: L is 1 hop away
// with 1/2; the other 1/2 is reported cut as unscreened (its ancestry, FE then a
// coinbase, is still followed): INDIRECT_EXPOSURE and EXPOSURE_INCOMPLETE.
func TestUnscreenedInput(t *testing.T) {
	g := need(t)
	r := walk(t, g, screener(t, g.L), g.opTrueT0, 0)
	require.Len(t, r.Sources, 1)
	requireRat(t, rat(1, 2), r.Sources[0].Share, "L")
	assert.Equal(t, 1, r.Sources[0].Hops)
	assert.Equal(t, []screen.Flag{screen.FlagIndirectExposure, screen.FlagExposureIncomplete}, r.Flags)
	require.Len(t, r.Cuts, 1)
	c := cut(t, r, exposure.StopUnscreened)
	require.NotNil(t, c)
	requireRat(t, rat(1, 2), c.Share, "unscreened")
	assert.Equal(t, 3, r.Fetched) // T0, FE, the coinbase: the unscreened branch was followed
}

// TestCoinJoinInPath: L's 1,010,000 is one of the five equal inputs of a mix (five
// outputs of 1,000,000, a Whirlpool 0.01 BTC pool) whose first output the deposit's
// transaction spends. T0 (hop 1, share 1) -> Mix (hop 2): L carries 1/5, 2 hops, and
// the path names the mix "whirlpool" (screen/bitcoin/coinjoin, the default detector).
// The other four inputs lead to FW (hop 3), which spends a coinbase: complete.
func TestCoinJoinInPath(t *testing.T) {
	g := need(t)
	s := screener(t, g.L)
	r := walk(t, g, s, g.mixT0, 0)
	require.Len(t, r.Sources, 1)
	requireRat(t, rat(1, 5), r.Sources[0].Share, "L through the mix")
	assert.Equal(t, 2, r.Sources[0].Hops)
	want := steps(g.mixT0, g.mix)
	want[1].CoinJoin = "whirlpool"
	assert.Equal(t, want, r.Sources[0].Path)
	assert.Empty(t, r.Cuts)
	// Without a detector the hop is not named.
	r = walk(t, g, s, g.mixT0, 0, exposure.WithCoinJoinDetector(nil))
	assert.Equal(t, steps(g.mixT0, g.mix), r.Sources[0].Path)
}

// TestCoinJoinHook: a detector names the merge T2 in the path; it is given the
// previous outputs in input order.
func TestCoinJoinHook(t *testing.T) {
	g := need(t)
	var seen atomic.Int64
	det := func(tx *wire.MsgTx, prev []bitcoin.Prevout) (string, bool) {
		seen.Add(1)
		if tx.TxHash() == g.chainT2 {
			if len(prev) == 2 && prev[0].Value == 30_000_000 && prev[1].Value == 90_000_000 {
				return "test-mix", true
			}
			return "wrong-prevouts", true
		}
		return "", false
	}
	r := walk(t, g, screener(t, g.L), g.chainT0, 0, exposure.WithCoinJoinDetector(det))
	require.Len(t, r.Sources, 1)
	want := steps(g.chainT0, g.chainT1, g.chainT2)
	want[2].CoinJoin = "test-mix"
	assert.Equal(t, want, r.Sources[0].Path)
	assert.Equal(t, int64(3), seen.Load())
}

// failingSource is the simnet node that stops answering after some calls.
type failingSource struct {
	bitcoin.Source
	left atomic.Int64
}

func (f *failingSource) Tx(ctx context.Context, h chainhash.Hash) (*wire.MsgTx, error) {
	if f.left.Add(-1) < 0 {
		return nil, errors.Join(bitcoin.ErrUnavailable, errors.New("node went away"))
	}
	return f.Source.Tx(ctx, h)
}

// swappingSource swaps the Screener's lists on the first call: the walk must keep the
// snapshot it pinned.
type swappingSource struct {
	bitcoin.Source
	swap func()
	once atomic.Bool
}

func (s *swappingSource) Tx(ctx context.Context, h chainhash.Hash) (*wire.MsgTx, error) {
	if s.once.CompareAndSwap(false, true) {
		s.swap()
	}
	return s.Source.Tx(ctx, h)
}

func TestErrors(t *testing.T) {
	g := need(t)
	s := screener(t, g.L)
	ctx := context.Background()
	op := wire.OutPoint{Hash: g.chainT0, Index: 0}

	for _, left := range []int64{0, 2} {
		f := &failingSource{Source: g.src}
		f.left.Store(left)
		_, err := exposure.Exposure(ctx, s, f, op, exposure.WithNetwork(g.n.Params))
		require.ErrorIs(t, err, bitcoin.ErrUnavailable, "a node error is an error, not a partial result (after %d calls)", left)
	}
	_, err := exposure.Exposure(ctx, s, g.src, wire.OutPoint{Hash: g.chainT0, Index: 1})
	require.ErrorIs(t, err, exposure.ErrBadOutpoint)
	_, err = exposure.Exposure(ctx, s, g.src, wire.OutPoint{Hash: chainhash.Hash{1}, Index: 0})
	require.ErrorIs(t, err, bitcoin.ErrNotFound)
	require.NotErrorIs(t, err, exposure.ErrAncestorMissing)
	_, err = exposure.Exposure(ctx, nil, g.src, op)
	require.ErrorIs(t, err, screen.ErrNoList)
	_, err = exposure.Exposure(ctx, s, nil, op)
	require.ErrorIs(t, err, bitcoin.ErrUnavailable)
	for _, o := range []exposure.Option{exposure.WithDepth(0), exposure.WithBudget(0), exposure.WithRule("taint"),
		exposure.WithMinShare(big.NewRat(3, 2)), exposure.WithMinShare(big.NewRat(-1, 2)), exposure.WithDust(-1)} {
		_, err = exposure.Exposure(ctx, s, g.src, op, o)
		require.ErrorIs(t, err, exposure.ErrInvalidOption)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	_, err = exposure.Exposure(cctx, s, g.src, op)
	require.ErrorIs(t, err, context.Canceled)

	// One pinned snapshot: the lists swapped after the walk started are not seen.
	other := sanctions.NewList(sanctions.Source{Name: "OTHER", Format: "test", SHA256: "01",
		Published: time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)},
		[]sanctions.ListedAddress{{Ticker: "XBT", Value: g.L4.Mainnet, Entity: &sanctions.Entity{ID: "X", Name: "X"}}})
	sw := &swappingSource{Source: g.src, swap: func() { require.NoError(t, s.Swap(other)) }}
	r, err := exposure.Exposure(ctx, s, sw, op, exposure.WithNetwork(g.n.Params))
	require.NoError(t, err)
	require.Len(t, r.Sources, 1, "the walk keeps the lists it started with")
	assert.Equal(t, "TEST", r.List.Source)
	r, err = exposure.Exposure(ctx, s, g.src, op, exposure.WithNetwork(g.n.Params))
	require.NoError(t, err)
	assert.Empty(t, r.Sources, "the next walk sees the new lists")
	assert.Equal(t, "OTHER", r.List.Source)
}

var _ = btcdtest.ErrNoBtcd
