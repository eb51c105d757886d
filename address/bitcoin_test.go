package address

import (
	"bytes"
	"encoding/hex"
	"errors"
	"math/rand"
	"strings"
	"testing"

	"github.com/btcsuite/btcd/btcutil"
	"github.com/btcsuite/btcd/btcutil/base58"
	"github.com/btcsuite/btcd/chaincfg"
)

// mustHex decodes a hex string or fails the test.
func mustHex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// btcAlphabet is the base58 alphabet of Bitcoin.
const btcAlphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"

// btcChangeChar replaces the character at i by the next one of alphabet.
func btcChangeChar(s string, i int, alphabet string) string {
	b := []byte(s)
	lower := false
	if c := b[i]; 'A' <= c && c <= 'Z' && !strings.ContainsRune(alphabet, rune(c)) {
		b[i] = c - 'A' + 'a' // bech32 upper case
		lower = true
	}
	j := strings.IndexByte(alphabet, b[i])
	b[i] = alphabet[(j+1)%len(alphabet)]
	if lower {
		b[i] = strings.ToUpper(string(b[i]))[0]
	}
	return string(b)
}

// checkParsed checks the invariants of a successful parse.
func checkParsed(t *testing.T, a Address, chain Chain) {
	t.Helper()
	if a.Chain != chain {
		t.Errorf("%s: Chain = %s, want %s", a.Input, a.Chain, chain)
	}
	if a.Key == "" || a.Canonical == "" || a.Kind == "" {
		t.Errorf("%s: incomplete %+v", a.Input, a)
	}
	b, err := ParseAs(chain, a.Canonical)
	if err != nil || b.Key != a.Key {
		t.Errorf("%s: canonical %s re-parses to %x, %v; want key %x", a.Input, a.Canonical, b.Key, err, a.Key)
	}
}

// Every Bitcoin-family value of the 2025-11-19 list parses with its chain and without.
func TestParseBitcoinFamilyListed(t *testing.T) {
	tickers := []struct {
		ticker string
		chain  Chain
	}{
		{"XBT", ChainBitcoin}, {"LTC", ChainLitecoin}, {"BCH", ChainBitcoinCash},
		{"BSV", ChainBitcoinSV}, {"BTG", ChainBitcoinGold}, {"DASH", ChainDash},
		{"XVG", ChainVerge}, {"ZEC", ChainZcash},
	}
	kinds := map[Kind]int{}
	for _, tc := range tickers {
		for _, v := range listedValues(t, tc.ticker) {
			if tc.ticker == "XBT" && strings.HasPrefix(v, "T") {
				// The Tron address filed under XBT.
				if _, err := ParseAs(ChainBitcoin, v); !errors.Is(err, ErrWrongChain) {
					t.Errorf("ParseAs(bitcoin, %s): %v, want ErrWrongChain", v, err)
				}
				if a, err := ParseListed("XBT", v); err != nil || a.Chain != ChainTron {
					t.Errorf("ParseListed(XBT, %s) = %+v, %v; want tron", v, a, err)
				}
				continue
			}
			a, err := ParseAs(tc.chain, v)
			if err != nil {
				t.Errorf("ParseAs(%s, %s): %v", tc.chain, v, err)
				continue
			}
			checkParsed(t, a, tc.chain)
			kinds[a.Kind]++
			p, err := Parse(v)
			if err != nil {
				t.Errorf("Parse(%s): %v", v, err)
				continue
			}
			if p.Key != a.Key || !p.ValidOn(tc.chain) {
				t.Errorf("Parse(%s) = %+v, want key %x valid on %s", v, p, a.Key, tc.chain)
			}
			if l, err := ParseListed(tc.ticker, v); err != nil || l.Key != a.Key || l.Chain != tc.chain {
				t.Errorf("ParseListed(%s, %s) = %+v, %v", tc.ticker, v, l, err)
			}
			if tc.chain == ChainBitcoinCash && !strings.HasPrefix(a.Canonical, "bitcoincash:q") {
				t.Errorf("ParseAs(bitcoin-cash, %s).Canonical = %s, want CashAddr", v, a.Canonical)
			}
		}
	}
	// The list has every kind the design names.
	for _, k := range []Kind{KindP2PKH, KindP2SH, KindP2WPKH, KindP2WSH} {
		if kinds[k] == 0 {
			t.Errorf("no listed %s address parsed", k)
		}
	}
}

