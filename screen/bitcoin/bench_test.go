package bitcoin

import (
	"bytes"
	"context"
	"testing"

	"github.com/btcsuite/btcd/btcutil"
	"github.com/btcsuite/btcd/txscript"
	"github.com/btcsuite/btcd/wire"

	"github.com/chainscreen/chainscreen/sanctions"
	"github.com/chainscreen/chainscreen/screen"
)

// benchScreener screens against the full 2025-11-19b publication (the realistic index size).
func benchScreener(b *testing.B) *screen.Screener {
	b.Helper()
	s, err := screen.New([]*sanctions.List{ofacList(b, "2025-11-19b")})
	if err != nil {
		b.Fatal(err)
	}
	return s
}

// BenchmarkScreenBitcoinBlock574200 decodes and screens the real block 574200 (3,315
// txs, 1.25 MB): decoding, txids (hashed from the raw bytes), every output and input.
// Compare with BenchmarkBtcdDecodeBlock574200 (btcd's bare decode, which computes no
// txid).
func BenchmarkScreenBitcoinBlock574200(b *testing.B) { benchBlock574200(b) }

// BenchmarkScreenBitcoinBlock574200Sequential is the same with one worker.
func BenchmarkScreenBitcoinBlock574200Sequential(b *testing.B) {
	benchBlock574200(b, WithWorkers(1))
}

func benchBlock574200(b *testing.B, opts ...Option) {
	raw := readBlock(b, block574200)
	s := benchScreener(b)
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ScreenBlock(context.Background(), s, raw, opts...); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBtcdDecodeBlock574200 is the baseline: wire.MsgBlock.Deserialize alone.
func BenchmarkBtcdDecodeBlock574200(b *testing.B) {
	raw := readBlock(b, block574200)
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		var blk wire.MsgBlock
		if err := blk.Deserialize(bytes.NewReader(raw)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBtcdDecodeHashBlock574200 is the bare cost of the work screening a block
// needs, done with the dependencies alone: btcd's decode, btcd's txid of every
// transaction, and btcutil's hash160 of the last push of every input's signature
// script or witness (the key or script an input address is derived from). It does no
// lookup and builds no result.
func BenchmarkBtcdDecodeHashBlock574200(b *testing.B) {
	raw := readBlock(b, block574200)
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		var blk wire.MsgBlock
		if err := blk.Deserialize(bytes.NewReader(raw)); err != nil {
			b.Fatal(err)
		}
		for _, tx := range blk.Transactions {
			_ = tx.TxHash()
			for _, in := range tx.TxIn {
				switch {
				case len(in.Witness) > 0:
					_ = btcutil.Hash160(in.Witness[len(in.Witness)-1])
				case len(in.SignatureScript) > 0:
					pushes, err := txscript.PushedData(in.SignatureScript)
					if err == nil && len(pushes) > 0 {
						_ = btcutil.Hash160(pushes[len(pushes)-1])
					}
				}
			}
		}
	}
}
