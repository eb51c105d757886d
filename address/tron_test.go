package address

import (
	"encoding/hex"
	"errors"
	"strings"
	"testing"

	"github.com/btcsuite/btcd/btcutil/base58"
)

// tronUSDT is the USDT (TRC-20) contract on Tron, with its hex form.
const (
	tronUSDT    = "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"
	tronUSDTHex = "41a614f803b6fd780986a42c78ec9c7f77e6ded13c"
)

func TestParseTron(t *testing.T) {
	a, err := Parse(tronUSDT)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := hex.DecodeString(tronUSDTHex)
	if a.Chain != ChainTron || a.Kind != KindAccount || a.Canonical != tronUSDT || a.Key != taggedKey(tagTron, raw) {
		t.Fatalf("Parse(%s) = %+v", tronUSDT, a)
	}

	for _, in := range []string{tronUSDTHex, strings.ToUpper(tronUSDTHex)} {
		h, err := ParseAs(ChainTron, in)
		if err != nil {
			t.Fatalf("ParseAs(tron, %s): %v", in, err)
		}
		if h.Key != a.Key || h.Canonical != tronUSDT {
			t.Fatalf("ParseAs(tron, %s) = %+v, want the key and canonical text of %s", in, h, tronUSDT)
		}
		// The hex form is only taken when the caller says Tron.
		if b, err := Parse(in); err == nil {
			t.Fatalf("Parse(%s) = %+v, want an error", in, b)
		}
	}
	if _, err := ParseAs(ChainTron, "42"+tronUSDTHex[2:]); !errors.Is(err, ErrInvalid) {
		t.Fatalf("ParseAs(tron, 42…): %v, want ErrInvalid", err)
	}
	// A Tron address is not EVM, and the EVM form of its hash is not Tron.
	if _, err := ParseAs(ChainEVM, tronUSDT); !errors.Is(err, ErrWrongChain) {
		t.Fatalf("ParseAs(evm, %s): %v, want ErrWrongChain", tronUSDT, err)
	}
	if e, err := Parse("0x" + tronUSDTHex[2:]); err != nil || e.Key == a.Key {
		t.Fatalf("Parse(0x…) = %+v, %v", e, err)
	}
}

func TestParseTronErrors(t *testing.T) {
	raw, _ := hex.DecodeString(tronUSDTHex)
	tests := []struct {
		name string
		in   string
		err  error
	}{
		{"checksum", changeChar(tronUSDT, 20), ErrChecksum},
		{"last char", changeChar(tronUSDT, len(tronUSDT)-1), ErrChecksum},
		{"lower case", strings.ToLower(tronUSDT), nil}, // base58 is case-sensitive: any error
		{"version", base58.CheckEncode(raw[1:], 0x42), ErrInvalid},
		{"short", tronUSDT[:33], nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assertRejected(t, ChainTron, tt.in, tt.err)
		})
	}
}

// changeChar replaces the base58 character at i with another base58 character.
func changeChar(s string, i int) string {
	b := []byte(s)
	if b[i] == 'z' {
		b[i] = 'y'
	} else {
		b[i] = bitcoinAlphabet[strings.IndexByte(bitcoinAlphabet, b[i])+1]
	}
	return string(b)
}

// Every TRX and USDT value of the 2025-11-19 list parses (USDT holds Tron, EVM and
// Bitcoin addresses); the Tron address filed under XBT is found as Tron.
func TestParseTronListed(t *testing.T) {
	for _, ticker := range []string{"TRX", "USDT"} {
		for _, v := range listedValues(t, ticker) {
			a, err := ParseListed(ticker, v)
			if err != nil {
				t.Errorf("ParseListed(%s, %s): %v", ticker, v, err)
				continue
			}
			if v[0] == 'T' {
				if a.Chain != ChainTron || a.Canonical != v || len(a.Key) != 22 || a.Key[0] != tagTron {
					t.Errorf("ParseListed(%s, %s) = %+v", ticker, v, a)
				}
				b, err := Parse(v)
				if err != nil || b.Key != a.Key {
					t.Errorf("Parse(%s) = %+v, %v", v, b, err)
				}
				h, err := ParseAs(ChainTron, hex.EncodeToString([]byte(a.Key[1:])))
				if err != nil || h.Key != a.Key || h.Canonical != v {
					t.Errorf("ParseAs(tron, hex of %s) = %+v, %v", v, h, err)
				}
			}
		}
	}
	found := false
	for _, v := range listedValues(t, "XBT") {
		if v[0] != 'T' {
			continue
		}
		found = true
		a, err := ParseListed("XBT", v)
		if err != nil || a.Chain != ChainTron {
			t.Errorf("ParseListed(XBT, %s) = %+v, %v; want a Tron address", v, a, err)
		}
	}
	if !found {
		t.Error("no Tron address under XBT")
	}
}
