package address

import (
	"crypto/sha256"
	"testing"
)

// BenchmarkFastBase58Check25 is the package's 25-byte base58check decoder (the digits and
// the double SHA-256 checksum) and, beside it, the checksum alone: the floor of any
// base58check decode of an address.
func BenchmarkFastBase58Check25(b *testing.B) {
	for _, in := range benchBase58Inputs[:3] {
		b.Run("decode/"+in.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, _, ok := fastBase58Check25(in.s); !ok {
					b.Fatal("not decoded")
				}
			}
		})
	}
	b.Run("double-sha256-21B", func(b *testing.B) {
		var buf [21]byte
		b.ReportAllocs()
		for b.Loop() {
			first := sha256.Sum256(buf[:])
			sum := sha256.Sum256(first[:])
			buf[0] = sum[0]
		}
	})
	b.Run("parse/P2PKH", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := Parse(benchBase58Inputs[0].s); err != nil {
				b.Fatal(err)
			}
		}
	})
}
