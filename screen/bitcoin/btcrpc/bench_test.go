package btcrpc

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/btcsuite/btcd/chaincfg/chainhash"
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
