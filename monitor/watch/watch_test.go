package watch_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/btcsuite/btcd/chaincfg"
	"github.com/btcsuite/btcd/txscript"
	"github.com/btcsuite/btcd/wire"
	"github.com/chainscreen/chainscreen/internal/btcdtest"
	"github.com/chainscreen/chainscreen/monitor/watch"
	"github.com/chainscreen/chainscreen/sanctions"
	"github.com/chainscreen/chainscreen/screen"
	"github.com/chainscreen/chainscreen/screen/bitcoin"
	"github.com/chainscreen/chainscreen/screen/bitcoin/btcrpc"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var (
	nodeOnce sync.Once
	node     *btcdtest.Node
	nodeErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if node != nil {
		node.Stop()
	}
	os.Exit(code)
}

func simnet(t *testing.T) *btcdtest.Node {
	t.Helper()
	nodeOnce.Do(func() { node, nodeErr = btcdtest.Start(context.Background()) })
	if nodeErr != nil {
		btcdtest.Missing(t, nodeErr)
	}
	return node
}

// recorder keeps the events a Watcher emits.
type recorder struct{ evs []watch.Event }

func (r *recorder) emit(_ context.Context, e watch.Event) error { r.evs = append(r.evs, e); return nil }

func (r *recorder) take() []watch.Event { e := r.evs; r.evs = nil; return e }

func kinds(evs []watch.Event) []string {
	var out []string
	for _, e := range evs {
		out = append(out, fmt.Sprintf("%s %d", e.Type, e.Height))
	}
	return out
}

// spendCoinbase builds a transaction that spends the coinbase of blk (paying the miner
// key) back to the miner: a block that includes it differs from one that does not.
func spendCoinbase(t *testing.T, n *btcdtest.Node, blk *wire.MsgBlock) *wire.MsgTx {
	t.Helper()
	cb := blk.Transactions[0]
	script, err := txscript.PayToAddrScript(n.MinerAddr)
	require.NoError(t, err)
	tx := wire.NewMsgTx(2)
	tx.AddTxIn(wire.NewTxIn(&wire.OutPoint{Hash: cb.TxHash(), Index: 0}, nil, nil))
	tx.AddTxOut(wire.NewTxOut(cb.TxOut[0].Value-10_000, script))
	sig, err := txscript.SignatureScript(tx, 0, cb.TxOut[0].PkScript, txscript.SigHashAll, n.MinerKey, true)
	require.NoError(t, err)
	tx.TxIn[0].SignatureScript = sig
	return tx
}

