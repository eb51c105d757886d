package btcrpc

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/btcutil"
	"github.com/btcsuite/btcd/chaincfg/chainhash"
	"github.com/btcsuite/btcd/txscript"
	"github.com/btcsuite/btcd/wire"

	"github.com/chainscreen/chainscreen/screen/bitcoin"
)

// timedSource measures the time spent waiting on the node.
type timedSource struct {
	bitcoin.Source
	wait atomic.Int64
}

func (s *timedSource) since(t time.Time) { s.wait.Add(int64(time.Since(t))) }

func (s *timedSource) Tx(ctx context.Context, h chainhash.Hash) (*wire.MsgTx, error) {
	defer s.since(time.Now())
	return s.Source.Tx(ctx, h)
}

func (s *timedSource) Block(ctx context.Context, h chainhash.Hash) (*wire.MsgBlock, error) {
	defer s.since(time.Now())
	return s.Source.Block(ctx, h)
}

func (s *timedSource) BlockHash(ctx context.Context, height int64) (chainhash.Hash, error) {
	defer s.since(time.Now())
	return s.Source.BlockHash(ctx, height)
}

func (s *timedSource) Prevouts(ctx context.Context, ops []wire.OutPoint) ([]bitcoin.Prevout, error) {
	defer s.since(time.Now())
	return s.Source.Prevouts(ctx, ops)
}

// BenchmarkScreenTxIDThroughBtcd screens the spend of every script type by txid through
// the simnet btcd: getrawtransaction of the transaction, then one batched call for its
// parent. It reports transactions per second and the share of the time spent waiting
// on the node.
func BenchmarkScreenTxIDThroughBtcd(b *testing.B) {
	n := need(b)
	ctx := context.Background()
	c, err := Dial(ctx, n.URL, WithNetwork(n.Params))
	if err != nil {
		b.Fatal(err)
	}
	src := &timedSource{Source: c}
	s := listOf(b, chain.InputAddresses[6])
	b.ReportAllocs()
	start := time.Now()
	for b.Loop() {
		r, err := bitcoin.ScreenTxID(ctx, s, src, chain.Spend.TxHash(), bitcoin.WithNetwork(n.Params))
		if err != nil || len(r.Hits) != 1 {
			b.Fatal(err, r.Hits)
		}
	}
	total := time.Since(start)
	b.ReportMetric(float64(b.N)/total.Seconds(), "tx/s")
	b.ReportMetric(100*float64(src.wait.Load())/float64(total), "%node-wait")
}

// BenchmarkScreenBlockThroughBtcd screens the block of that transaction by height.
func BenchmarkScreenBlockThroughBtcd(b *testing.B) {
	n := need(b)
	ctx := context.Background()
	c, err := Dial(ctx, n.URL, WithNetwork(n.Params))
	if err != nil {
		b.Fatal(err)
	}
	src := &timedSource{Source: c}
	s := listOf(b, chain.InputAddresses[6])
	b.ReportAllocs()
	start := time.Now()
	for b.Loop() {
		r, err := bitcoin.ScreenBlockHeight(ctx, s, src, chain.SpendHeight, bitcoin.WithNetwork(n.Params))
		if err != nil || len(r.Hits) != 1 {
			b.Fatal(err)
		}
	}
	total := time.Since(start)
	b.ReportMetric(float64(b.N)/total.Seconds(), "blocks/s")
	b.ReportMetric(100*float64(src.wait.Load())/float64(total), "%node-wait")
}

// manyTxs is a simnet block of 200 transactions, each spending the coinbase of another
// block (200 distinct parents to fetch), built once for the benchmarks.
var manyTxs struct {
	once   sync.Once
	height int64
	txids  []chainhash.Hash
	err    error
}

