package address

import (
	"errors"
	"strings"
	"testing"

	"github.com/btcsuite/btcd/btcutil/base58"
)

func TestCleanStripsAndReports(t *testing.T) {
	const v = "0x098B716B8Aaf21512996dC57EB0615e2383E2f96" // listed (ETH, 2025-11-19b)
	for _, tc := range []struct {
		in    string
		notes []string
	}{
		{v, nil},
		{" " + v, []string{"stripped space"}},
		{"\t" + v + "\r\n", []string{"stripped tab", "stripped line break"}},
		{"\ufeff" + v + "\u200b", []string{"stripped U+FEFF", "stripped U+200B"}},
		{"\u00a0" + v + "\u2060", []string{"stripped U+00A0", "stripped U+2060"}},
	} {
		a, err := Parse(tc.in)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tc.in, err)
		}
		if a.Input != tc.in || a.Canonical != v || strings.Join(a.Normalised, "|") != strings.Join(tc.notes, "|") {
			t.Errorf("Parse(%q) = input %q canonical %q notes %q, want notes %q", tc.in, a.Input, a.Canonical, a.Normalised, tc.notes)
		}
	}
	// Never "fix" a character inside an address.
	for _, in := range []string{v[:10] + "\u200b" + v[10:], v[:10] + " " + v[10:], v[:10] + "é" + v[11:], "\xff" + v} {
		if _, err := Parse(in); !errors.Is(err, ErrInvalid) {
			t.Errorf("Parse(%q) = %v, want ErrInvalid", in, err)
		}
	}
	for _, in := range []string{"", "   ", "\u200b\ufeff"} {
		if _, err := Parse(in); !errors.Is(err, ErrEmpty) {
			t.Errorf("Parse(%q) = %v, want ErrEmpty", in, err)
		}
	}
	if _, err := Parse(strings.Repeat("1", MaxInputLen+1)); !errors.Is(err, ErrInvalid) {
		t.Errorf("over-long input: %v", err)
	}
}

func TestParseErrorsAreTyped(t *testing.T) {
	for _, tc := range []struct {
		chain Chain
		in    string
		want  error
	}{
		{"", "hello world", ErrInvalid},
		{"", "hello", ErrUnknownFormat},
		{ChainLitecoin, "TUCsTq7TofTCJRRoHk6RvhMoS2mJLm5Yzq", ErrWrongChain}, // a Tron address
		{ChainBitcoin, "0x098B716B8Aaf21512996dC57EB0615e2383E2f96", ErrWrongChain},
		{Chain("dogecoin-classic"), "1BoatSLRHtKNngkdXEeobR76b53LETtpyT", ErrUnsupportedChain},
		{"", "1BoatSLRHtKNngkdXEeobR76b53LETtpyU", ErrChecksum},
		{"", "mipcBbFg9gMiCh81Kj8tqqdgoZub1ZJRfn", ErrNetwork}, // testnet P2PKH
	} {
		_, err := ParseAs(tc.chain, tc.in)
		if !errors.Is(err, tc.want) {
			t.Errorf("ParseAs(%q, %q) = %v, want %v", tc.chain, tc.in, err, tc.want)
		}
		var pe *ParseError
		if !errors.As(err, &pe) || pe.Input != tc.in {
			t.Errorf("ParseAs(%q, %q): error %#v does not quote the input", tc.chain, tc.in, err)
		}
	}
}