// A one-character change of a listed address is a checksum error, never a valid
// address; changing the case of a base58 letter is never valid either.
func TestListedCorrupted(t *testing.T) {
	for _, ticker := range []string{"XBT", "LTC", "BCH", "BSV", "BTG", "DASH", "XVG", "ZEC"} {
		for _, v := range listedValues(t, ticker) {
			if strings.HasPrefix(v, "T") {
				continue
			}
			a, err := Parse(v)
			if err != nil {
				t.Fatalf("Parse(%s): %v", v, err)
			}
			alphabet := btcAlphabet
			if a.Kind == KindP2WPKH || a.Kind == KindP2WSH || a.Kind == KindP2TR || strings.HasPrefix(a.Canonical, "bitcoincash:") {
				alphabet = cashAddrCharset
			}
			start := len(v) / 2
			if i := strings.LastIndexAny(v, ":1"); alphabet == cashAddrCharset && i >= start {
				start = i + 1
			}
			for i := start; i < len(v); i++ {
				bad := btcChangeChar(v, i, alphabet)
				if _, err := Parse(bad); !errors.Is(err, ErrChecksum) {
					t.Errorf("Parse(%s) (changed at %d): %v, want ErrChecksum", bad, i, err)
				}
			}
			if alphabet != btcAlphabet {
				continue
			}
			for i := 0; i < len(v); i++ {
				c := v[i]
				var f byte
				switch {
				case 'a' <= c && c <= 'z':
					f = c - 'a' + 'A'
				case 'A' <= c && c <= 'Z':
					f = c - 'A' + 'a'
				default:
					continue
				}
				bad := v[:i] + string(f) + v[i+1:]
				if b, err := Parse(bad); err == nil {
					t.Errorf("Parse(%s) (case changed at %d) = %+v, want an error", bad, i, b)
				}
			}
		}
	}
}

