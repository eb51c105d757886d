package address

import (
	"testing"

	"github.com/btcsuite/btcd/btcutil"
	"github.com/btcsuite/btcd/chaincfg"
)

// Benchmarks of Parse next to btcutil.DecodeAddress of the same text, so that the
// cost of trying every family can be compared with a single-codec decoder.
const (
	benchP2PKH    = "1BpEi6DfDAUFd7GtittLSdBeYJvcoaVggu"
	benchP2WPKH   = "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"
	benchCashAddr = "bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a"
)

func benchParse(b *testing.B, s string) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(s); err != nil {
			b.Fatal(err)
		}
	}
}

func benchBtcutil(b *testing.B, s string) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := btcutil.DecodeAddress(s, &chaincfg.MainNetParams); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseP2PKH(b *testing.B)          { benchParse(b, benchP2PKH) }
func BenchmarkParseP2WPKH(b *testing.B)         { benchParse(b, benchP2WPKH) }
func BenchmarkParseCashAddr(b *testing.B)       { benchParse(b, benchCashAddr) }
func BenchmarkBtcutilDecodeP2PKH(b *testing.B)  { benchBtcutil(b, benchP2PKH) }
func BenchmarkBtcutilDecodeP2WPKH(b *testing.B) { benchBtcutil(b, benchP2WPKH) }
