package address

import (
	"bytes"
	"testing"

	btcbase58 "github.com/btcsuite/btcd/btcutil/base58"
	mrbase58 "github.com/mr-tron/base58"
)

// Base58 decoding of address-sized strings: btcutil/base58 (the package's codec) next
// to github.com/mr-tron/base58, on P2PKH, P2SH, Tron and XRP-style text (the XRP text
// is first translated to Bitcoin digits, as parseRipple does).
var benchBase58Inputs = []struct{ name, s string }{
	{"P2PKH", "1BpEi6DfDAUFd7GtittLSdBeYJvcoaVggu"},
	{"P2SH", "3CWFddi6m4ndiGyKqzYvsFYagqDLPVMTzC"},
	{"Tron", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"},
	{"XRP", rippleToBitcoin.Replace("rnXyVQzgxZe7TR1EPzTkGj2jxH4LMJYh66")},
	{"Solana", "4Nd1mBQtrMJVYVfKf2PJy9NZUZdTAsp7D4xWLs4gDB4T"},
}

// The two decoders agree on every input (so that the benchmark compares like with like).
func TestBase58DecodersAgree(t *testing.T) {
	for _, in := range benchBase58Inputs {
		m, err := mrbase58.Decode(in.s)
		if err != nil || !bytes.Equal(m, btcbase58.Decode(in.s)) {
			t.Errorf("%s: mr-tron %x, %v; btcutil %x", in.name, m, err, btcbase58.Decode(in.s))
		}
	}
}

func BenchmarkBase58Decode(b *testing.B) {
	for _, in := range benchBase58Inputs {
		b.Run("btcutil/"+in.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if len(btcbase58.Decode(in.s)) == 0 {
					b.Fatal("decode failed")
				}
			}
		})
		b.Run("mr-tron/"+in.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if v, err := mrbase58.Decode(in.s); err != nil || len(v) == 0 {
					b.Fatal(err)
				}
			}
		})
	}
}

// Parse of the new chains' addresses (Byron is the longest base58 text the package decodes).
func BenchmarkParseNewChains(b *testing.B) {
	for _, in := range []struct{ name, s string }{
		{"Stellar", "GAHK7EEG2WWHVKDNT4CEQFZGKF2LGDSW2IVM4S5DP42RBW3K6BTODB4A"},
		{"Algorand", "SGP2HJQBCDEX4B4PH7TVIWJZ4YZZX5C5B3TQ24QA3USY7O5X2KO5V2FPXM"},
		{"CardanoShelley", "addr1qx2fxv2umyhttkxyxp8x0dlpdt3k6cwng5pxj3jhsydzer3n0d3vllmyqwsx5wktcd8cc3sq835lu7drv2xwl2wywfgse35a3x"},
		{"CardanoByron", "DdzFFzCqrht4k4DfGDtBaqv6boi1jjyzW2QyEFA2imphJipAcAfdEUyFeMZJtBjjiQJBFYk8JZHffuqgUK9hxbjRwrNpeUgPD78U49Vt"},
		{"DigiByte", "D7pCdGvzKPEtnuYnFVWtW4pTGTjD9v2Tuo"},
		{"Siacoin", "27f405bf5c5caf0db56316b76dfc3067846cffcf8f2ffda5d5f754114ec1db35b3f6310fb25b"},
		{"Lisk", "12154055877559948854L"},
	} {
		b.Run(in.name, func(b *testing.B) { benchParse(b, in.s) })
	}
}