// BIP-173 and BIP-350 valid segwit addresses: mainnet ones parse, test-network ones are
// ErrNetwork.
func TestSegwitBIPValid(t *testing.T) {
	tests := []struct {
		addr    string
		kind    Kind
		version byte
		program string
		err     error
	}{
		{"BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", KindP2WPKH, 0, "751e76e8199196d454941c45d1b3a323f1433bd6", nil},
		{"tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7", "", 0, "", ErrNetwork},
		{"bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y", KindWitness, 1,
			"751e76e8199196d454941c45d1b3a323f1433bd6751e76e8199196d454941c45d1b3a323f1433bd6", nil},
		{"BC1SW50QGDZ25J", KindWitness, 16, "751e", nil},
		{"bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs", KindWitness, 2, "751e76e8199196d454941c45d1b3a323", nil},
		{"tb1qqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesrxh6hy", "", 0, "", ErrNetwork},
		{"tb1pqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesf3hn0c", "", 0, "", ErrNetwork},
		{"bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0", KindP2TR, 1,
			"79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798", nil},
	}
	for _, tc := range tests {
		a, err := Parse(tc.addr)
		if tc.err != nil {
			if !errors.Is(err, tc.err) {
				t.Errorf("Parse(%s): %v, want %v", tc.addr, err, tc.err)
			}
			if _, err := ParseAs(ChainBitcoin, tc.addr); !errors.Is(err, tc.err) {
				t.Errorf("ParseAs(bitcoin, %s): %v, want %v", tc.addr, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("Parse(%s): %v", tc.addr, err)
			continue
		}
		want := segwitKey("bc", tc.version, mustHex(t, tc.program))
		if a.Chain != ChainBitcoin || a.Kind != tc.kind || a.Key != want || a.Canonical != strings.ToLower(tc.addr) {
			t.Errorf("Parse(%s) = %+v, want %s key %x", tc.addr, a, tc.kind, want)
		}
		checkParsed(t, a, ChainBitcoin)
	}
}

// BIP-173 and BIP-350 invalid segwit addresses, with the sentinel each must wrap.
func TestSegwitBIPInvalid(t *testing.T) {
	tests := []struct {
		addr string
		err  error
	}{
		// BIP-350.
		{"tc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq5zuyut", ErrUnknownFormat}, // invalid hrp
		{"bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd", ErrChecksum},      // bech32 instead of bech32m
		{"tb1z0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqglt7rf", ErrChecksum},      // bech32 instead of bech32m
		{"BC1S0XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ54WELL", ErrChecksum},      // bech32 instead of bech32m
		{"bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh", ErrChecksum},                          // bech32m instead of bech32
		{"tb1q0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq24jc47", ErrChecksum},      // bech32m instead of bech32
		{"bc1p38j9r5y49hruaue7wxjce0updqjuyyx0kh56v8s25huc6995vvpql3jow4", ErrInvalid},       // 'o' in data
		{"BC130XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ7ZWS8R", ErrInvalid},       // witness version 17
		{"bc1pw5dgrnzv", ErrInvalid}, // 1-byte program
		{"bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v8n0nx0muaewav253zgeav", ErrInvalid}, // 41-byte program
		{"BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P", ErrInvalid},                                         // v0 16-byte program
		{"tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq47Zagq", ErrInvalid},               // mixed case
		{"bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v07qwwzcrf", ErrInvalid},             // >4 bits of padding
		{"tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vpggkg4j", ErrInvalid},               // non-zero padding
		{"bc1gmk9yu", ErrInvalid}, // empty data
		// BIP-173.
		{"tc1qw508d6qejxtdg4y5r3zarvary0c5xw7kg3g4ty", ErrUnknownFormat}, // invalid hrp
		{"bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5", ErrChecksum},
		{"BC13W508D6QEJXTDG4Y5R3ZARVARY0C5XW7KN40WF2", ErrInvalid}, // witness version 19
		{"bc1rw5uspcuh", ErrInvalid},                               // 1-byte program
		{"bc10w508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kw5rljs90", ErrInvalid},
		{"tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sL5k7", ErrInvalid}, // mixed case
		{"bc1zw508d6qejxtdg4y5r3zarvaryvqyzf3du", ErrInvalid},                          // >4 bits of padding
		{"tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3pjxtptv", ErrInvalid}, // non-zero padding
	}
	for _, tc := range tests {
		a, err := Parse(tc.addr)
		if err == nil {
			t.Errorf("Parse(%s) = %+v, want %v", tc.addr, a, tc.err)
			continue
		}
		if !errors.Is(err, tc.err) {
			t.Errorf("Parse(%s): %v, want %v", tc.addr, err, tc.err)
		}
		if a.Key != "" {
			t.Errorf("Parse(%s): error with key %x", tc.addr, a.Key)
		}
		if _, err := ParseAs(ChainBitcoin, tc.addr); err == nil {
			t.Errorf("ParseAs(bitcoin, %s) succeeded", tc.addr)
		}
	}
}

// Upper-case bech32 (QR codes) is the same address.
func TestSegwitUpperCase(t *testing.T) {
	for _, v := range listedValues(t, "XBT") {
		if !strings.HasPrefix(v, "bc1") {
			continue
		}
		a, err := Parse(v)
		if err != nil {
			t.Fatal(err)
		}
		u, err := ParseAs(ChainBitcoin, strings.ToUpper(v))
		if err != nil || u.Key != a.Key || u.Canonical != v {
			t.Errorf("ParseAs(bitcoin, %s) = %+v, %v; want key %x", strings.ToUpper(v), u, err, a.Key)
		}
		mixed := "BC1" + v[3:]
		if _, err := Parse(mixed); !errors.Is(err, ErrInvalid) {
			t.Errorf("Parse(%s): %v, want ErrInvalid", mixed, err)
		}
	}
}

func TestSegwitChains(t *testing.T) {
	prog := mustHex(t, "751e76e8199196d454941c45d1b3a323f1433bd6")
	for _, tc := range []struct {
		hrp   string
		chain Chain
	}{{"bc", ChainBitcoin}, {"ltc", ChainLitecoin}, {"btg", ChainBitcoinGold}} {
		s := mustSegwit(t, tc.hrp, prog)
		a, err := Parse(s)
		if err != nil || a.Chain != tc.chain || a.Kind != KindP2WPKH || a.Key != segwitKey(tc.hrp, 0, prog) {
			t.Errorf("Parse(%s) = %+v, %v", s, a, err)
		}
		other := ChainBitcoin
		if tc.chain == ChainBitcoin {
			other = ChainLitecoin
		}
		if _, err := ParseAs(other, s); !errors.Is(err, ErrWrongChain) {
			t.Errorf("ParseAs(%s, %s): %v, want ErrWrongChain", other, s, err)
		}
		for _, c := range []Chain{ChainBitcoinCash, ChainBitcoinSV, ChainDogecoin} {
			if _, err := ParseAs(c, s); !errors.Is(err, ErrWrongChain) {
				t.Errorf("ParseAs(%s, %s): %v, want ErrWrongChain", c, s, err)
			}
		}
	}
	for _, hrp := range []string{"tb", "bcrt", "tltc", "rltc", "tbtg"} {
		s := mustSegwit(t, hrp, prog)
		if _, err := Parse(s); !errors.Is(err, ErrNetwork) {
			t.Errorf("Parse(%s): %v, want ErrNetwork", s, err)
		}
	}
	// The same program under two hrps is two keys.
	if segwitKey("bc", 0, prog) == segwitKey("ltc", 0, prog) {
		t.Error("bc and ltc keys collide")
	}
}

// mustSegwit encodes a P2WPKH address with btcutil's codec.
func mustSegwit(t testing.TB, hrp string, program []byte) string {
	t.Helper()
	a, err := btcutil.NewAddressWitnessPubKeyHash(program, &chaincfg.Params{Bech32HRPSegwit: hrp})
	if err != nil {
		t.Fatal(err)
	}
	return a.EncodeAddress()
}

func TestBase58Versions(t *testing.T) {
	hash := mustHex(t, "76a04053bda0a88bda5177b86a15c3b29f559873")
	tests := []struct {
		version byte
		chain   Chain
		also    []Chain
		kind    Kind
	}{
		{0x00, ChainBitcoin, []Chain{ChainBitcoinCash, ChainBitcoinSV}, KindP2PKH},
		{0x05, ChainBitcoin, []Chain{ChainBitcoinCash, ChainBitcoinSV, ChainLitecoin, ChainDigiByte}, KindP2SH},
		{0x30, ChainLitecoin, nil, KindP2PKH},
		{0x32, ChainLitecoin, nil, KindP2SH},
		{0x1e, ChainDogecoin, []Chain{ChainVerge, ChainDigiByte}, KindP2PKH},
		{0x16, ChainDogecoin, nil, KindP2SH},
		{0x21, ChainVerge, nil, KindP2SH},
		{0x4c, ChainDash, nil, KindP2PKH},
		{0x10, ChainDash, nil, KindP2SH},
		{0x26, ChainBitcoinGold, nil, KindP2PKH},
		{0x17, ChainBitcoinGold, nil, KindP2SH},
		{0x3f, ChainDigiByte, []Chain{ChainStratis}, KindP2SH}, // Stratis P2PKH
		{0x3c, ChainKomodo, nil, KindP2PKH},
		{0x55, ChainKomodo, nil, KindP2SH},
		{0x7d, ChainStratis, nil, KindP2SH},
		{0x4b, ChainStratis, nil, KindP2PKH},
		{0x8c, ChainStratis, nil, KindP2SH},
	}
	keys := map[Key]byte{}
	for _, tc := range tests {
		s := base58.CheckEncode(hash, tc.version)
		a, err := Parse(s)
		if err != nil {
			t.Errorf("Parse(%s): %v", s, err)
			continue
		}
		want := base58HashKey([]byte{tc.version}, hash)
		if a.Chain != tc.chain || a.Kind != tc.kind || a.Key != want || a.Canonical != s ||
			strings.Join(chainNames(a.AlsoValidOn), ",") != strings.Join(chainNames(tc.also), ",") {
			t.Errorf("Parse(%s) = %+v, want %s %s also %v", s, a, tc.chain, tc.kind, tc.also)
		}
		// Only the two P2SH encodings of Litecoin (legacy 0x05 "3…" and 0x32 "M…") and
		// DigiByte (0x05 and 0x3f "S…") share a key.
		if prev, dup := keys[a.Key]; dup && !((prev == 0x05 || prev == 0x32) && (tc.version == 0x32 || tc.version == 0x3f)) {
			t.Errorf("versions 0x%02x and 0x%02x share a key", prev, tc.version)
		}
		keys[a.Key] = tc.version
		// With a hint, Chain is the hint and the detected chain moves to AlsoValidOn.
		for _, c := range append([]Chain{tc.chain}, tc.also...) {
			h, err := ParseAs(c, s)
			if err != nil || h.Chain != c || h.Key != want || len(h.AlsoValidOn) != len(tc.also) || !h.ValidOn(c) {
				t.Errorf("ParseAs(%s, %s) = %+v, %v", c, s, h, err)
			}
			if !h.ValidOn(tc.chain) {
				t.Errorf("ParseAs(%s, %s) not valid on %s", c, s, tc.chain)
			}
		}
		for _, c := range []Chain{ChainBitcoin, ChainLitecoin, ChainDash, ChainZcash, ChainTron, ChainEVM} {
			if a.ValidOn(c) {
				continue
			}
			if _, err := ParseAs(c, s); !errors.Is(err, ErrWrongChain) && !(tc.version == 0x8c && c == ChainDash && errors.Is(err, ErrNetwork)) {
				t.Errorf("ParseAs(%s, %s): %v, want ErrWrongChain", c, s, err)
			}
		}
	}
	// Test networks.
	for _, v := range []byte{0x6f, 0xc4, 0x3a, 0x71, 0x13, 0x7e} {
		s := base58.CheckEncode(hash, v)
		if _, err := Parse(s); !errors.Is(err, ErrNetwork) {
			t.Errorf("Parse(%s) (version 0x%02x): %v, want ErrNetwork", s, v, err)
		}
	}
	// 0x8c is Strax mainnet P2SH and the test-network version of Dash P2PKH and
	// DigiByte P2SH: named as one of those chains, it is a test-network address.
	for _, c := range []Chain{ChainDash, ChainDigiByte} {
		s := base58.CheckEncode(hash, 0x8c)
		if _, err := ParseAs(c, s); !errors.Is(err, ErrNetwork) {
			t.Errorf("ParseAs(%s, %s): %v, want ErrNetwork", c, s, err)
		}
	}
	if a, err := ParseAs(ChainStratis, base58.CheckEncode(hash, 0x3f)); err != nil || a.Kind != KindP2PKH {
		t.Errorf("ParseAs(stratis, 0x3f) = %+v, %v; want a Stratis P2PKH", a, err)
	}
	for _, s := range []string{"mipcBbFg9gMiCh81Kj8tqqdgoZub1ZJRfn", "2MzQwSSnBHWHqSAqtTVQ6v47XtaisrJa1Vc"} {
		if _, err := ParseAs(ChainBitcoin, s); !errors.Is(err, ErrNetwork) {
			t.Errorf("ParseAs(bitcoin, %s): %v, want ErrNetwork", s, err)
		}
	}
	// Unknown versions and other payload lengths are not claimed.
	for _, s := range []string{
		base58.CheckEncode(hash, 0x99),
		base58.CheckEncode(append([]byte{1}, hash...), 0x00), // 21 bytes
		base58.CheckEncode(hash[:19], 0x00),                  // 19 bytes
	} {
		if a, err := ParseAs(ChainBitcoin, s); err == nil {
			t.Errorf("ParseAs(bitcoin, %s) = %+v, want an error", s, a)
		}
		if _, err := parseBase58Check(s, ChainUnknown); !errors.Is(err, ErrUnknownFormat) {
			t.Errorf("parseBase58Check(%s): %v, want ErrUnknownFormat", s, err)
		}
	}
	// Tron (0x41) is left to the Tron family.
	tron := base58.CheckEncode(hash, 0x41)
	if _, err := parseBase58Check(tron, ChainUnknown); !errors.Is(err, ErrUnknownFormat) {
		t.Errorf("parseBase58Check(%s): %v, want ErrUnknownFormat", tron, err)
	}
	if _, err := ParseAs(ChainBitcoin, tron); !errors.Is(err, ErrWrongChain) {
		t.Errorf("ParseAs(bitcoin, %s): %v, want ErrWrongChain", tron, err)
	}
}

func chainNames(cs []Chain) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = string(c)
	}
	return out
}

