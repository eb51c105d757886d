package address

import (
	"strings"
	"testing"
)

// formerMaybe is the shape test of each family as it was written before the dispatch
// tables (one closure per family, in the order of families): the reference the shapes
// and tables are compared with.
var formerMaybe = []func(s string, hint Chain) bool{
	func(s string, hint Chain) bool { // EVM
		return hint == ChainEVM || (s[0] == '0' && len(s) > 1 && (s[1] == 'x' || s[1] == 'X'))
	},
	func(s string, _ Chain) bool { // CashAddr
		return strings.IndexByte(s, ':') >= 0 || cashAddrBodyLen(len(s))
	},
	func(s string, _ Chain) bool { return strings.LastIndexByte(s, '1') > 0 }, // segwit
	func(s string, _ Chain) bool { // BNB
		return hasPrefixFold(s, "bnb1") || hasPrefixFold(s, "tbnb1")
	},
	func(s string, _ Chain) bool { return strings.IndexByte("tzZuU", s[0]) >= 0 }, // Zcash
	func(s string, _ Chain) bool { return len(s) == moneroStdLen || len(s) == moneroIntLen },
	func(s string, hint Chain) bool { // Cardano
		return hint == ChainCardano || hasPrefixFold(s, "addr") || hasPrefixFold(s, "stake") || len(s) >= cardanoByronMinLen
	},
	func(s string, hint Chain) bool {
		return hint == ChainStellar || len(s) == stellarAccountLen || len(s) == stellarMuxedLen
	},
	func(s string, hint Chain) bool { return hint == ChainAlgorand || len(s) == algorandLen },
	func(s string, _ Chain) bool { return len(s) == siaLen },
	func(s string, _ Chain) bool { // Lisk
		return s[len(s)-1] == 'L' || (len(s) == lisk32Len && strings.HasPrefix(s, lisk32Prefix))
	},
	func(_ string, hint Chain) bool { return hint == ChainIOST },
	func(s string, hint Chain) bool { return s[0] == 'T' || hint == ChainTron },
	func(s string, _ Chain) bool { return s[0] == 'r' || s[0] == 'X' || s[0] == 'T' }, // Ripple
	func(s string, _ Chain) bool { return len(s) >= minBase58CheckLen && len(s) <= maxBase58CheckLen },
	func(s string, _ Chain) bool { return len(s) >= solanaMinLen && len(s) <= solanaMaxLen },
}

// formerCandidates is the set of families the former loop offered s to.
func formerCandidates(s string, hint Chain) uint32 {
	var m uint32
	for i := range families {
		if (hint == ChainUnknown || serves(&families[i], hint)) && formerMaybe[i](s, hint) {
			m |= 1 << i
		}
	}
	return m
}

// candidates is the set of families, a bit each, the dispatch offers s to when every
// one declines it; twice is set when it offers one family the text more than once.
func candidates(s string, hint Chain) (m uint32, twice bool) {
	for o := newOffers(s, hint); ; {
		f := o.next()
		if f == nil {
			return m, twice
		}
		for i := range families {
			if f == &families[i] {
				twice = twice || m&(1<<i) != 0
				m |= 1 << i
			}
		}
	}
}

// checkCandidates fails when the dispatch offers s, under any hint, to other families
// than the former shape tests did, or to one of them twice.
func checkCandidates(t testing.TB, s string) {
	t.Helper()
	if s == "" || len(s) > MaxInputLen {
		return
	}
	for _, hint := range append([]Chain{ChainUnknown}, Chains()...) {
		got, twice := candidates(s, hint)
		if want := formerCandidates(s, hint); got != want || twice {
			t.Fatalf("candidates(%q, %s) = %016b (a family offered twice: %v), the former shape tests %016b", s, hint, got, twice, want)
		}
	}
}

// TestDispatchVectorsAreTheFormerShapes compares the dispatch tables with the former
// shape tests on every published vector input, as given, in lower and in upper case.
func TestDispatchVectorsAreTheFormerShapes(t *testing.T) {
	n := 0
	for _, v := range loadVectors(t, "*.jsonl") {
		for _, s := range []string{v.Input, strings.ToLower(v.Input), strings.ToUpper(v.Input)} {
			checkCandidates(t, Trim(s))
			n++
		}
	}
	t.Logf("%d texts compared under %d hints", n, len(Chains())+1)
}

// TestDispatchIsTheFormerShapes compares the dispatch tables with the former shape
// tests on generated texts (no data needed): every printable first byte, lengths up to
// MaxInputLen, and bodies that hold each byte and prefix a shape looks for.
func TestDispatchIsTheFormerShapes(t *testing.T) {
	if len(formerMaybe) != len(families) {
		t.Fatalf("%d former shape tests for %d families", len(formerMaybe), len(families))
	}
	n := 0
	prefixes := []string{"", "0x", "0X", "bnb1", "BnB1", "tbnb1", "TBNB1", "addr", "ADDR", "stake", "Stake", "lsk", "LSK",
		"bitcoincash:", "bc1", "u1", "t1", "zs1", "T", "r", "X", "G", "M"}
	fills := []string{"a", "1", "L", ":", "z", "9"}
	for c := byte('!'); c < 0x7f; c++ {
		for length := 1; length <= MaxInputLen; length = nextLen(length) {
			for _, fill := range fills {
				s := string(c) + strings.Repeat(fill, length-1)
				checkCandidates(t, s)
				checkCandidates(t, s[:length-1]+"L")
				n += 2
			}
		}
	}
	for _, p := range prefixes {
		for length := len(p) + 1; length <= MaxInputLen; length = nextLen(length) {
			for _, fill := range fills {
				checkCandidates(t, p+strings.Repeat(fill, length-len(p)))
				n++
			}
		}
	}
	t.Logf("%d texts compared under %d hints", n, len(Chains())+1)
}

// nextLen steps through the lengths the generated texts take: every one up to 128 (all
// the lengths a shape names are below), then every 16th and MaxInputLen.
func nextLen(n int) int {
	switch {
	case n < 128:
		return n + 1
	case n < MaxInputLen-16:
		return n + 16
	case n < MaxInputLen:
		return MaxInputLen
	}
	return n + 1
}

// FuzzDispatch: the dispatch offers every text to the families the former shape tests
// did, under every hint.
func FuzzDispatch(f *testing.F) {
	for _, s := range []string{"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a",
		"bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", "bnb136ns6lfw4zs5hg4n85vdthaad7hq5m4gtkgf23", "lskoaknq582o6fw7sp82bm2hnj7pzp47mpmbmux2g",
		"TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "1BoatSLRHtKNngkdXEeobR76b53LETtpyT", "addr1", "stake1", "L", "X"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		s, _, err := clean(s)
		if err != nil {
			return
		}
		checkCandidates(t, s)
	})
}
