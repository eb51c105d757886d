package address

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/btcsuite/btcd/btcutil/base58"
	"github.com/btcsuite/btcd/btcutil/bech32"
)

// checkFastCodecs compares the fast decoders with btcutil's on s: the fast path must
// claim exactly the inputs btcutil decodes to its shape, with the same payload. It
// returns which fast path claimed s.
func checkFastCodecs(t testing.TB, s string) (b58, segwit bool) {
	t.Helper()
	ver, hash, ok := fastBase58Check25(s)
	rh, rv, err := base58.CheckDecode(s)
	want := err == nil && len(rh) == 20
	if ok != want {
		t.Fatalf("fastBase58Check25(%q) ok=%v, btcutil CheckDecode: %x %v (want ok=%v)", s, ok, rh, err, want)
	}
	if ok && (ver != rv || !bytes.Equal(hash[:], rh)) {
		t.Fatalf("fastBase58Check25(%q) = %02x %x, btcutil %02x %x", s, ver, hash, rv, rh)
	}

	var prog [40]byte
	one, version, n, variant, sok := fastSegwit(s, &prog)
	hrp, data, rvar, err := bech32.DecodeGeneric(s)
	var program []byte
	want = err == nil && len(data) >= 1
	if want {
		program, err = bech32.ConvertBits(data[1:], 5, 8, false)
		want = err == nil && len(program) <= 40
	}
	if sok != want {
		t.Fatalf("fastSegwit(%q) ok=%v, btcutil: data %x program %x err %v (want ok=%v)", s, sok, data, program, err, want)
	}
	if sok && (one != len(hrp) || version != data[0] || variant != rvar || !bytes.Equal(prog[:n], program)) {
		t.Fatalf("fastSegwit(%q) = %d v%d %x %v, btcutil %q v%d %x %v", s, one, version, prog[:n], variant, hrp, data[0], program, rvar)
	}
	return ok, sok
}

// TestFastCodecVectors runs the fast decoders against btcutil on every published
// address vector (valid and invalid, as given and in upper and lower case): they
// must agree on all of them, and the fast paths must have claimed the valid
// base58check and segwit ones.
func TestFastCodecVectors(t *testing.T) {
	var b58, sw, total int
	for _, v := range loadVectors(t, "*.jsonl") {
		for _, s := range []string{v.Input, strings.ToLower(v.Input), strings.ToUpper(v.Input)} {
			a, b := checkFastCodecs(t, s)
			total++
			if a {
				b58++
			}
			if b {
				sw++
			}
		}
	}
	t.Logf("%d inputs compared; fast base58check claimed %d, fast segwit %d", total, b58, sw)
	if b58 < 100 || sw < 50 {
		t.Errorf("fast paths claimed %d base58check and %d segwit inputs: the vectors hold hundreds of each", b58, sw)
	}
}

// FuzzFastCodecs compares the fast base58check and segwit decoders with btcutil's.
func FuzzFastCodecs(f *testing.F) {
	for _, s := range []string{
		benchP2PKH, benchP2WPKH, "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy",
		"bc1p5d7rjq7g6rdk2yhzks9smlaqtedr4dekq08ge8ztwac72sfr9rusxg3297",
		"BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7",
		"1111111111111111111114oLvT2", "11111111111111111111111111111111111", "bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs",
		"an83characterlonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1tt5tgs",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		// Parse never hands a fast path more than MaxInputLen bytes; past it, btcutil's
		// quadratic base58 decode of the reference side is all the fuzzer would time.
		if len(s) > MaxInputLen {
			return
		}
		checkFastCodecs(t, s)
	})
}

// TestSegwitHRPBound checks that lookupSegwitHRP's bound covers every known hrp, in
// either case: a longer one would never be found.
func TestSegwitHRPBound(t *testing.T) {
	for hrp := range segwitHRPs {
		if len(hrp) > maxSegwitHRPLen {
			t.Errorf("hrp %q longer than maxSegwitHRPLen %d", hrp, maxSegwitHRPLen)
		}
		for _, in := range []string{hrp, strings.ToUpper(hrp)} {
			if _, got, ok := lookupSegwitHRP(in); !ok || got != hrp {
				t.Errorf("lookupSegwitHRP(%q) = %q, %v", in, got, ok)
			}
		}
	}
	if _, _, ok := lookupSegwitHRP("3J98t"); ok {
		t.Error("base58 prefix taken for an hrp")
	}
}

// TestBase58VersionTable checks that the parse path's table holds exactly base58Versions.
func TestBase58VersionTable(t *testing.T) {
	for b := 0; b < 256; b++ {
		v, ok := base58Versions[byte(b)]
		p := base58VersionTable[b]
		if ok != (p != nil) || ok && !reflect.DeepEqual(*p, v) {
			t.Errorf("version 0x%02x: table %v, map %v (%v)", b, p, v, ok)
		}
	}
}
