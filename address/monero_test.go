package address

import (
	"bytes"
	"encoding/hex"
	"errors"
	"strings"
	"testing"

	"filippo.io/edwards25519"
	"github.com/ethereum/go-ethereum/crypto"
)

// Block vectors of Monero's base58 (tests/unit_tests/base58.cpp).
var moneroBlockVectors = []struct{ hex, enc string }{
	{"00", "11"},
	{"39", "1z"},
	{"ff", "5Q"},
	{"0000", "111"},
	{"0039", "11z"},
	{"0100", "15R"},
	{"ffff", "LUv"},
	{"000000", "11111"},
	{"000039", "1111z"},
	{"010000", "11LUw"},
	{"ffffff", "2UzHL"},
	{"00000039", "11111z"},
	{"ffffffff", "7YXq9G"},
	{"0000000039", "111111z"},
	{"ffffffffff", "VtB5VXc"},
	{"000000000039", "11111111z"},
	{"ffffffffffff", "3CUsUpv9t"},
	{"00000000000039", "111111111z"},
	{"ffffffffffffff", "Ahg1opVcGW"},
	{"0000000000000039", "1111111111z"},
	{"ffffffffffffffff", "jpXCZedGfVQ"},
	{"0000000000000000", "11111111111"},
	{"", ""},
	{"06156013762879f7ffffffffff", "22222222222VtB5VXc"},
}

func TestMoneroBase58(t *testing.T) {
	for _, v := range moneroBlockVectors {
		b, _ := hex.DecodeString(v.hex)
		if got := moneroBase58Encode(b); got != v.enc {
			t.Errorf("encode(%s) = %q, want %q", v.hex, got, v.enc)
		}
		got, err := moneroBase58Decode(v.enc)
		if err != nil || !bytes.Equal(got, b) {
			t.Errorf("decode(%q) = %x, %v; want %s", v.enc, got, err, v.hex)
		}
	}
	for _, bad := range []string{
		"1",            // no block length encodes to 1 character
		"1111",         // ... nor 4
		"11111111",     // ... nor 8
		"5R",           // 256 does not fit in 1 byte
		"zzzzzzzzzzz",  // 58^11-1 does not fit in 8 bytes
		"jpXCZedGfVR",  // 2^64
		"0111111111",   // '0' is not in the alphabet
		"11111111111l", // nor 'l' (and 12 characters)
		"1111111111O",
		"111111111111", // a last block of 1 character
	} {
		if b, err := moneroBase58Decode(bad); err == nil || !errors.Is(err, errMoneroBase58) {
			t.Errorf("decode(%q) = %x, %v; want an error", bad, b, err)
		}
	}
}

// moneroEncodeAddress builds a Monero address: prefix, the given body, checksum.
func moneroEncodeAddress(prefix byte, body ...[]byte) string {
	b := []byte{prefix}
	for _, p := range body {
		b = append(b, p...)
	}
	b = append(b, crypto.Keccak256(b)[:4]...)
	return moneroBase58Encode(b)
}

// moneroKeys returns the public spend and view keys of a Monero address.
func moneroKeys(t *testing.T, s string) (spend, view []byte) {
	t.Helper()
	b, err := moneroBase58Decode(s)
	if err != nil {
		t.Fatal(err)
	}
	return b[1:33], b[33:65]
}

