package exposure_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/btcsuite/btcd/chaincfg/chainhash"
	"github.com/btcsuite/btcd/wire"

	"github.com/chainscreen/chainscreen/screen/bitcoin"
	"github.com/chainscreen/chainscreen/screen/bitcoin/exposure"
)

// timedSource counts the transactions fetched from the node and the time spent
// waiting on it (summed over concurrent calls).
type timedSource struct {
	bitcoin.Source
	wait, calls atomic.Int64
}

func (s *timedSource) Tx(ctx context.Context, h chainhash.Hash) (*wire.MsgTx, error) {
	start := time.Now()
	defer func() { s.wait.Add(int64(time.Since(start))); s.calls.Add(1) }()
	return s.Source.Tx(ctx, h)
}

// memSource serves the transactions it was given (fetched once from the simnet node)
// from memory: the walk's own cost, without the node.
type memSource struct {
	bitcoin.Source
	mu  sync.Mutex
	txs map[chainhash.Hash]*wire.MsgTx
}

func (s *memSource) Tx(ctx context.Context, h chainhash.Hash) (*wire.MsgTx, error) {
	s.mu.Lock()
	tx := s.txs[h]
	s.mu.Unlock()
	if tx != nil {
		return tx, nil
	}
	tx, err := s.Source.Tx(ctx, h)
	if err == nil {
		s.mu.Lock()
		s.txs[h] = tx
		s.mu.Unlock()
	}
	return tx, err
}

// BenchmarkExposureWalkBtcd is the whole depth-3 walk of the fan-out deposit through
// the simnet btcd: 15 transactions fetched (the deposit, its 12 parents, their common
// parent and its coinbase), 14 screened, one source. It reports walks, transactions
// fetched per second and the time waiting on the node (sequential fetches: the share
// of the wall time; 8 at once: the summed wait per walk).
func BenchmarkExposureWalkBtcd(b *testing.B) {
	g := need(b)
	s := screener(b, g.L4)
	op := wire.OutPoint{Hash: g.fanOutT0, Index: 0}
	for _, workers := range []int{1, 8} {
		b.Run(fmt.Sprintf("concurrency=%d", workers), func(b *testing.B) {
			src := &timedSource{Source: g.src}
			b.ReportAllocs()
			start := time.Now()
			for b.Loop() {
				r, err := exposure.Exposure(context.Background(), s, src, op, exposure.WithNetwork(g.n.Params), exposure.WithConcurrency(workers))
				if err != nil || len(r.Sources) != 1 || r.Fetched != 15 {
					b.Fatal(err, r.Sources, r.Fetched)
				}
			}
			total := time.Since(start)
			b.ReportMetric(float64(src.calls.Load())/total.Seconds(), "tx/s")
			b.ReportMetric(float64(src.wait.Load())/float64(b.N)/1e6, "node-wait-ms/op")
			b.ReportMetric(100*float64(src.wait.Load())/float64(total), "%node-wait")
		})
	}
}

// BenchmarkExposurePerTx is the cost of the walk per transaction fetched, without the
// node: the same walk with the transactions served from memory (fetch bookkeeping,
// screening every input against the pinned lists, exact share arithmetic).
func BenchmarkExposurePerTx(b *testing.B) {
	g := need(b)
	s := screener(b, g.L4)
	src := &memSource{Source: g.src, txs: map[chainhash.Hash]*wire.MsgTx{}}
	op := wire.OutPoint{Hash: g.fanOutT0, Index: 0}
	ctx := context.Background()
	if _, err := exposure.Exposure(ctx, s, src, op, exposure.WithNetwork(g.n.Params)); err != nil { // warm the cache
		b.Fatal(err)
	}
	b.ReportAllocs()
	var fetched int
	start := time.Now()
	for b.Loop() {
		r, err := exposure.Exposure(ctx, s, src, op, exposure.WithNetwork(g.n.Params))
		if err != nil || len(r.Sources) != 1 {
			b.Fatal(err, r.Sources)
		}
		fetched += r.Fetched
	}
	total := time.Since(start)
	b.ReportMetric(float64(total.Nanoseconds())/float64(fetched), "ns/tx")
	b.ReportMetric(float64(fetched)/total.Seconds(), "tx/s")
}
