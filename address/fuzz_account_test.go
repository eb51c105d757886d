package address

import (
	"errors"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/btcsuite/btcd/btcutil/base58"
	"github.com/ethereum/go-ethereum/common"
)

// No false positives: distinct random addresses have distinct keys, every textual
// form of one address has one key, and the canonical text parses back to it.
func TestAccountKeysDistinct(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const n = 3000
	seen := make(map[Key]string, 3*n)
	add := func(k Key, s string) {
		t.Helper()
		if prev, ok := seen[k]; ok {
			t.Fatalf("%s and %s have the same key %x", prev, s, k)
		}
		seen[k] = s
	}
	roundTrip := func(a Address, forms ...string) {
		t.Helper()
		for _, f := range forms {
			b, err := Parse(f)
			if err != nil || b.Key != a.Key {
				t.Fatalf("Parse(%s) = key %x, %v; want key %x", f, b.Key, err, a.Key)
			}
		}
	}

	for range n {
		var addr common.Address
		fill(rng, addr[:])
		lower := strings.ToLower(addr.Hex())
		a, err := Parse(lower)
		if err != nil {
			t.Fatalf("Parse(%s): %v", lower, err)
		}
		if a.Chain != ChainEVM || a.Canonical != addr.Hex() || a.Key != EVMKey(addr) {
			t.Fatalf("Parse(%s) = %+v", lower, a)
		}
		add(a.Key, lower)
		roundTrip(a, a.Canonical, "0x"+strings.ToUpper(lower[2:]))
		if bad := flipCase(a.Canonical); bad != a.Canonical && bad != lower && bad != "0x"+strings.ToUpper(lower[2:]) {
			if b, err := Parse(bad); !errors.Is(err, ErrChecksum) || b.Key != a.Key {
				t.Fatalf("Parse(%s) = %+v, %v; want ErrChecksum with the key", bad, b, err)
			}
		}

		var key [32]byte
		fill(rng, key[:])
		s := base58.Encode(key[:])
		a, err = Parse(s)
		if err != nil {
			t.Fatalf("Parse(%s): %v", s, err)
		}
		if a.Chain != ChainSolana || a.Canonical != s || a.Key != taggedKey(tagSolana, key[:]) {
			t.Fatalf("Parse(%s) = %+v", s, a)
		}
		add(a.Key, s)
		roundTrip(a, a.Canonical)

		var hash [20]byte
		fill(rng, hash[:])
		s = base58.CheckEncode(hash[:], tronVersion)
		a, err = Parse(s)
		if err != nil || a.Chain != ChainTron {
			t.Fatalf("Parse(%s) = %+v, %v", s, a, err)
		}
		add(a.Key, s)
		roundTrip(a, a.Canonical)
	}
}

func fill(rng *rand.Rand, b []byte) {
	for i := range b {
		b[i] = byte(rng.Uint32())
	}
}

// FuzzParseAccount: Parse never panics, and a successful parse (or an EVM checksum
// mismatch, which still carries the key) has a canonical text that parses back, on
// its own chain too, to the same key.
func FuzzParseAccount(f *testing.F) {
	for _, s := range []string{
		"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
		"0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed",
		"0x5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED",
		"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD",
		"5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
		"5be5543ff73456ab9f2d207887e2af87322c651ea1a873c5b25b7ffae456c320",
		tronUSDT,
		tronUSDTHex,
		"TUCsTq7TofTCJRRoHk6RvhMoS2mJLm5Yzq",
		"49HqitRzdnhYjgTEAhgGpCfsjdTeMbUTU6cyR4JV1R7k2Eej9rGT8JpFiYDa4tZM6RZiFrHmMzgSrhHEqpDYKBe5B2ufNsL",
		"84AwzjeFWXNEuhj8LWinXo93AqYr6wS8ZcnaBCoGhrL7EtvBMBovdhiUSV9xLhjrPA8t64hYSaMc8bHtWXoV9129EHUjU62",
		rippleGenesis,
		"rnXyVQzgxZe7TR1EPzTkGj2jxH4LMJYh66",
		"XVLhHMPHU98es4dbozjVtdWzVrDjtV8AqEL4xcZj5whKbmc",
		"42RLPACwZPx3vYYmxSueqsogfynBDqXK298EDsNoyoHi",
		"11111111111111111111111111111111",
		"bnb136ns6lfw4zs5hg4n85vdthaad7hq5m4gtkgf23",
		"BNB136NS6LFW4ZS5HG4N85VDTHAAD7HQ5M4GTKGF23",
		"",
		" \u200b0x",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := Parse(s)
		if err != nil && !(errors.Is(err, ErrChecksum) && a.Key != "") {
			if a.Key != "" {
				t.Fatalf("Parse(%q) = key %x with error %v", s, a.Key, err)
			}
			return
		}
		if a.Key == "" || a.Canonical == "" || a.Chain == ChainUnknown {
			t.Fatalf("Parse(%q) = %+v, %v: incomplete", s, a, err)
		}
		b, err := Parse(a.Canonical)
		if err != nil || b.Key != a.Key {
			t.Fatalf("Parse(%q) = key %x; canonical %q parses to key %x, %v", s, a.Key, a.Canonical, b.Key, err)
		}
		c, err := ParseAs(a.Chain, a.Canonical)
		if err != nil || c.Key != a.Key {
			t.Fatalf("Parse(%q) = key %x; ParseAs(%s, %q) = key %x, %v", s, a.Key, a.Chain, a.Canonical, c.Key, err)
		}
	})
}

// FuzzMoneroBase58: decoding never panics, and what decodes re-encodes to the input.
func FuzzMoneroBase58(f *testing.F) {
	for _, v := range moneroBlockVectors {
		f.Add(v.enc)
	}
	f.Add("49HqitRzdnhYjgTEAhgGpCfsjdTeMbUTU6cyR4JV1R7k2Eej9rGT8JpFiYDa4tZM6RZiFrHmMzgSrhHEqpDYKBe5B2ufNsL")
	f.Add("5R")
	f.Add("jpXCZedGfVR")
	f.Fuzz(func(t *testing.T, s string) {
		b, err := moneroBase58Decode(s)
		if err != nil {
			return
		}
		if got := moneroBase58Encode(b); got != s {
			t.Fatalf("decode(%q) = %x, which encodes to %q", s, b, got)
		}
	})
}
