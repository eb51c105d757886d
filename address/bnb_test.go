package address

import (
	"errors"
	"strings"
	"testing"

	"github.com/btcsuite/btcd/btcutil/bech32"
)

// bnbEncode encodes payload as bech32 (or bech32m) with hrp.
func bnbEncode(t *testing.T, hrp string, payload []byte, m bool) string {
	t.Helper()
	data, err := bech32.ConvertBits(payload, 8, 5, true)
	if err != nil {
		t.Fatal(err)
	}
	enc := bech32.Encode
	if m {
		enc = bech32.EncodeM
	}
	s, err := enc(hrp, data)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestParseBNBListed(t *testing.T) {
	for _, v := range listedValues(t, "BNB") {
		a, err := ParseListed("BNB", v)
		if err != nil {
			t.Fatalf("ParseListed(BNB, %s): %v", v, err)
		}
		if a.Chain != ChainBNBBeacon || a.Kind != KindAccount || a.Canonical != v || len(a.Key) != 21 || a.Key[0] != tagBNB {
			t.Fatalf("ParseListed(BNB, %s) = %+v", v, a)
		}
		payload := []byte(a.Key[1:])
		if got := bnbEncode(t, "bnb", payload, false); got != v {
			t.Fatalf("re-encoded %s as %s", v, got)
		}
		// Upper case is legal bech32 (QR codes); the canonical text is lower case.
		u, err := Parse(strings.ToUpper(v))
		if err != nil || u.Key != a.Key || u.Canonical != v {
			t.Fatalf("Parse(upper) = %+v, %v", u, err)
		}
		// The same 20 bytes as an EVM address are another key.
		var evm [20]byte
		copy(evm[:], payload)
		if EVMKey(evm) == a.Key {
			t.Fatal("BNB Beacon and EVM keys collide")
		}

		tests := []struct {
			name string
			in   string
			err  error
		}{
			{"mixed case", strings.ToUpper(v[:10]) + v[10:], ErrInvalid},
			{"testnet", bnbEncode(t, "tbnb", payload, false), ErrNetwork},
			{"checksum", v[:20] + string(flipBech32(v[20])) + v[21:], ErrChecksum},
			{"bech32m", bnbEncode(t, "bnb", payload, true), ErrChecksum},
			{"32-byte payload", bnbEncode(t, "bnb", make([]byte, 32), false), ErrInvalid},
			{"bad character", v[:20] + "b" + v[21:], ErrInvalid},
			{"hrp with a 1", bnbEncode(t, "bnb1q", payload, false), ErrInvalid},
		}
		for _, tt := range tests {
			a, err := Parse(tt.in)
			if !errors.Is(err, tt.err) || a.Key != "" {
				t.Errorf("%s: Parse(%s) = %+v, %v; want %v", tt.name, tt.in, a, err, tt.err)
			}
			if _, err := ParseAs(ChainBNBBeacon, tt.in); err == nil {
				t.Errorf("%s: ParseAs(bnb-beacon, %s): no error", tt.name, tt.in)
			}
		}
	}
}

// flipBech32 returns another character of the bech32 alphabet.
func flipBech32(c byte) byte {
	const charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
	return charset[(strings.IndexByte(charset, c)+1)%len(charset)]
}
