package address

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"strconv"
	"strings"
	"testing"

	"github.com/btcsuite/btcd/btcutil"
	"github.com/btcsuite/btcd/btcutil/base58"
	"github.com/btcsuite/btcd/chaincfg"
)

// The listed values of the new chains parse under the tickers the lists use.
func TestParseListedNewTickers(t *testing.T) {
	for _, tc := range []struct {
		ticker, value string
		chain         Chain
		kind          Kind
	}{
		{"XLM", "GAHK7EEG2WWHVKDNT4CEQFZGKF2LGDSW2IVM4S5DP42RBW3K6BTODB4A", ChainStellar, KindAccount},
		{"ALGO", "SGP2HJQBCDEX4B4PH7TVIWJZ4YZZX5C5B3TQ24QA3USY7O5X2KO5V2FPXM", ChainAlgorand, KindAccount},
		{"ADA", "DdzFFzCqrht4k4DfGDtBaqv6boi1jjyzW2QyEFA2imphJipAcAfdEUyFeMZJtBjjiQJBFYk8JZHffuqgUK9hxbjRwrNpeUgPD78U49Vt", ChainCardano, KindByron},
		{"ADA", "addr1vx2fxv2umyhttkxyxp8x0dlpdt3k6cwng5pxj3jhsydzers66hrl8", ChainCardano, KindEnterprise},
		{"DGB", "D7pCdGvzKPEtnuYnFVWtW4pTGTjD9v2Tuo", ChainDigiByte, KindP2PKH},
		{"DGB", "SckT6Snbv1WR2VYEuCh3upSPquHN57N314", ChainDigiByte, KindP2SH},
		{"DGB", "dgb1q00002724tefpjkpn8mp233uyqwd8hnny55e0zg", ChainDigiByte, KindP2WPKH},
		{"KMD", "RPW95tQG7y47QTqS6cNA4EQ5mBmATrG91o", ChainKomodo, KindP2PKH},
		{"LSK", "12154055877559948854L", ChainLisk, KindAccount},
		{"SC", "27f405bf5c5caf0db56316b76dfc3067846cffcf8f2ffda5d5f754114ec1db35b3f6310fb25b", ChainSiacoin, KindAccount},
		{"STRAT", "SNwdHP6Qpkk6exSAqMG4GdTRkQRAu28SSS", ChainStratis, KindP2PKH},
		{"STRAX", "SNwdHP6Qpkk6exSAqMG4GdTRkQRAu28SSS", ChainStratis, KindP2PKH},
		{"IOST", "binanceiost", ChainIOST, KindAccount},
		{"XVG", "vg1qujpe553lzgyg95g7k0w6zwscuy0ae022h4q4zg", ChainVerge, KindP2WPKH},
	} {
		a, err := ParseListed(tc.ticker, tc.value)
		if err != nil || a.Chain != tc.chain || a.Kind != tc.kind {
			t.Errorf("ParseListed(%s, %s) = %s %s, %v; want %s %s", tc.ticker, tc.value, a.Chain, a.Kind, err, tc.chain, tc.kind)
		}
		if tc.chain != ChainIOST {
			if p, err := Parse(tc.value); err != nil || p.Key != a.Key || !p.ValidOn(tc.chain) {
				t.Errorf("Parse(%s) = %s (also %v) key %x, %v; want valid on %s with key %x", tc.value, p.Chain, p.AlsoValidOn, p.Key, err, tc.chain, a.Key)
			}
		}
	}
}

// DigiByte "D…" is Dogecoin's (and Verge's) P2PKH version: one text, one key, three
// chains, so a value listed under one is SANCTIONED_OTHER_CHAIN on the others.
func TestDigiByteSharesDogecoinKeys(t *testing.T) {
	const d = "D7pCdGvzKPEtnuYnFVWtW4pTGTjD9v2Tuo"
	keys := map[Key]bool{}
	for _, c := range []Chain{ChainDogecoin, ChainVerge, ChainDigiByte} {
		a, err := ParseAs(c, d)
		if err != nil || a.Chain != c {
			t.Fatalf("ParseAs(%s, %s) = %+v, %v", c, d, a, err)
		}
		keys[a.Key] = true
	}
	if len(keys) != 1 {
		t.Errorf("%s has %d keys on Dogecoin, Verge and DigiByte, want 1", d, len(keys))
	}
	// DigiByte P2SH: "S…" (0x3f) and "3…" (0x05) of one script hash share a key, and
	// a script decoded from a DigiByte transaction gets that key.
	hash := mustHex(t, "76a04053bda0a88bda5177b86a15c3b29f559873")
	s3f, err := ParseAs(ChainDigiByte, base58.CheckEncode(hash, 0x3f))
	if err != nil {
		t.Fatal(err)
	}
	s05, err := ParseAs(ChainDigiByte, base58.CheckEncode(hash, 0x05))
	if err != nil || s05.Key != s3f.Key {
		t.Errorf("DigiByte 0x05 and 0x3f P2SH: keys %x and %x, %v", s05.Key, s3f.Key, err)
	}
	sh, err := btcutil.NewAddressScriptHashFromHash(hash, &chaincfg.MainNetParams)
	if err != nil {
		t.Fatal(err)
	}
	if a, err := FromBtcutil(sh, ChainDigiByte); err != nil || a.Key != s3f.Key || a.Chain != ChainDigiByte || a.Kind != KindP2SH {
		t.Errorf("FromBtcutil(P2SH, digibyte) = %+v, %v; want key of %s", a, err, s3f.Canonical)
	}
	pkh, _ := btcutil.NewAddressPubKeyHash(hash, &chaincfg.MainNetParams)
	// Stratis P2PKH from a script: the version of the live chain (Strax, "X…").
	if a, err := FromBtcutil(pkh, ChainStratis); err != nil || a.Kind != KindP2PKH || !strings.HasPrefix(a.Canonical, "X") {
		t.Errorf("FromBtcutil(P2PKH, stratis) = %+v, %v; want a Strax \"X…\" P2PKH", a, err)
	}
}