// A raw public key (hex) is not an address, whatever the hint.
func TestRawPubKeyIsNotAddress(t *testing.T) {
	for _, s := range []string{
		"0279BE667EF9DCBBAC55A06295CE870B07029BFCDB2DCE28D959F2815B16F81798",
		"0479be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8",
	} {
		for _, c := range []Chain{ChainUnknown, ChainBitcoin, ChainBitcoinCash, ChainBitcoinSV, ChainLitecoin, ChainDogecoin} {
			if a, err := ParseAs(c, s); err == nil {
				t.Errorf("ParseAs(%q, %s) = %+v, want an error", c, s, a)
			}
		}
	}
}

// Random payloads encoded by btcutil parse to distinct keys and round-trip.
func TestNoFalsePositives(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	params := &chaincfg.MainNetParams
	keys := map[Key]string{}
	for i := 0; i < 3000; i++ {
		h20 := make([]byte, 20)
		h32 := make([]byte, 32)
		rng.Read(h20)
		rng.Read(h32)
		var addrs []btcutil.Address
		if a, err := btcutil.NewAddressPubKeyHash(h20, params); err == nil {
			addrs = append(addrs, a)
		}
		if a, err := btcutil.NewAddressScriptHashFromHash(h20, params); err == nil {
			addrs = append(addrs, a)
		}
		if a, err := btcutil.NewAddressWitnessPubKeyHash(h20, params); err == nil {
			addrs = append(addrs, a)
		}
		if a, err := btcutil.NewAddressWitnessScriptHash(h32, params); err == nil {
			addrs = append(addrs, a)
		}
		if a, err := btcutil.NewAddressTaproot(h32, params); err == nil {
			addrs = append(addrs, a)
		}
		if len(addrs) != 5 {
			t.Fatalf("btcutil encoders failed for %x %x", h20, h32)
		}
		for _, ba := range addrs {
			s := ba.EncodeAddress()
			a, err := ParseAs(ChainBitcoin, s)
			if err != nil {
				t.Fatalf("ParseAs(bitcoin, %s): %v", s, err)
			}
			if a.Canonical != s {
				t.Fatalf("ParseAs(bitcoin, %s).Canonical = %s", s, a.Canonical)
			}
			if prev, dup := keys[a.Key]; dup {
				t.Fatalf("%s and %s share key %x", prev, s, a.Key)
			}
			keys[a.Key] = s
			if !bytes.HasSuffix([]byte(a.Key), ba.ScriptAddress()) {
				t.Fatalf("key %x of %s does not end with its hash", a.Key, s)
			}
			f, err := FromBtcutil(ba, ChainBitcoin)
			if err != nil || f.Key != a.Key || f.Canonical != s || f.Kind != a.Kind {
				t.Fatalf("FromBtcutil(%s) = %+v, %v; want %+v", s, f, err, a)
			}
		}
	}
}

