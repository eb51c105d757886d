package address

import (
	"errors"
	"math/rand"
	"strings"
	"testing"

	"github.com/btcsuite/btcd/btcutil/base58"
	"github.com/btcsuite/btcd/btcutil/bech32"
)

// Real Zcash addresses (besides the listed t1 ones).
const (
	zcashT3      = "t3Vz22vK5z2LcKEdg16Yv4FFneEL1zg9ojd"
	zcashSapling = "zs1z7rejlpsa98s2rrrfkwmaxu53e4ue0ulcrw0h4x5g8jl04tak0d3mm47vdtahatqrlkngh9slya"
	zcashSproutA = "zcU1Cd6zYyZCd2VJF8yKgmzjxdiiU1rgTTjEwoN1CGUWCziPkUTXUjXmX7TMqdMNsTfuiGN1jQoVN4kGxUR4sAPN4XZ7pxb"
)

func TestZcashTransparent(t *testing.T) {
	for _, v := range append(listedValues(t, "ZEC"), zcashT3) {
		a, err := ParseAs(ChainZcash, v)
		if err != nil {
			t.Fatalf("ParseAs(zcash, %s): %v", v, err)
		}
		raw := base58.Decode(v)
		want := base58HashKey(raw[:2], raw[2:22])
		kind := KindP2PKH
		if strings.HasPrefix(v, "t3") {
			kind = KindP2SH
		}
		if a.Chain != ChainZcash || a.Kind != kind || a.Key != want || a.Canonical != v || a.Privacy {
			t.Errorf("ParseAs(zcash, %s) = %+v", v, a)
		}
		// The same hash with a Bitcoin version is another key, and a Zcash address is
		// not a Bitcoin-family address.
		btc, err := Parse(base58.CheckEncode(raw[2:22], 0x00))
		if err != nil || btc.Key == a.Key {
			t.Errorf("bitcoin form of %s: %+v, %v", v, btc, err)
		}
		for _, c := range []Chain{ChainBitcoin, ChainDogecoin, ChainLitecoin} {
			if _, err := ParseAs(c, v); !errors.Is(err, ErrWrongChain) {
				t.Errorf("ParseAs(%s, %s): %v, want ErrWrongChain", c, v, err)
			}
		}
		for i := len(v) / 2; i < len(v); i++ {
			bad := btcChangeChar(v, i, btcAlphabet)
			if _, err := Parse(bad); !errors.Is(err, ErrChecksum) {
				t.Errorf("Parse(%s): %v, want ErrChecksum", bad, err)
			}
		}
	}
	hash := make([]byte, 20)
	for _, prefix := range [][2]byte{zcashTestP2PKH, zcashTestP2SH} {
		s := encodeBase58Check(prefix[:], hash)
		if _, err := Parse(s); !errors.Is(err, ErrNetwork) {
			t.Errorf("Parse(%s): %v, want ErrNetwork", s, err)
		}
	}
	// A t1 prefix with a 21-byte hash is not an address.
	if a, err := Parse(encodeBase58Check(zcashP2PKH[:], make([]byte, 21))); err == nil {
		t.Errorf("Parse(t1 with 21 bytes) = %+v", a)
	}
}

func TestZcashSprout(t *testing.T) {
	a, err := Parse(zcashSproutA)
	raw := base58.Decode(zcashSproutA)
	if err != nil || a.Chain != ChainZcash || a.Kind != KindShielded || !a.Privacy || a.Canonical != zcashSproutA ||
		a.Key != taggedKey(tagZcashShielded, []byte("zc"), []byte{0}, raw[2:66]) {
		t.Fatalf("Parse(%s) = %+v, %v", zcashSproutA, a, err)
	}
	bad := btcChangeChar(zcashSproutA, 60, btcAlphabet)
	if _, err := Parse(bad); !errors.Is(err, ErrChecksum) {
		t.Errorf("Parse(%s): %v, want ErrChecksum", bad, err)
	}
	test := encodeBase58Check(zcashTestSprout[:], raw[2:66])
	if _, err := Parse(test); !errors.Is(err, ErrNetwork) {
		t.Errorf("Parse(%s): %v, want ErrNetwork", test, err)
	}
	// Sprout's prefix starts with Dogecoin's P2SH version byte: still not Dogecoin.
	if _, err := ParseAs(ChainDogecoin, zcashSproutA); !errors.Is(err, ErrWrongChain) {
		t.Errorf("ParseAs(dogecoin, %s): %v, want ErrWrongChain", zcashSproutA, err)
	}
}