func TestStellarMuxedKeysAsBase(t *testing.T) {
	const base = "GA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJVSGZ" // js-stellar-base strkey tests
	b, err := Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []string{
		"MA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJVAAAAAAAAAAAAAJLK",
		"MA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJUAAAAAAAAAAAACJUQ",
	} {
		a, err := Parse(m)
		if err != nil || a.Kind != KindMuxed || a.Key != b.Key || a.Canonical != m {
			t.Errorf("Parse(%s) = %+v, %v; want a muxed account with the key of %s", m, a, err, base)
		}
		if id, ok := StellarAccountID(a); !ok || id != base {
			t.Errorf("StellarAccountID(%s) = %s, %v; want %s", m, id, ok, base)
		}
	}
	if _, ok := StellarAccountID(Address{Chain: ChainSolana, Key: b.Key}); ok {
		t.Error("StellarAccountID of a Solana address")
	}
	if _, err := ParseAs(ChainStellar, strings.ToLower(base)); err == nil {
		t.Error("lower-case account id accepted")
	}
}

func TestCardanoForms(t *testing.T) {
	const up = "ADDR1QXNV5U3VRX2T37H3U27QD5UKGCJMRL4F8MU9F5SZA3H20CXSFJH80UN9KVLGGFCDW8FP5KQP9TZTQNEE9MSD0QSAFHDSYQCLVK"
	a, err := Parse(up)
	if err != nil || a.Chain != ChainCardano || a.Canonical != strings.ToLower(up) {
		t.Fatalf("Parse(%s) = %+v, %v", up, a, err)
	}
	if b, err := Parse(a.Canonical); err != nil || b.Key != a.Key {
		t.Errorf("lower-case form: key %x, %v; want %x", b.Key, err, a.Key)
	}
	// A Byron address with a network-magic attribute belongs to a test network; one
	// with a changed CRC does not verify.
	root := make([]byte, cardanoCredLen)
	payload := append([]byte{0x83, 0x58, 0x1c}, root...)
	payload = append(payload, 0xa1, 0x02, 0x45, 0x1a, 0x2d, 0x96, 0x4a, 0x09, 0x00) // {2: bytes(CBOR uint32 764824073)}, type 0
	byron := func(payload []byte, crc uint32) string {
		b := append([]byte{0x82, 0xd8, 0x18, 0x58, byte(len(payload))}, payload...)
		b = append(b, 0x1a)
		b = binary.BigEndian.AppendUint32(b, crc)
		return base58.Encode(b)
	}
	good := crc32.ChecksumIEEE(payload)
	if _, err := Parse(byron(payload, good)); !errors.Is(err, ErrNetwork) {
		t.Errorf("Byron address with network magic: %v, want ErrNetwork", err)
	}
	if _, err := ParseAs(ChainCardano, byron(payload, good+1)); !errors.Is(err, ErrChecksum) {
		t.Errorf("Byron address with a bad CRC: %v, want ErrChecksum", err)
	}
	mainnet := append(append([]byte{0x83, 0x58, 0x1c}, root...), 0xa0, 0x00)
	if a, err := Parse(byron(mainnet, crc32.ChecksumIEEE(mainnet))); err != nil || a.Kind != KindByron {
		t.Errorf("mainnet Byron address: %+v, %v", a, err)
	}
}

func TestLiskSiaIOSTRules(t *testing.T) {
	for in, want := range map[string]error{
		"18446744073709551615L": nil,
		"0L":                    nil,
		"18446744073709551616L": ErrInvalid,
		"01215405587755994885L": ErrInvalid, // leading zero
		"12154055877559948854l": ErrUnknownFormat,
		"12154055877559948854":  ErrUnknownFormat, // an exchange user id, not a Lisk id
	} {
		_, err := ParseAs(ChainLisk, in)
		if (want == nil) != (err == nil) || (want != nil && !errors.Is(err, want)) {
			t.Errorf("ParseAs(lisk, %s): %v, want %v", in, err, want)
		}
	}
	const sc = "27f405bf5c5caf0db56316b76dfc3067846cffcf8f2ffda5d5f754114ec1db35b3f6310fb25b"
	lo, err := Parse(sc)
	up, err2 := Parse(strings.ToUpper(sc))
	if err != nil || err2 != nil || up.Key != lo.Key || up.Canonical != sc {
		t.Errorf("Sia upper case: %+v, %v, %v", up, err, err2)
	}
	if a, err := Parse("binanceiost"); err == nil && a.Chain == ChainIOST {
		t.Error("Parse detected an IOST name")
	}
	for _, bad := range []string{"bina", "binanceiost1", "Binanceiost", "binance.io"} {
		if _, err := ParseAs(ChainIOST, bad); !errors.Is(err, ErrInvalid) {
			t.Errorf("ParseAs(iost, %s): %v, want ErrInvalid", bad, err)
		}
	}
}