func TestFromBtcutil(t *testing.T) {
	// Every listed XBT address decoded by btcutil converts to the parsed key.
	n := 0
	for _, v := range listedValues(t, "XBT") {
		if strings.HasPrefix(v, "T") {
			continue
		}
		ba, err := btcutil.DecodeAddress(v, &chaincfg.MainNetParams)
		if err != nil {
			t.Fatalf("btcutil.DecodeAddress(%s): %v", v, err)
		}
		p, err := Parse(v)
		if err != nil {
			t.Fatal(err)
		}
		a, err := FromBtcutil(ba, ChainBitcoin)
		if err != nil || a.Key != p.Key || a.Canonical != p.Canonical || a.Kind != p.Kind || a.Chain != ChainBitcoin {
			t.Errorf("FromBtcutil(%s) = %+v, %v; want %+v", v, a, err, p)
		}
		n++
	}
	if n < 100 {
		t.Fatalf("only %d XBT addresses", n)
	}

	// A public key is converted to its P2PKH address (G, private key 1).
	pub := mustHex(t, "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798")
	pk, err := btcutil.NewAddressPubKey(pub, &chaincfg.MainNetParams)
	if err != nil {
		t.Fatal(err)
	}
	a, err := FromBtcutil(pk, ChainBitcoin)
	p, _ := Parse("1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMH")
	if err != nil || a.Key != p.Key || a.Kind != KindP2PKH {
		t.Errorf("FromBtcutil(pubkey) = %+v, %v; want %+v", a, err, p)
	}

	// Test-network parameters: the key is that of chain c's mainnet.
	hash := mustHex(t, "76a04053bda0a88bda5177b86a15c3b29f559873")
	tn, _ := btcutil.NewAddressPubKeyHash(hash, &chaincfg.TestNet3Params)
	a, err = FromBtcutil(tn, ChainBitcoin)
	if err != nil || a.Canonical != "1BpEi6DfDAUFd7GtittLSdBeYJvcoaVggu" {
		t.Errorf("FromBtcutil(testnet P2PKH, bitcoin) = %+v, %v", a, err)
	}
	// Bitcoin Cash: CashAddr canonical text, legacy key.
	a, err = FromBtcutil(tn, ChainBitcoinCash)
	if err != nil || a.Canonical != "bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a" ||
		a.Key != base58HashKey([]byte{0}, hash) || a.Chain != ChainBitcoinCash {
		t.Errorf("FromBtcutil(P2PKH, bitcoin-cash) = %+v, %v", a, err)
	}
	// Litecoin P2PKH and both Litecoin P2SH versions.
	for _, tc := range []struct {
		addr btcutil.Address
		c    Chain
		want string
	}{
		{tn, ChainLitecoin, base58.CheckEncode(hash, 0x30)},
		{mustP2SH(t, hash, 0x05), ChainLitecoin, base58.CheckEncode(hash, 0x05)},
		{mustP2SH(t, hash, 0xc4), ChainLitecoin, base58.CheckEncode(hash, 0x32)},
		{tn, ChainDogecoin, base58.CheckEncode(hash, 0x1e)},
		{tn, ChainVerge, base58.CheckEncode(hash, 0x1e)},
		{mustP2SH(t, hash, 0x05), ChainVerge, base58.CheckEncode(hash, 0x21)},
		{tn, ChainDash, base58.CheckEncode(hash, 0x4c)},
		{tn, ChainBitcoinGold, base58.CheckEncode(hash, 0x26)},
		{tn, ChainBitcoinSV, "1BpEi6DfDAUFd7GtittLSdBeYJvcoaVggu"},
		{tn, ChainZcash, encodeBase58Check(zcashP2PKH[:], hash)},
	} {
		a, err := FromBtcutil(tc.addr, tc.c)
		p, perr := ParseAs(tc.c, tc.want)
		if err != nil || perr != nil || a.Key != p.Key || a.Canonical != tc.want || a.Chain != tc.c {
			t.Errorf("FromBtcutil(%s, %s) = %+v, %v; want %s (%v)", tc.addr, tc.c, a, err, tc.want, perr)
		}
	}
	// Segwit: the hrp of chain c; chains without segwit are ErrWrongChain.
	w, _ := btcutil.NewAddressWitnessPubKeyHash(hash, &chaincfg.TestNet3Params)
	a, err = FromBtcutil(w, ChainLitecoin)
	if err != nil || a.Key != segwitKey("ltc", 0, hash) || a.Chain != ChainLitecoin || !strings.HasPrefix(a.Canonical, "ltc1q") {
		t.Errorf("FromBtcutil(p2wpkh, litecoin) = %+v, %v", a, err)
	}
	for _, c := range []Chain{ChainBitcoinCash, ChainBitcoinSV, ChainDogecoin, ChainZcash} {
		if _, err := FromBtcutil(w, c); !errors.Is(err, ErrWrongChain) {
			t.Errorf("FromBtcutil(p2wpkh, %s): %v, want ErrWrongChain", c, err)
		}
	}
	if _, err := FromBtcutil(w, ChainEVM); !errors.Is(err, ErrUnsupportedChain) {
		t.Errorf("FromBtcutil(p2wpkh, evm): %v, want ErrUnsupportedChain", err)
	}
	if _, err := FromBtcutil(nil, ChainBitcoin); !errors.Is(err, ErrEmpty) {
		t.Errorf("FromBtcutil(nil): %v, want ErrEmpty", err)
	}
	// Pay-to-anchor: witness v1 with a 2-byte program.
	anchor, err := btcutil.NewAddressPayToAnchor(&chaincfg.MainNetParams)
	if err != nil {
		t.Fatal(err)
	}
	a, err = FromBtcutil(anchor, ChainBitcoin)
	if err != nil || a.Canonical != "bc1pfeessrawgf" || a.Kind != KindWitness || a.Key != segwitKey("bc", 1, []byte{0x4e, 0x73}) {
		t.Errorf("FromBtcutil(p2a) = %+v, %v", a, err)
	}
}

// mustP2SH returns a btcutil P2SH address with the given version byte.
func mustP2SH(t testing.TB, hash []byte, version byte) btcutil.Address {
	t.Helper()
	a, err := btcutil.NewAddressScriptHashFromHash(hash, &chaincfg.Params{ScriptHashAddrID: version})
	if err != nil {
		t.Fatal(err)
	}
	return a
}
