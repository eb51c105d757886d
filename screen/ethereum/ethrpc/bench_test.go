package ethrpc_test

import (
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/chainscreen/chainscreen/internal/gethtest"
	"github.com/chainscreen/chainscreen/screen/ethereum"
	"github.com/chainscreen/chainscreen/screen/ethereum/ethrpc"
)

// benchNode mines one block of 64 transactions (forwarder payments to a listed
// address and token transfers, alternating) on a dev node with tracing.
func benchNode(b *testing.B) (*gethtest.Node, *ethrpc.Client, []common.Hash, uint64) {
	n := gethtest.Start(b)
	a, s := n.Accounts[0], n.Accounts[1]
	token := n.Deploy(b, a, gethtest.Initcode(gethtest.TokenRuntime()))
	fwd := n.Deploy(b, a, gethtest.Initcode(gethtest.ForwarderRuntime(listedTarget)))
	var txs []gethtest.Tx
	for i := range 64 {
		if i%2 == 0 {
			txs = append(txs, gethtest.Tx{From: s, To: &fwd, Value: big.NewInt(int64(i + 1)), Gas: 300_000})
		} else {
			txs = append(txs, gethtest.Tx{From: s, To: &token, Data: transferData(listedTokenTo, int64(i)), Gas: 300_000})
		}
	}
	rs := n.MustMine(b, txs...)
	hashes := make([]common.Hash, len(rs))
	for i, r := range rs {
		hashes[i] = r.TxHash
	}
	return n, dial(b, n), hashes, rs[0].BlockNumber.Uint64()
}

// BenchmarkByHash screens transactions by hash through the dev node over loopback
// HTTP: "fetch" makes the three calls (transaction, receipt, callTracer trace) and
// decodes them, "screen" is ethereum.ScreenTxHash (the same calls plus sender recovery
// and screening). Both report tx/s; screen also reports node_share, the fetch time
// per transaction measured just before divided by the screen time per transaction.
func BenchmarkByHash(b *testing.B) {
	_, c, hashes, _ := benchNode(b)
	s := testScreener(b)
	var fetchPer time.Duration
	b.Run("fetch", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			h := hashes[i%len(hashes)]
			i++
			if _, err := c.Transaction(b.Context(), h); err != nil {
				b.Fatal(err)
			}
			if _, err := c.TransactionReceipt(b.Context(), h); err != nil {
				b.Fatal(err)
			}
			if _, err := c.CallTrace(b.Context(), h); err != nil {
				b.Fatal(err)
			}
		}
		fetchPer = b.Elapsed() / time.Duration(b.N)
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "tx/s")
	})
	b.Run("screen", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			if _, err := ethereum.ScreenTxHash(b.Context(), s, c, hashes[i%len(hashes)]); err != nil {
				b.Fatal(err)
			}
			i++
		}
		per := b.Elapsed() / time.Duration(b.N)
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "tx/s")
		if fetchPer > 0 {
			b.ReportMetric(float64(fetchPer)/float64(per), "node_share")
		}
	})
}

// BenchmarkBlock fetches a 64-transaction block by number (block, eth_getBlockReceipts,
// debug_traceBlockByHash) and screens it; tx/s counts its transactions.
func BenchmarkBlock(b *testing.B) {
	_, c, hashes, num := benchNode(b)
	s := testScreener(b)
	var fetchPer time.Duration
	b.Run("fetch", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := c.BlockByNumber(b.Context(), num); err != nil {
				b.Fatal(err)
			}
		}
		fetchPer = b.Elapsed() / time.Duration(b.N)
		b.ReportMetric(float64(b.N*len(hashes))/b.Elapsed().Seconds(), "tx/s")
	})
	b.Run("screen", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			blk, err := c.BlockByNumber(b.Context(), num)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := ethereum.ScreenBlock(b.Context(), s, blk); err != nil {
				b.Fatal(err)
			}
		}
		per := b.Elapsed() / time.Duration(b.N)
		b.ReportMetric(float64(b.N*len(hashes))/b.Elapsed().Seconds(), "tx/s")
		if fetchPer > 0 {
			b.ReportMetric(float64(fetchPer)/float64(per), "node_share")
		}
	})
}
