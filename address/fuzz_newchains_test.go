package address

import (
	"errors"
	"testing"
)

// newChainSeeds are real addresses of the new chains (from the published vectors and
// the NBCTF list) and near misses.
var newChainSeeds = []string{
	"GAHK7EEG2WWHVKDNT4CEQFZGKF2LGDSW2IVM4S5DP42RBW3K6BTODB4A",
	"MA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJVAAAAAAAAAAAAAJLK",
	"MA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJUAAAAAAAAAAAACJUR",
	"SGP2HJQBCDEX4B4PH7TVIWJZ4YZZX5C5B3TQ24QA3USY7O5X2KO5V2FPXM",
	"7777777777777777777777777777777777777777777777777774MSJUVU",
	"addr1qx2fxv2umyhttkxyxp8x0dlpdt3k6cwng5pxj3jhsydzer3n0d3vllmyqwsx5wktcd8cc3sq835lu7drv2xwl2wywfgse35a3x",
	"addr1gx2fxv2umyhttkxyxp8x0dlpdt3k6cwng5pxj3jhsydzer5pnz75xxcrzqf96k",
	"stake178phkx6acpnf78fuvxn0mkew3l0fd058hzquvz7w36x4gtcccycj5",
	"addr_test1vz2fxv2umyhttkxyxp8x0dlpdt3k6cwng5pxj3jhsydzerspjrlsz",
	"Ae2tdPwUPEYzs5BRbGcoS3DXvK8mwgggmESz4HqUwMyaS9eNksZGz1LMS9v",
	"DdzFFzCqrht4k4DfGDtBaqv6boi1jjyzW2QyEFA2imphJipAcAfdEUyFeMZJtBjjiQJBFYk8JZHffuqgUK9hxbjRwrNpeUgPD78U49Vt",
	"4swhHtxKapQbj3TZEipgtp7NQzcRWDYqCxXYoPQWjGyHmhxS1w1TjUEszCQT1sQucGwmPQMYdv1FYs3d51KgoubviPBf",
	"D7pCdGvzKPEtnuYnFVWtW4pTGTjD9v2Tuo",
	"SckT6Snbv1WR2VYEuCh3upSPquHN57N314",
	"dgb1q00002724tefpjkpn8mp233uyqwd8hnny55e0zg",
	"vg1qujpe553lzgyg95g7k0w6zwscuy0ae022h4q4zg",
	"RPW95tQG7y47QTqS6cNA4EQ5mBmATrG91o",
	"SNwdHP6Qpkk6exSAqMG4GdTRkQRAu28SSS",
	"12154055877559948854L",
	"18446744073709551616L",
	"lskdxc4ta5j43jp9ro3f8zqbxta9fn6jwzjucw7yt",
	"27f405bf5c5caf0db56316b76dfc3067846cffcf8f2ffda5d5f754114ec1db35b3f6310fb25b",
	"binanceiost",
}

// newChains are the chains FuzzParseAsNewChains names.
var newChains = []Chain{ChainStellar, ChainAlgorand, ChainCardano, ChainDigiByte, ChainKomodo,
	ChainLisk, ChainSiacoin, ChainStratis, ChainIOST, ChainVerge}

// FuzzParseAsNewChains: ParseAs of every new chain never panics, every error wraps a
// sentinel, and an accepted address's canonical text parses again, on that chain, to
// the same key.
func FuzzParseAsNewChains(f *testing.F) {
	for _, s := range newChainSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, c := range newChains {
			a, err := ParseAs(c, s)
			if err != nil {
				if errRank(err) == 0 && !errors.Is(err, ErrEmpty) {
					t.Fatalf("ParseAs(%s, %q): error %v wraps no sentinel", c, s, err)
				}
				continue
			}
			if a.Chain != c || a.Key == "" || a.Canonical == "" || a.Kind == "" {
				t.Fatalf("ParseAs(%s, %q) = %+v: incomplete", c, s, a)
			}
			b, err := ParseAs(c, a.Canonical)
			if err != nil || b.Key != a.Key {
				t.Fatalf("ParseAs(%s, %q).Canonical %q re-parses to %+v, %v; want key %x", c, s, a.Canonical, b, err, a.Key)
			}
		}
	})
}
