package coinjoin

import (
	"bytes"
	"encoding/hex"
	"testing"

	"github.com/btcsuite/btcd/wire"
)

// rawTx returns the serialized bytes of the record with txid.
func rawTx(b *testing.B, txid string) []byte {
	b.Helper()
	for _, r := range loadRecords(b) {
		if r.TxID == txid {
			raw, err := hex.DecodeString(r.Hex)
			if err != nil {
				b.Fatal(err)
			}
			return raw
		}
	}
	b.Fatalf("%s not in the data", txid)
	return nil
}

// Benchmark transactions: a real Wasabi 2 round (327 inputs, 279 outputs, full witness)
// and a real control (a 3-input, 3-output payment with a bare-multisig output).
var benchTxs = []struct{ name, txid string }{
	{"wasabi2_327in", "fb596c9f675471019c60e984b569f9020dac3b2822b16396042b50c890b45e5e"},
	{"control", "60a20bd93aa49ab4b28d514ec10b06e1829ce6818ec06cd3aabd013ebcdc4bb1"},
}

// BenchmarkDetect measures Detect per transaction, already decoded.
func BenchmarkDetect(b *testing.B) {
	for _, bt := range benchTxs {
		b.Run(bt.name, func(b *testing.B) {
			var tx wire.MsgTx
			if err := tx.Deserialize(bytes.NewReader(rawTx(b, bt.txid))); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if _, err := Detect(&tx, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkDecode is the baseline: btcd's decode of the same transaction.
func BenchmarkDecode(b *testing.B) {
	for _, bt := range benchTxs {
		b.Run(bt.name, func(b *testing.B) {
			raw := rawTx(b, bt.txid)
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				var tx wire.MsgTx
				if err := tx.Deserialize(bytes.NewReader(raw)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