// Verge bech32: the human-readable part "vg" of Verge Core's mainnet chain parameters
// (vergecurrency/verge src/chainparams.cpp: bech32_hrp = "vg"; testnet "vt"). The
// vector is the P2WPKH address of secp256k1's generator (private key 1), built by
// testdata/verge_vector.py with BIP-173's reference algorithm.
func TestVergeBech32(t *testing.T) {
	const (
		vg   = "vg1qw508d6qejxtdg4y5r3zarvary0c5xw7k5pjkuc"
		prog = "751e76e8199196d454941c45d1b3a323f1433bd6"
	)
	for _, in := range []string{vg, strings.ToUpper(vg)} {
		a, err := Parse(in)
		if err != nil || a.Chain != ChainVerge || a.Kind != KindP2WPKH || a.Canonical != vg ||
			a.Key != segwitKey("vg", 0, mustHex(t, prog)) {
			t.Errorf("Parse(%s) = %+v, %v", in, a, err)
		}
	}
	if a, err := ParseListed("XVG", vg); err != nil || a.Chain != ChainVerge {
		t.Errorf("ParseListed(XVG, %s) = %+v, %v", vg, a, err)
	}
	// A key decoded from a Verge transaction's witness program gets the same key.
	w, err := btcutil.NewAddressWitnessPubKeyHash(mustHex(t, prog), &chaincfg.MainNetParams)
	if err != nil {
		t.Fatal(err)
	}
	if a, err := FromBtcutil(w, ChainVerge); err != nil || a.Canonical != vg {
		t.Errorf("FromBtcutil(P2WPKH, verge) = %+v, %v; want %s", a, err, vg)
	}
	// A different character fails the checksum; the testnet hrp is another network.
	if _, err := Parse(vg[:len(vg)-1] + "d"); !errors.Is(err, ErrChecksum) {
		t.Errorf("altered checksum: %v, want ErrChecksum", err)
	}
	if _, err := ParseAs(ChainDogecoin, vg); !errors.Is(err, ErrWrongChain) {
		t.Errorf("ParseAs(dogecoin, %s): %v, want ErrWrongChain", vg, err)
	}
}

// Lisk32 (LIP 0018) and the legacy id of one account share a key. The vector is the
// devnet genesis account of LiskHQ/lisk-desktop's test fixtures: public key
// 0fe9a3f1…c86a, address lskdxc4ta5j43jp9ro3f8zqbxta9fn6jwzjucw7yt. Its legacy id is
// the first 8 bytes of SHA-256(public key), reversed, as a decimal integer.
func TestLisk32MatchesLegacyID(t *testing.T) {
	const lsk = "lskdxc4ta5j43jp9ro3f8zqbxta9fn6jwzjucw7yt"
	pub := mustHex(t, "0fe9a3f1a21b5530f27f87a414b549e79a940bf24fdf2b2f05e7f22aeeecc86a")
	h := sha256.Sum256(pub)
	var rev [8]byte
	for i := range rev {
		rev[i] = h[7-i]
	}
	legacy := strconv.FormatUint(binary.BigEndian.Uint64(rev[:]), 10) + "L"
	a, err := ParseListed("LSK", lsk)
	if err != nil || a.Chain != ChainLisk || a.Canonical != lsk {
		t.Fatalf("ParseListed(LSK, %s) = %+v, %v", lsk, a, err)
	}
	b, err := Parse(legacy)
	if err != nil || b.Key != a.Key {
		t.Errorf("legacy id %s: key %x, %v; want the key %x of %s", legacy, b.Key, err, a.Key, lsk)
	}
	for i := 3; i < len(lsk); i++ { // every single-character change fails the checksum
		c := byte('z')
		if lsk[i] == 'z' {
			c = 'x'
		}
		bad := lsk[:i] + string(c) + lsk[i+1:]
		if _, err := Parse(bad); !errors.Is(err, ErrChecksum) {
			t.Fatalf("Parse(%s): %v, want ErrChecksum", bad, err)
		}
	}
	if _, err := ParseAs(ChainLisk, "lskdxc4ta5j43jp9ro3f8zqbxta9fn6jwzjucw7yl"); !errors.Is(err, ErrInvalid) {
		t.Errorf("character outside the Lisk32 alphabet: %v, want ErrInvalid", err)
	}
}