// A real btcd in simnet: the watcher screens every new block (each coinbase pays the
// listed miner address, so every block has a hit), confirms blocks at depth 3, resumes
// from its state file without repeating anything, retracts a block replaced by a
// reorganisation (invalidateblock, then a competing chain mined on the fork) and screens
// its replacement, and refuses a reorganisation deeper than the window.
func TestWatchFollowsTipThroughReorg(t *testing.T) {
	ctx := context.Background()
	n := simnet(t)
	hashes, err := n.Generate(ctx, 110)
	require.NoError(t, err)
	miner := btcdtest.MainnetText(n.MinerAddr)
	list := sanctions.NewList(sanctions.Source{Name: "test list", Format: "custom", Published: time.Now().UTC()},
		[]sanctions.ListedAddress{{Value: miner, Entity: &sanctions.Entity{ID: "m", Name: "MINER"}}})
	s, err := screen.New([]*sanctions.List{list})
	require.NoError(t, err)
	src, err := btcrpc.Dial(ctx, n.URL, btcrpc.WithNetwork(&chaincfg.SimNetParams))
	require.NoError(t, err)
	chain := watch.Bitcoin{Source: src, Options: []bitcoin.Option{bitcoin.WithNetwork(&chaincfg.SimNetParams)}}
	state := filepath.Join(t.TempDir(), "watch.json")
	cfg := watch.Config{Confirmations: 3, From: 105, FromSet: true, StatePath: state}
	var rec recorder
	w, err := watch.New(chain, s, cfg, rec.emit)
	require.NoError(t, err)

	got, err := w.Poll(ctx)
	require.NoError(t, err)
	assert.Equal(t, 6, got, "blocks 105..110")
	evs := rec.take()
	assert.Equal(t, []string{"tx 105", "block 105", "tx 106", "block 106", "tx 107", "block 107", "confirmed 105",
		"tx 108", "block 108", "confirmed 106", "tx 109", "block 109", "confirmed 107", "tx 110", "block 110", "confirmed 108"},
		kinds(evs))
	tx0 := evs[0]
	require.NotNil(t, tx0.Result)
	assert.True(t, tx0.Result.Sanctioned(), "the coinbase pays the listed miner address")
	assert.Equal(t, hashes[104].String(), tx0.Hash)

	// Restart from the state file: nothing screened again, nothing emitted.
	w2, err := watch.New(chain, s, cfg, rec.emit)
	require.NoError(t, err)
	got, err = w2.Poll(ctx)
	require.NoError(t, err)
	assert.Zero(t, got)
	assert.Empty(t, rec.take())

	// Reorganisation: block 110 is invalidated, and a competing chain (with a different
	// block at 110, which includes a spend of an old coinbase) grows to 111.
	old110 := hashes[109]
	_, err = n.Call(ctx, "invalidateblock", old110.String())
	require.NoError(t, err)
	blk1, err := n.Block(ctx, hashes[0])
	require.NoError(t, err)
	_, err = n.Send(ctx, spendCoinbase(t, n, blk1))
	require.NoError(t, err)
	fork, err := n.Generate(ctx, 2)
	require.NoError(t, err)
	require.NotEqual(t, old110, fork[0])
	got, err = w2.Poll(ctx)
	require.NoError(t, err)
	assert.Equal(t, 2, got)
	evs = rec.take()
	assert.Equal(t, []string{"retracted 110", "tx 110", "tx 110", "block 110", "tx 111", "block 111", "confirmed 109"}, kinds(evs))
	assert.Equal(t, old110.String(), evs[0].Hash, "the replaced block is retracted")
	assert.Equal(t, fork[0].String(), evs[1].Hash, "its replacement is screened")
	seen := map[string]bool{}
	for _, e := range evs {
		if e.Type == watch.EventTx {
			k := e.Hash + "/" + e.TxID
			assert.False(t, seen[k], "emitted twice: %s", k)
			seen[k] = true
		}
	}

	// A reorganisation below the window (block 108, confirmed) is refused, not guessed.
	b, err := json.Marshal(w2.State())
	require.NoError(t, err)
	t.Logf("state before the deep reorganisation: %s", b)
	_, err = n.Call(ctx, "invalidateblock", hashes[107].String())
	require.NoError(t, err)
	_, err = n.Generate(ctx, 5)
	require.NoError(t, err)
	_, err = w2.Poll(ctx)
	require.ErrorIs(t, err, watch.ErrDeepReorg)
}

func TestStateOfAnotherChain(t *testing.T) {
	state := filepath.Join(t.TempDir(), "watch.json")
	require.NoError(t, os.WriteFile(state, []byte(`{"chain":"ethereum","next":5}`), 0o600))
	_, err := watch.New(watch.Bitcoin{}, &screen.Screener{}, watch.Config{StatePath: state}, nil)
	require.ErrorIs(t, err, watch.ErrState)
	require.NoError(t, os.WriteFile(state, []byte(`{`), 0o600))
	_, err = watch.New(watch.Bitcoin{}, &screen.Screener{}, watch.Config{StatePath: state}, nil)
	require.ErrorIs(t, err, watch.ErrState)
}

// A node that goes away is an error, never a silent stop.
func TestNodeDown(t *testing.T) {
	ctx := context.Background()
	src, err := btcrpc.Dial(ctx, "http://u:p@127.0.0.1:1", btcrpc.WithNetwork(&chaincfg.SimNetParams), btcrpc.WithTimeout(time.Second))
	if err == nil {
		w, _ := watch.New(watch.Bitcoin{Source: src}, &screen.Screener{}, watch.Config{From: 1, FromSet: true}, nil)
		_, err = w.Poll(ctx)
	}
	require.Error(t, err)
	assert.True(t, errors.Is(err, bitcoin.ErrUnavailable), "%v", err)
}