func TestParseChain(t *testing.T) {
	for in, want := range map[string]Chain{"bitcoin": ChainBitcoin, "BTC": ChainBitcoin, "eth": ChainEVM,
		"Ethereum": ChainEVM, "bsc": ChainEVM, "bch": ChainBitcoinCash, "trx": ChainTron, "bnb": ChainBNBBeacon,
		" xmr ": ChainMonero} {
		got, err := ParseChain(in)
		if err != nil || got != want {
			t.Errorf("ParseChain(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := ParseChain("dogecoin-classic"); !errors.Is(err, ErrUnsupportedChain) {
		t.Errorf("unknown chain: %v", err)
	}
}

// Litecoin's legacy "3…" and current "M…" P2SH encodings of one script hash share a key.
func TestLitecoinP2SHForms(t *testing.T) {
	hash := make([]byte, 20)
	for i := range hash {
		hash[i] = byte(i * 7)
	}
	legacy, current := base58.CheckEncode(hash, 0x05), base58.CheckEncode(hash, 0x32)
	a, err := ParseAs(ChainLitecoin, legacy)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Parse(current)
	if err != nil {
		t.Fatal(err)
	}
	if a.Key != b.Key || b.Chain != ChainLitecoin || a.Chain != ChainLitecoin {
		t.Errorf("%s (%s) and %s (%s) differ", legacy, a.Chain, current, b.Chain)
	}
}

// ParseListed prefers the ticker's chains but detects the chain from the value itself.
func TestParseListed(t *testing.T) {
	for _, tc := range []struct {
		ticker, value string
		chain         Chain
	}{
		{"XBT", "TUCsTq7TofTCJRRoHk6RvhMoS2mJLm5Yzq", ChainTron}, // a Tron address filed under XBT
		{"BSV", "1BoatSLRHtKNngkdXEeobR76b53LETtpyT", ChainBitcoinSV},
		{"USDT", "0x098B716B8Aaf21512996dC57EB0615e2383E2f96", ChainEVM},
		{"NEWCOIN", "0x098B716B8Aaf21512996dC57EB0615e2383E2f96", ChainEVM},
	} {
		a, err := ParseListed(tc.ticker, tc.value)
		if err != nil || a.Chain != tc.chain {
			t.Errorf("ParseListed(%s, %s) = %s, %v; want %s", tc.ticker, tc.value, a.Chain, err, tc.chain)
		}
	}
	// Custom lists name chains: the name is a hint like a ticker.
	for chain, value := range map[string]string{
		"ethereum": "098B716B8Aaf21512996dC57EB0615e2383E2f96", // no 0x: only taken when the chain is named
		"polygon":  "0x098b716b8aaf21512996dc57eb0615e2383e2f96",
		"tron":     "41" + "098b716b8aaf21512996dc57eb0615e2383e2f96",
	} {
		if a, err := ParseListed(chain, value); err != nil || a.Key == "" {
			t.Errorf("ParseListed(%s, %s) = %+v, %v", chain, value, a, err)
		}
	}
	// A value that decodes but fails its EIP-55 case checksum keeps its key.
	want, _ := Parse("0x7f367cc41522ce07553e823bf3be79a889debe1b")
	a, err := ParseListed("ETH", "7F367cC41522cE07553e823bf3be79A889DEbe1b")
	if !errors.Is(err, ErrChecksum) || a.Key != want.Key {
		t.Errorf("ParseListed(ETH, bad EIP-55 without 0x) = %+v, %v", a, err)
	}
	if _, err := ParseListed("XMR", "5be5543ff73456ab9f2d207887e2af87322c651ea1a873c5b25b7ffae456c320"); err == nil {
		t.Error("the 64-hex XMR value parsed as an address")
	}
}

// assertRejected checks that in is no address: Parse fails without a key (with an error
// wrapping want, when want is not nil), and ParseAs(chain, in) fails too.
func assertRejected(t *testing.T, chain Chain, in string, want error) {
	t.Helper()
	a, err := Parse(in)
	if err == nil || a.Key != "" {
		t.Fatalf("Parse(%s) = %+v, %v; want an error", in, a, err)
	}
	if want != nil && !errors.Is(err, want) {
		t.Fatalf("Parse(%s): %v, want %v", in, err, want)
	}
	if a, err := ParseAs(chain, in); err == nil {
		t.Fatalf("ParseAs(%s, %s) = %+v; want an error", chain, in, a)
	}
}