func TestParseMoneroListed(t *testing.T) {
	var std, sub int
	for _, v := range listedValues(t, "XMR") {
		a, err := ParseListed("XMR", v)
		if len(v) == 64 { // the 64-hex "XMR" value is not an address
			if err == nil {
				t.Errorf("ParseListed(XMR, %s) = %+v, want an error", v, a)
			}
			if a, err := Parse(v); err == nil {
				t.Errorf("Parse(%s) = %+v, want an error", v, a)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseListed(XMR, %s): %v", v, err)
			continue
		}
		if a.Chain != ChainMonero || !a.Privacy || a.Canonical != v {
			t.Errorf("ParseListed(XMR, %s) = %+v", v, a)
		}
		b, err := moneroBase58Decode(v)
		if err != nil || moneroBase58Encode(b) != v {
			t.Errorf("%s does not round-trip: %v", v, err)
		}
		spend, view := moneroKeys(t, v)
		switch v[0] {
		case '4':
			std++
			if a.Kind != KindStandard || a.Key != taggedKey(tagMonero, []byte{18}, spend, view) {
				t.Errorf("ParseListed(XMR, %s) = %+v, want a standard address", v, a)
			}
		case '8':
			sub++
			if a.Kind != KindSubaddress || a.Key != taggedKey(tagMonero, []byte{42}, spend, view) {
				t.Errorf("ParseListed(XMR, %s) = %+v, want a subaddress", v, a)
			}
		}
		if p, err := Parse(v); err != nil || p.Key != a.Key {
			t.Errorf("Parse(%s) = %+v, %v", v, p, err)
		}
	}
	if std != 1 || sub != 6 {
		t.Errorf("%d standard addresses and %d subaddresses, want 1 and 6", std, sub)
	}
}

// An integrated address is the listed standard address plus a payment id: it has the
// key of the standard address. A subaddress with the same keys is another address.
func TestParseMoneroIntegrated(t *testing.T) {
	var standard string
	for _, v := range listedValues(t, "XMR") {
		if v[0] == '4' && len(v) == 95 {
			standard = v
		}
	}
	if standard == "" {
		t.Fatal("no standard address in the XMR list")
	}
	std, err := Parse(standard)
	if err != nil {
		t.Fatal(err)
	}
	spend, view := moneroKeys(t, standard)
	if again := moneroEncodeAddress(18, spend, view); again != standard {
		t.Fatalf("re-encoded %s as %s", standard, again)
	}

	integrated := moneroEncodeAddress(19, spend, view, []byte("\x01\x02\x03\x04\x05\x06\x07\x08"))
	if len(integrated) != 106 || integrated[0] != '4' {
		t.Fatalf("integrated address %q", integrated)
	}
	a, err := Parse(integrated)
	if err != nil {
		t.Fatal(err)
	}
	if a.Kind != KindIntegrated || a.Chain != ChainMonero || !a.Privacy || a.Canonical != integrated {
		t.Fatalf("Parse(integrated) = %+v", a)
	}
	if a.Key != std.Key {
		t.Fatalf("integrated address key %x, want the key of its standard address %x", a.Key, std.Key)
	}
	other := moneroEncodeAddress(19, spend, view, make([]byte, 8))
	if b, err := Parse(other); err != nil || b.Key != std.Key {
		t.Fatalf("Parse(%s) = %+v, %v", other, b, err)
	}

	subaddress := moneroEncodeAddress(42, spend, view)
	if b, err := Parse(subaddress); err != nil || b.Kind != KindSubaddress || b.Key == std.Key {
		t.Fatalf("Parse(%s) = %+v, %v", subaddress, b, err)
	}
}

func TestParseMoneroErrors(t *testing.T) {
	standard := listedValues(t, "XMR")[0]
	spend, view := moneroKeys(t, standard)
	pid := []byte("payment!")
	tests := []struct {
		name string
		in   string
		err  error
	}{
		{"testnet", moneroEncodeAddress(53, spend, view), ErrNetwork},
		{"testnet subaddress", moneroEncodeAddress(63, spend, view), ErrNetwork},
		{"testnet integrated", moneroEncodeAddress(54, spend, view, pid), ErrNetwork},
		{"stagenet", moneroEncodeAddress(24, spend, view), ErrNetwork},
		{"stagenet subaddress", moneroEncodeAddress(36, spend, view), ErrNetwork},
		{"stagenet integrated", moneroEncodeAddress(25, spend, view, pid), ErrNetwork},
		{"standard prefix, integrated length", moneroEncodeAddress(18, spend, view, pid), ErrInvalid},
		{"integrated prefix, standard length", moneroEncodeAddress(19, spend, view), ErrInvalid},
		{"unknown prefix", moneroEncodeAddress(17, spend, view), ErrUnknownFormat},
		{"bad block length", standard[:94], ErrUnknownFormat},
		{"not base58", standard[:40] + "0" + standard[41:], ErrInvalid},
		{"block overflow", standard[:11] + "zzzzzzzzzzz" + standard[22:], ErrInvalid},
		{"lower case", strings.ToLower(standard), nil},
		{"upper case", strings.ToUpper(standard), nil},
	}
	// One character changed anywhere but at the head of a block (where it may
	// overflow the block) is a checksum error.
	for _, i := range []int{1, 5, 12, 30, 50, 70, 85, 90, 94} {
		tests = append(tests, struct {
			name string
			in   string
			err  error
		}{"changed " + standard[i:i+1], changeChar(standard, i), ErrChecksum})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assertRejected(t, ChainMonero, tt.in, tt.err)
		})
	}
}

// A Monero address whose public spend or view key is not an ed25519 point is refused,
// as Monero's get_account_address_from_str does (crypto::check_key), even with a valid
// keccak checksum.
func TestParseMoneroKeyNotAPoint(t *testing.T) {
	// monero-python tests/test_address.py (AddressTestCase): a standard address and its
	// subaddress and integrated address.
	for _, valid := range []string{
		"47ewoP19TN7JEEnFKUJHAYhGxkeTRH82sf36giEp9AcNfDBfkAtRLX7A6rZz18bbNHPNV7ex6WYbMN3aKisFRJZ8Ebsmgef",
		"84LooD7i35SFppgf4tQ453Vi3q5WexSUXaVgut69ro8MFnmHwuezAArEZTZyLr9fS6QotjqkSAxSF6d1aDgsPoX849izJ7m",
		"4HMcpBpe4ddJEEnFKUJHAYhGxkeTRH82sf36giEp9AcNfDBfkAtRLX7A6rZz18bbNHPNV7ex6WYbMN3aKisFRJZ8M7yKhzQhKW3ECCLWQw",
	} {
		if _, err := Parse(valid); err != nil {
			t.Fatalf("Parse(%s): %v", valid, err)
		}
		raw, err := moneroBase58Decode(valid)
		if err != nil {
			t.Fatal(err)
		}
		for _, off := range []int{1, 1 + moneroKeyLen} { // spend key, view key (prefix is 1 byte)
			b := append([]byte(nil), raw...)
			tries := 0
			for {
				// Alter the key's first byte until it is not the encoding of a point
				// (about half of all 32-byte strings are not).
				b[off]++
				tries++
				if _, err := new(edwards25519.Point).SetBytes(b[off : off+moneroKeyLen]); err != nil {
					break
				}
				if tries > 255 {
					t.Fatalf("no non-point found by altering byte %d", off)
				}
			}
			body := b[:len(b)-moneroChecksumLen]
			copy(b[len(body):], crypto.Keccak256(body)[:moneroChecksumLen])
			bad := moneroBase58Encode(b)
			if err := moneroChecksum(b); err != nil {
				t.Fatalf("recomputed checksum: %v", err)
			}
			_, err := Parse(bad)
			if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "ed25519 point") {
				t.Errorf("Parse(%s) (key at byte %d not a point): %v, want ErrInvalid", bad, off, err)
			}
			if _, err := ParseAs(ChainMonero, bad); !errors.Is(err, ErrInvalid) {
				t.Errorf("ParseAs(monero, %s): %v, want ErrInvalid", bad, err)
			}
		}
	}
}