func setupManyTxs(b *testing.B) {
	n := need(b)
	manyTxs.once.Do(func() {
		ctx := context.Background()
		minerScript, err := txscript.PayToAddrScript(n.MinerAddr)
		if err != nil {
			manyTxs.err = err
			return
		}
		key, _ := btcec.NewPrivateKey()
		dest, _ := btcutil.NewAddressWitnessPubKeyHash(btcutil.Hash160(key.PubKey().SerializeCompressed()), n.Params)
		destScript, _ := txscript.PayToAddrScript(dest)
		c, err := Dial(ctx, n.URL, WithNetwork(n.Params))
		if err != nil {
			manyTxs.err = err
			return
		}
		for h := int64(2); h < 202; h++ { // coinbases SetupChain left unspent (mature)
			hash, err := c.BlockHash(ctx, h)
			if err != nil {
				manyTxs.err = err
				return
			}
			blk, err := c.Block(ctx, hash)
			if err != nil {
				manyTxs.err = err
				return
			}
			cb := blk.Transactions[0]
			tx := wire.NewMsgTx(2)
			tx.AddTxIn(wire.NewTxIn(&wire.OutPoint{Hash: cb.TxHash(), Index: 0}, nil, nil))
			tx.AddTxOut(wire.NewTxOut(cb.TxOut[0].Value-10_000, destScript))
			if tx.TxIn[0].SignatureScript, err = txscript.SignatureScript(tx, 0, minerScript, txscript.SigHashAll, n.MinerKey, true); err != nil {
				manyTxs.err = err
				return
			}
			if _, err := n.Send(ctx, tx); err != nil {
				manyTxs.err = err
				return
			}
			manyTxs.txids = append(manyTxs.txids, tx.TxHash())
		}
		mined, err := n.Generate(ctx, 1)
		if err != nil {
			manyTxs.err = err
			return
		}
		blk, err := c.Block(ctx, mined[0])
		if err != nil {
			manyTxs.err = err
			return
		}
		if len(blk.Transactions) != 201 {
			manyTxs.err = fmt.Errorf("block has %d transactions, want 201", len(blk.Transactions))
			return
		}
		count, err := n.Call(ctx, "getblockcount")
		if err == nil {
			_, err = fmt.Sscan(string(count), &manyTxs.height)
		}
		manyTxs.err = err
	})
	if manyTxs.err != nil {
		b.Fatal(manyTxs.err)
	}
}

// BenchmarkScreenBlock200ThroughBtcd screens a block of 200 transactions with 200
// distinct parents by height: the parents are fetched in batches (64 per request, 4
// requests in flight). It reports transactions per second.
func BenchmarkScreenBlock200ThroughBtcd(b *testing.B) {
	n := need(b)
	setupManyTxs(b)
	ctx := context.Background()
	c, err := Dial(ctx, n.URL, WithNetwork(n.Params))
	if err != nil {
		b.Fatal(err)
	}
	src := &timedSource{Source: c}
	s := listOf(b, chain.InputAddresses[6])
	b.ReportAllocs()
	start := time.Now()
	for b.Loop() {
		r, err := bitcoin.ScreenBlockHeight(ctx, s, src, manyTxs.height, bitcoin.WithNetwork(n.Params))
		if err != nil || r.Txs != 201 || r.Incomplete() {
			b.Fatal(err, r.Txs)
		}
	}
	total := time.Since(start)
	b.ReportMetric(float64(b.N*201)/total.Seconds(), "tx/s")
	b.ReportMetric(100*float64(src.wait.Load())/float64(total), "%node-wait")
}

// BenchmarkScreenTxID200ThroughBtcd screens the same 200 transactions one by one by txid.
func BenchmarkScreenTxID200ThroughBtcd(b *testing.B) {
	n := need(b)
	setupManyTxs(b)
	ctx := context.Background()
	c, err := Dial(ctx, n.URL, WithNetwork(n.Params))
	if err != nil {
		b.Fatal(err)
	}
	src := &timedSource{Source: c}
	s := listOf(b, chain.InputAddresses[6])
	b.ReportAllocs()
	start := time.Now()
	i := 0
	for b.Loop() {
		r, err := bitcoin.ScreenTxID(ctx, s, src, manyTxs.txids[i%len(manyTxs.txids)], bitcoin.WithNetwork(n.Params))
		if err != nil || r.Incomplete() {
			b.Fatal(err)
		}
		i++
	}
	total := time.Since(start)
	b.ReportMetric(float64(b.N)/total.Seconds(), "tx/s")
	b.ReportMetric(100*float64(src.wait.Load())/float64(total), "%node-wait")
}
