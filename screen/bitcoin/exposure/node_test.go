package exposure_test

import (
	"context"
	"math/big"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/btcsuite/btcd/chaincfg/chainhash"
	"github.com/btcsuite/btcd/txscript"
	"github.com/btcsuite/btcd/wire"
	"github.com/stretchr/testify/require"

	"github.com/chainscreen/chainscreen/internal/btcdtest"
	"github.com/chainscreen/chainscreen/sanctions"
	"github.com/chainscreen/chainscreen/screen"
	"github.com/chainscreen/chainscreen/screen/bitcoin/btcrpc"
)

// The simnet btcd of the package: started once, with every hand-built ancestry of the
// tests mined in it; stopped by TestMain.
var (
	nodeOnce sync.Once
	simNode  *btcdtest.Node
	graph    *graphs
	nodeErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	simNode.Stop()
	os.Exit(code)
}

// graphs are the ancestries built in simnet. Every key is P2PKH; the listed ones are
// on the test's custom list. Values are in satoshis; each transaction's fee is what
// its inputs hold beyond its outputs (shares ignore fees: they divide by the input
// value).
type graphs struct {
	n   *btcdtest.Node
	src *btcrpc.Client
	// Listed keys: L (chain), L1 and L2 (fan-in), L3 (dust), L4 (fan-out).
	L, L1, L2, L3, L4 *btcdtest.Key

	// Chain: FA pays L 30,000,000 and U 90,000,000; T2 merges both into 119,990,000;
	// T1 pays 60,000,000 of it on; T0 pays 59,990,000: the deposit is T0:0.
	chainT0, chainT1, chainT2, chainFA chainhash.Hash

	// Fan-in: FB pays L1 10,000,000 and 25,000,000, U1 20,000,000, L2 30,000,000 and
	// U3 75,000,000; P spends L1's 25M and U3's 75M into 40,000,000 (+ 59,990,000
	// change); T0 spends L1 10M, U1 20M, L2 30M and P's 40M: the deposit is T0:0.
	fanT0, fanP chainhash.Hash

	// Dust: FC funds L3 six times 1,000,000 and the victim V three times 20,000.
	// dust1: L3 pays V 5,000 (D1); V spends it with its own 20,000 into dep1 (swept).
	// dust2: L3 pays V 5,000 (D2); V spends it alone into dep2 (by choice).
	// dust3: L3 pays W 6,000 (D3): the deposit is D3:0 itself (never spent).
	// dust4: L3 pays V 10,000 (D4, not under the threshold); V spends it with 20,000.
	// dust5: L3 pays V 6,000 twice (D5, D6, two transactions); V sweeps both with its
	// own 20,000 into dep5: 12,000 from listed transactions in one sweep is not dust.
	dep1, d1, dep2, d2, d3, dep4, dep5 chainhash.Hash

	// Fan-out: FD pays K eleven times 1,000,000 and L4 1,000,000; G1..G12 each spend one
	// of them into 990,000 (G12 spends L4's); T0 spends the twelve into 11,870,000.
	fanOutT0, fanOutG12, fanOutFD chainhash.Hash

	// Unscreened: FE pays OP_TRUE (a script that pays no address) 1,000,000 and L
	// 1,000,000; T0 spends both: the deposit is T0:0.
	opTrueT0 chainhash.Hash

	// CoinJoin: FW pays L 1,010,000 and four others 1,010,000 each; Mix spends the five
	// into five outputs of 1,000,000 (a Whirlpool 0.01 BTC pool mix: 5 inputs, 5 equal
	// outputs); T0 spends Mix's first output into 990,000: the deposit is T0:0.
	mixT0, mix chainhash.Hash
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func build(ctx context.Context, n *btcdtest.Node) (g *graphs, err error) {
	defer func() { // must panics on a node error: report it as the setup's error
		if r := recover(); r != nil {
			if e, ok := r.(error); ok {
				err = e
				return
			}
			panic(r)
		}
	}()
	g = &graphs{n: n}
	w, err := n.NewWallet(ctx, 6)
	if err != nil {
		return nil, err
	}
	key := func() *btcdtest.Key { return must(w.NewKey()) }
	g.L, g.L1, g.L2, g.L3, g.L4 = key(), key(), key(), key(), key()
	pay := func(ins []btcdtest.Coin, outs ...btcdtest.Payment) (*wire.MsgTx, []btcdtest.Coin) {
		tx, coins, err := w.Pay(ctx, ins, outs...)
		if err != nil {
			panic(err)
		}
		return tx, coins
	}
	to := func(k *btcdtest.Key, v int64) btcdtest.Payment { return btcdtest.Payment{To: k, Value: v} }

	// Chain.
	u := key()
	fa, ca, err := w.Fund(ctx, to(g.L, 30_000_000), to(u, 90_000_000))
	if err != nil {
		return nil, err
	}
	t2, a := pay(ca, to(key(), 119_990_000))
	t1, b := pay(a, to(key(), 60_000_000), to(key(), 59_980_000))
	t0, _ := pay(b[:1], to(key(), 59_990_000))
	g.chainFA, g.chainT2, g.chainT1, g.chainT0 = fa.TxHash(), t2.TxHash(), t1.TxHash(), t0.TxHash()

	// Fan-in.
	u1, u2, u3 := key(), key(), key()
	_, cb, err := w.Fund(ctx, to(g.L1, 10_000_000), to(u1, 20_000_000), to(g.L2, 30_000_000), to(g.L1, 25_000_000), to(u3, 75_000_000))
	if err != nil {
		return nil, err
	}
	p, d := pay([]btcdtest.Coin{cb[3], cb[4]}, to(u2, 40_000_000), to(u3, 59_990_000))
	ft0, _ := pay([]btcdtest.Coin{cb[0], cb[1], cb[2], d[0]}, to(key(), 99_990_000))
	g.fanP, g.fanT0 = p.TxHash(), ft0.TxHash()

	// Dust.
	v, wk, x := key(), key(), key()
	_, cc, err := w.Fund(ctx, to(g.L3, 1_000_000), to(g.L3, 1_000_000), to(g.L3, 1_000_000), to(g.L3, 1_000_000),
		to(v, 20_000), to(v, 20_000), to(g.L3, 1_000_000), to(g.L3, 1_000_000), to(v, 20_000))
	if err != nil {
		return nil, err
	}
	d1, dc1 := pay(cc[:1], to(v, 5_000), to(g.L3, 985_000))
	dep1, _ := pay([]btcdtest.Coin{dc1[0], cc[4]}, to(x, 24_000))
	d2, dc2 := pay(cc[1:2], to(v, 5_000), to(g.L3, 985_000))
	dep2, _ := pay(dc2[:1], to(x, 4_000))
	d3, _ := pay(cc[2:3], to(wk, 6_000), to(g.L3, 984_000))
	_, dc4 := pay(cc[3:4], to(v, 10_000), to(g.L3, 980_000))
	dep4, _ := pay([]btcdtest.Coin{dc4[0], cc[5]}, to(x, 29_000))
	_, dc5 := pay(cc[6:7], to(v, 6_000), to(g.L3, 984_000))
	_, dc6 := pay(cc[7:8], to(v, 6_000), to(g.L3, 984_000))
	dep5, _ := pay([]btcdtest.Coin{dc5[0], dc6[0], cc[8]}, to(x, 31_000))
	g.dep5 = dep5.TxHash()
	g.d1, g.dep1, g.d2, g.dep2, g.d3, g.dep4 = d1.TxHash(), dep1.TxHash(), d2.TxHash(), dep2.TxHash(), d3.TxHash(), dep4.TxHash()

	// Fan-out.
	k := key()
	outs := make([]btcdtest.Payment, 0, 12)
	for range 11 {
		outs = append(outs, to(k, 1_000_000))
	}
	fd, cd, err := w.Fund(ctx, append(outs, to(g.L4, 1_000_000))...)
	if err != nil {
		return nil, err
	}
	var gs []btcdtest.Coin
	m := key()
	var g12 *wire.MsgTx
	for i := range 12 {
		gi, c := pay(cd[i:i+1], to(m, 990_000))
		gs = append(gs, c[0])
		g12 = gi
	}
	fo, _ := pay(gs, to(key(), 11_870_000))
	g.fanOutFD, g.fanOutG12, g.fanOutT0 = fd.TxHash(), g12.TxHash(), fo.TxHash()

	// Unscreened.
	_, ce, err := w.Fund(ctx, btcdtest.Payment{Script: []byte{txscript.OP_TRUE}, Value: 1_000_000}, to(g.L, 1_000_000))
	if err != nil {
		return nil, err
	}
	ot, _ := pay(ce, to(key(), 1_990_000))
	g.opTrueT0 = ot.TxHash()

	// CoinJoin.
	mixers := []btcdtest.Payment{to(g.L, 1_010_000)}
	for range 4 {
		mixers = append(mixers, to(key(), 1_010_000))
	}
	_, cw, err := w.Fund(ctx, mixers...)
	if err != nil {
		return nil, err
	}
	var mixOuts []btcdtest.Payment
	for range 5 {
		mixOuts = append(mixOuts, to(key(), 1_000_000))
	}
	mx, mo := pay(cw, mixOuts...)
	mt0, _ := pay(mo[:1], to(key(), 990_000))
	g.mix, g.mixT0 = mx.TxHash(), mt0.TxHash()

	if _, err := n.Generate(ctx, 1); err != nil {
		return nil, err
	}
	g.src, err = btcrpc.Dial(ctx, n.URL, btcrpc.WithNetwork(n.Params))
	return g, err
}

// need starts the node and builds the graphs once (skips without btcd unless
// CHAINSCREEN_REQUIRE_NODE=1).
func need(t testing.TB) *graphs {
	t.Helper()
	nodeOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		start := time.Now()
		simNode, nodeErr = btcdtest.Start(ctx)
		if nodeErr != nil {
			return
		}
		graph, nodeErr = build(ctx, simNode)
		t.Logf("simnet btcd and the test ancestries ready in %v", time.Since(start).Round(time.Millisecond))
	})
	if nodeErr != nil {
		btcdtest.Missing(t, nodeErr)
	}
	return graph
}

// screener is a Screener over a custom list of the given keys, one party each.
func screener(t testing.TB, keys ...*btcdtest.Key) *screen.Screener {
	t.Helper()
	var addrs []sanctions.ListedAddress
	for i, k := range keys {
		e := &sanctions.Entity{ID: "P" + string(rune('1'+i)), Name: "LISTED PARTY " + string(rune('A'+i)), Type: "entity",
			Programs: []string{"CYBER2"}}
		addrs = append(addrs, sanctions.ListedAddress{Ticker: "XBT", Value: k.Mainnet, Entity: e})
	}
	l := sanctions.NewList(sanctions.Source{Name: "TEST", Format: "test", SHA256: "00",
		Published: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)}, addrs)
	s, err := screen.New([]*sanctions.List{l})
	require.NoError(t, err)
	return s
}

func rat(a, b int64) *big.Rat { return big.NewRat(a, b) }

// requireRat asserts exact equality of two rationals.
func requireRat(t testing.TB, want, got *big.Rat, msg string) {
	t.Helper()
	require.NotNil(t, got, msg)
	require.Zero(t, want.Cmp(got), "%s: want %s, got %s", msg, want.RatString(), got.RatString())
}
