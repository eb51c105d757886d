package address

import (
	"errors"
	"strings"
	"testing"
)

// fuzzSeeds are real addresses of every family, and a few near misses.
var fuzzSeeds = []string{
	"1BpEi6DfDAUFd7GtittLSdBeYJvcoaVggu",
	"3CWFddi6m4ndiGyKqzYvsFYagqDLPVMTzC",
	"bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a",
	"qr95sy3j9xwd2ap32xkykttr4cvcu7as4y0qverfuy",
	"BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4",
	"bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",
	"tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7",
	"LNf2JDiuunBz7GMDKFYHN4rq5meXWxiwfb",
	"GPwg61XoHqQPNmAucFACuQ5H9sGCDv9TpS",
	"XnPFsRWTaSgiVauosEwQ6dEitGYXgwznz2",
	"DFFJhnQNZf8rf67tYnesPu7MuGUpYtzv7Z",
	"t1MMXtBrSp1XG38Lx9cePcNUCJj5vdWfUWL",
	zcashT3,
	zcashSapling,
	zcashSproutA,
	"TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t",
	"0x8589427373D6D84E98730D7795D8f6f8731FDA16",
	"rnXyVQzgxZe7TR1EPzTkGj2jxH4LMJYh66",
	"0279BE667EF9DCBBAC55A06295CE870B07029BFCDB2DCE28D959F2815B16F81798",
	"bitcoincash:",
	"bc1gmk9yu",
}

// FuzzParse: Parse never panics, every error wraps a sentinel, and a successful parse's
// canonical text parses again to the same key.
func FuzzParse(f *testing.F) {
	for _, s := range append(fuzzSeeds[:len(fuzzSeeds):len(fuzzSeeds)], newChainSeeds...) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := Parse(s)
		if err != nil {
			if errRank(err) == 0 && !errors.Is(err, ErrEmpty) {
				t.Fatalf("Parse(%q): error %v wraps no sentinel", s, err)
			}
			if a.Key != "" && !errors.Is(err, ErrChecksum) {
				t.Fatalf("Parse(%q): key %x with error %v", s, a.Key, err)
			}
			return
		}
		if a.Key == "" || a.Canonical == "" || a.Chain == ChainUnknown {
			t.Fatalf("Parse(%q) = %+v: incomplete", s, a)
		}
		b, err := Parse(a.Canonical)
		if err != nil || b.Key != a.Key {
			t.Fatalf("Parse(%q).Canonical %q re-parses to %+v, %v; want key %x", s, a.Canonical, b, err, a.Key)
		}
		c, err := ParseAs(a.Chain, s)
		if err != nil || c.Key != a.Key {
			t.Fatalf("ParseAs(%s, %q) = %+v, %v; want key %x", a.Chain, s, c, err, a.Key)
		}
	})
}

// FuzzCashAddr: parseCashAddr never panics; what it accepts re-encodes to its
// canonical text, which has the key of the legacy base58 form.
func FuzzCashAddr(f *testing.F) {
	for _, p := range cashAddrPairs {
		f.Add(p.cash)
		f.Add(strings.TrimPrefix(p.cash, "bitcoincash:"))
	}
	f.Add("bchtest:pr6m7j9njldwwzlg9v7v53unlr4jkmx6eyvwc0uz5t")
	f.Add("bitcoincash:qvch8mmxy0rtfrlarg7ucrxxfzds5pamg73h7370aa87d80gyhqxq5nlegake")
	f.Fuzz(func(t *testing.T, s string) {
		a, err := parseCashAddr(s, ChainUnknown)
		if err != nil {
			if errRank(err) == 0 {
				t.Fatalf("parseCashAddr(%q): error %v wraps no sentinel", s, err)
			}
			return
		}
		key := []byte(a.Key)
		if len(key) < 3+20 || key[0] != tagBase58Hash || key[1] != 1 {
			t.Fatalf("parseCashAddr(%q): key %x", s, a.Key)
		}
		enc, err := CashAddrEncode(a.Kind, key[3:])
		if err != nil || enc != a.Canonical {
			t.Fatalf("parseCashAddr(%q).Canonical = %s, re-encoded %s, %v", s, a.Canonical, enc, err)
		}
		// Plain P2PKH/P2SH text (not token-aware) is its own canonical form.
		if lower := strings.ToLower(s); strings.HasPrefix(lower, "bitcoincash:") && strings.ContainsRune("qp", rune(lower[12])) && lower != enc {
			t.Fatalf("parseCashAddr(%q): canonical %s differs", s, enc)
		}
		if b, err := Parse(a.Canonical); err != nil || b.Key != a.Key {
			t.Fatalf("Parse(%s) = %+v, %v", a.Canonical, b, err)
		}
	})
}
