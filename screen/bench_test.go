package screen

import (
	"context"
	"strings"
	"testing"

	"github.com/btcsuite/btcd/btcutil"
	"github.com/btcsuite/btcd/btcutil/base58"
	"github.com/btcsuite/btcd/chaincfg"
	"github.com/chainscreen/chainscreen/sanctions"
	"github.com/ethereum/go-ethereum/common"
)

// benchCase is one address family: a listed value (hit), an unlisted valid address of
// the same family (miss), and the bare decode of the same text by the dependency.
type benchCase struct {
	name      string
	hit, miss string
	bare      func(b *testing.B, s string)
}

var benchCases = []benchCase{
	{"P2PKH", "123WBUDmSJv4GctdVEz6Qq6z8nXSKrJ4KX", "1BoatSLRHtKNngkdXEeobR76b53LETtpyT", bareBtcutil},
	{"P2SH", "31nadacWrgPeAQxKRMabhn3fPhnhi3hjKa", "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", bareBtcutil},
	{"P2WPKH", "bc1q05aktddf9ce4p7hh3stgsf253m4vweu7nkhtmw", "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", bareBtcutil},
	{"EVM-EIP55", "0x098B716B8Aaf21512996dC57EB0615e2383E2f96", "0x52908400098527886E0F7030069857D2E4169EE7", bareGethMixedcase},
	{"EVM-lower", "0x098b716b8aaf21512996dc57eb0615e2383e2f96", "0x52908400098527886e0f7030069857d2e4169ee7", bareGethHex},
	{"Tron", "TUCsTq7TofTCJRRoHk6RvhMoS2mJLm5Yzq", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", bareBase58Check},
	{"CashAddr", "qpf2cphc5dkuclkqur7lhj2yuqq9pk3hmukle77vhq", "qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a", nil},
	{"Monero", "49HqitRzdnhYjgTEAhgGpCfsjdTeMbUTU6cyR4JV1R7k2Eej9rGT8JpFiYDa4tZM6RZiFrHmMzgSrhHEqpDYKBe5B2ufNsL",
		"44AFFq5kSiGBoZ4NMDwYtN18obc8AemS33DBLWs3H7otXft3XjrpDtQGv7SqSsaBYBb98uNbr2VBBEt7f2wfn3RVGQBEP3A", nil},
}

func bareBtcutil(b *testing.B, s string) {
	if _, err := btcutil.DecodeAddress(s, &chaincfg.MainNetParams); err != nil {
		b.Fatal(err)
	}
}

func bareGethHex(b *testing.B, s string) {
	if !common.IsHexAddress(s) {
		b.Fatal("not hex")
	}
	_ = common.HexToAddress(s)
}

func bareGethMixedcase(b *testing.B, s string) {
	m, err := common.NewMixedcaseAddressFromString(s)
	if err != nil || !m.ValidChecksum() {
		b.Fatal("bad checksum", err)
	}
}

func bareBase58Check(b *testing.B, s string) {
	if _, _, err := base58.CheckDecode(s); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkScreenAddress screens a listed (hit) and an unlisted (miss) address of each
// family against the full 2025-11-19b publication, next to the dependency's bare decode
// of the same text.
func BenchmarkScreenAddress(b *testing.B) {
	s, err := New([]*sanctions.List{publication(b, "2025-11-19b")})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	for _, bc := range benchCases {
		for _, mode := range []string{"hit", "miss"} {
			in := bc.hit
			if mode == "miss" {
				in = bc.miss
			}
			r, err := s.ScreenAddress(ctx, in)
			if err != nil || r.Sanctioned() != (mode == "hit") || len(r.Flags) > 1 && !r.Has(FlagPrivacyCoin) {
				b.Fatalf("%s %s %q: %v %v %v", bc.name, mode, in, err, r.Flags, r.Notes)
			}
			b.Run(bc.name+"/"+mode, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if _, err := s.ScreenAddress(ctx, in); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
		if bc.bare != nil {
			b.Run(bc.name+"/bare-decode", func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					bc.bare(b, bc.hit)
				}
			})
		}
	}
}

// BenchmarkIndexScaling screens a miss against indexes of 1k, 100k and 1M synthetic EVM
// addresses: the cost must stay flat.
func BenchmarkIndexScaling(b *testing.B) {
	ctx := context.Background()
	for _, n := range []int{1_000, 100_000, 1_000_000} {
		addrs := make([]sanctions.ListedAddress, n)
		e := &sanctions.Entity{ID: "1", Name: "SYNTHETIC"}
		for i := range addrs {
			var a common.Address
			a[0], a[1], a[2], a[3] = byte(i>>24), byte(i>>16), byte(i>>8), byte(i)
			a[19] = 0xee
			addrs[i] = sanctions.ListedAddress{Value: strings.ToLower(a.Hex()), Ticker: "ETH", Entity: e}
		}
		l := sanctions.NewList(sanctions.Source{Name: "SYNTHETIC"}, addrs)
		s, err := New([]*sanctions.List{l})
		if err != nil {
			b.Fatal(err)
		}
		b.Run(itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := s.ScreenAddress(ctx, "0x52908400098527886E0F7030069857D2E4169EE7"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func itoa(n int) string {
	switch n {
	case 1_000:
		return "1k"
	case 100_000:
		return "100k"
	}
	return "1M"
}