func TestZcashSapling(t *testing.T) {
	a, err := Parse(zcashSapling)
	if err != nil || a.Chain != ChainZcash || a.Kind != KindShielded || !a.Privacy || a.Canonical != zcashSapling {
		t.Fatalf("Parse(%s) = %+v, %v", zcashSapling, a, err)
	}
	u, err := ParseAs(ChainZcash, strings.ToUpper(zcashSapling))
	if err != nil || u.Key != a.Key || u.Canonical != zcashSapling {
		t.Errorf("upper case: %+v, %v", u, err)
	}
	_, data, _ := bech32.DecodeNoLimit(zcashSapling)
	raw, _ := bech32.ConvertBits(data, 5, 8, false)
	if a.Key != taggedKey(tagZcashShielded, []byte("zs"), []byte{0}, raw) || len(raw) != zcashSaplingBytes {
		t.Errorf("key %x", a.Key)
	}
	conv, _ := bech32.ConvertBits(raw, 8, 5, true)
	short, _ := bech32.ConvertBits(raw[:42], 8, 5, true)
	testnet, _ := bech32.Encode("ztestsapling", conv)
	wrongLen, _ := bech32.Encode("zs", short)
	bech32m, _ := bech32.EncodeM("zs", conv)
	for _, tc := range []struct {
		in  string
		err error
	}{
		{btcChangeChar(zcashSapling, 40, cashAddrCharset), ErrChecksum},
		{"ZS1" + zcashSapling[3:], ErrInvalid},
		{testnet, ErrNetwork},
		{wrongLen, ErrInvalid},
		{bech32m, ErrChecksum},
	} {
		if a, err := Parse(tc.in); !errors.Is(err, tc.err) {
			t.Errorf("Parse(%s) = %+v, %v; want %v", tc.in, a, err, tc.err)
		}
	}
	if _, err := ParseAs(ChainBitcoin, zcashSapling); !errors.Is(err, ErrWrongChain) {
		t.Errorf("ParseAs(bitcoin, %s): %v, want ErrWrongChain", zcashSapling, err)
	}
}

func TestZcashUnified(t *testing.T) {
	rng := rand.New(rand.NewSource(2))
	raw := make([]byte, 107) // a unified address with Orchard and Sapling receivers
	rng.Read(raw)
	conv, _ := bech32.ConvertBits(raw, 8, 5, true)
	ua, err := bech32.EncodeM("u", conv)
	if err != nil {
		t.Fatal(err)
	}
	a, err := Parse(ua)
	if err != nil || a.Kind != KindUnified || !a.Privacy || a.Chain != ChainZcash || a.Canonical != ua ||
		a.Key != taggedKey(tagZcashShielded, []byte("u"), []byte{0}, raw) {
		t.Fatalf("Parse(%s) = %+v, %v", ua, a, err)
	}
	if u, err := Parse(strings.ToUpper(ua)); err != nil || u.Key != a.Key {
		t.Errorf("upper case: %+v, %v", u, err)
	}
	bech32Sum, _ := bech32.Encode("u", conv)
	testnet, _ := bech32.EncodeM("utest", conv)
	shortConv, _ := bech32.ConvertBits(raw[:40], 8, 5, true)
	short, _ := bech32.EncodeM("u", shortConv)
	for _, tc := range []struct {
		in  string
		err error
	}{
		{btcChangeChar(ua, 50, cashAddrCharset), ErrChecksum},
		{bech32Sum, ErrChecksum},
		{testnet, ErrNetwork},
		{short, ErrInvalid},
	} {
		if a, err := Parse(tc.in); !errors.Is(err, tc.err) {
			t.Errorf("Parse(%s) = %+v, %v; want %v", tc.in, a, err, tc.err)
		}
	}
}
