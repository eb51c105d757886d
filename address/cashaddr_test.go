package address

import (
	"errors"
	"strings"
	"testing"

	"github.com/btcsuite/btcd/btcutil/base58"
)

// CashAddr specification vectors: legacy base58 and CashAddr texts of one address.
var cashAddrPairs = []struct {
	legacy, cash string
	kind         Kind
	hash         string
}{
	{"1BpEi6DfDAUFd7GtittLSdBeYJvcoaVggu", "bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a", KindP2PKH, "76a04053bda0a88bda5177b86a15c3b29f559873"},
	{"1KXrWXciRDZUpQwQmuM1DbwsKDLYAYsVLR", "bitcoincash:qr95sy3j9xwd2ap32xkykttr4cvcu7as4y0qverfuy", KindP2PKH, "cb481232299cd5743151ac4b2d63ae198e7bb0a9"},
	{"16w1D5WRVKJuZUsSRzdLp9w3YGcgoxDXb", "bitcoincash:qqq3728yw0y47sqn6l2na30mcw6zm78dzqre909m2r", KindP2PKH, "011f28e473c95f4013d7d53ec5fbc3b42df8ed10"},
	{"3CWFddi6m4ndiGyKqzYvsFYagqDLPVMTzC", "bitcoincash:ppm2qsznhks23z7629mms6s4cwef74vcwvn0h829pq", KindP2SH, "76a04053bda0a88bda5177b86a15c3b29f559873"},
	{"3LDsS579y7sruadqu11beEJoTjdFiFCdX4", "bitcoincash:pr95sy3j9xwd2ap32xkykttr4cvcu7as4yc93ky28e", KindP2SH, "cb481232299cd5743151ac4b2d63ae198e7bb0a9"},
	{"31nwvkZwyPdgzjBJZXfDmSWsC4ZLKpYyUw", "bitcoincash:pqq3728yw0y47sqn6l2na30mcw6zm78dzq5ucqzc37", KindP2SH, "011f28e473c95f4013d7d53ec5fbc3b42df8ed10"},
}

func TestCashAddrSpecVectors(t *testing.T) {
	for _, tc := range cashAddrPairs {
		hash := mustHex(t, tc.hash)
		enc, err := CashAddrEncode(tc.kind, hash)
		if err != nil || enc != tc.cash {
			t.Errorf("CashAddrEncode(%s, %s) = %s, %v; want %s", tc.kind, tc.hash, enc, err, tc.cash)
		}
		legacy, err := Parse(tc.legacy)
		if err != nil {
			t.Fatalf("Parse(%s): %v", tc.legacy, err)
		}
		want := base58HashKey(legacyVersion(tc.kind), hash)
		if legacy.Key != want || legacy.Kind != tc.kind || legacy.Chain != ChainBitcoin || !legacy.ValidOn(ChainBitcoinCash) {
			t.Errorf("Parse(%s) = %+v", tc.legacy, legacy)
		}
		// With the Bitcoin Cash hint, the legacy text's canonical form is CashAddr.
		bch, err := ParseAs(ChainBitcoinCash, tc.legacy)
		if err != nil || bch.Key != want || bch.Canonical != tc.cash || bch.Chain != ChainBitcoinCash {
			t.Errorf("ParseAs(bitcoin-cash, %s) = %+v, %v", tc.legacy, bch, err)
		}
		body := strings.TrimPrefix(tc.cash, "bitcoincash:")
		for _, in := range []string{tc.cash, body, strings.ToUpper(tc.cash), strings.ToUpper(body)} {
			for _, hint := range []Chain{ChainUnknown, ChainBitcoinCash} {
				a, err := ParseAs(hint, in)
				if err != nil || a.Key != want || a.Canonical != tc.cash || a.Kind != tc.kind ||
					a.Chain != ChainBitcoinCash || len(a.AlsoValidOn) != 0 {
					t.Errorf("ParseAs(%q, %s) = %+v, %v; want key %x", hint, in, a, err, want)
				}
			}
		}
		// CashAddr text is Bitcoin Cash only.
		for _, c := range []Chain{ChainBitcoin, ChainBitcoinSV, ChainLitecoin} {
			if _, err := ParseAs(c, tc.cash); !errors.Is(err, ErrWrongChain) {
				t.Errorf("ParseAs(%s, %s): %v, want ErrWrongChain", c, tc.cash, err)
			}
		}
	}
}

func TestCashAddrErrors(t *testing.T) {
	valid := cashAddrPairs[0].cash
	body := strings.TrimPrefix(valid, "bitcoincash:")
	tests := []struct {
		in  string
		err error
	}{
		// Spec vectors for other networks and an unused type/size.
		{"bchtest:pr6m7j9njldwwzlg9v7v53unlr4jkmx6eyvwc0uz5t", ErrNetwork},
		{"pr6m7j9njldwwzlg9v7v53unlr4jkmx6eyvwc0uz5t", ErrNetwork},
		{"bchtest:pvch8mmxy0rtfrlarg7ucrxxfzds5pamg73h7370aa87d80gyhqxq7fqng6m6", ErrNetwork},
		{"bitcoincash:qvch8mmxy0rtfrlarg7ucrxxfzds5pamg73h7370aa87d80gyhqxq5nlegake", ErrInvalid}, // P2PKH with 32 bytes
		{"bitcoincash:" + strings.ToUpper(body), ErrInvalid},                                      // mixed case
		{"bitcoincash:" + body[:10] + strings.ToUpper(body[10:]), ErrInvalid},
		{"bitcoincash:" + body[:5] + "b" + body[6:], ErrInvalid}, // 'b' is not in the alphabet
		{"bitcoincash:" + body[:len(body)-1], ErrChecksum},
		{"bitcoincash:" + body + "q", ErrChecksum},
		{"bitcoincash:", ErrInvalid},
		{"bitcoincash:qq", ErrInvalid},
		{"bchtest:" + body, ErrChecksum},
		{"bitcoincash:" + mustCashAddr(t, 0x80, make([]byte, 20)), ErrInvalid}, // reserved bit
		{"bitcoincash:" + mustCashAddr(t, 0x20, make([]byte, 20)), ErrInvalid}, // type 4
		{"bitcoincash:" + mustCashAddr(t, 0x01, make([]byte, 20)), ErrInvalid}, // size code says 24
		{"bitcoincash:" + mustCashAddr(t, 0x01, make([]byte, 24)), ErrInvalid}, // no such script
	}
	for i := len("bitcoincash:"); i < len(valid); i++ {
		tests = append(tests, struct {
			in  string
			err error
		}{btcChangeChar(valid, i, cashAddrCharset), ErrChecksum})
	}
	for _, tc := range tests {
		a, err := Parse(tc.in)
		if !errors.Is(err, tc.err) || a.Key != "" {
			t.Errorf("Parse(%s) = %+v, %v; want %v", tc.in, a, err, tc.err)
		}
		if _, err := ParseAs(ChainBitcoinCash, tc.in); !errors.Is(err, tc.err) {
			t.Errorf("ParseAs(bitcoin-cash, %s): %v, want %v", tc.in, err, tc.err)
		}
	}
	// Text that does not have the CashAddr shape is left to the other families.
	for _, in := range []string{"1BpEi6DfDAUFd7GtittLSdBeYJvcoaVggu", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
		"foo:" + body, body[:len(body)-1], "x" + body[1:]} {
		if _, err := parseCashAddr(in, ChainUnknown); !errors.Is(err, ErrUnknownFormat) {
			t.Errorf("parseCashAddr(%s): %v, want ErrUnknownFormat", in, err)
		}
	}
	for _, tc := range []struct {
		kind Kind
		n    int
	}{{KindP2PKH, 32}, {KindP2PKH, 19}, {KindP2SH, 24}, {KindP2WPKH, 20}} {
		if s, err := CashAddrEncode(tc.kind, make([]byte, tc.n)); !errors.Is(err, ErrInvalid) {
			t.Errorf("CashAddrEncode(%s, %d bytes) = %s, %v; want ErrInvalid", tc.kind, tc.n, s, err)
		}
	}
}

// mustCashAddr encodes a CashAddr payload (without prefix) with any version byte.
func mustCashAddr(t testing.TB, version byte, hash []byte) string {
	t.Helper()
	return cashAddrBody(version, hash)
}

// cashAddrBody encodes a CashAddr body (without prefix) with any version byte.
func cashAddrBody(version byte, hash []byte) string {
	values := to5bit(append([]byte{version}, hash...))
	sum := cashPolymod(cashAddrPrefix, values, 8)
	var b strings.Builder
	for _, v := range values {
		b.WriteByte(cashAddrCharset[v])
	}
	for i := 0; i < 8; i++ {
		b.WriteByte(cashAddrCharset[(sum>>(5*(7-i)))&0x1f])
	}
	return b.String()
}

// to5bit regroups bytes into 5-bit values with zero padding.
func to5bit(data []byte) []byte {
	var out []byte
	acc, bits := 0, 0
	for _, d := range data {
		acc = acc<<8 | int(d)
		bits += 8
		for bits >= 5 {
			bits -= 5
			out = append(out, byte(acc>>bits)&31)
		}
	}
	if bits > 0 {
		out = append(out, byte(acc<<(5-bits))&31)
	}
	return out
}

// Token-aware CashAddr (types 2 and 3) and P2SH32 are the same locking scripts.
func TestCashAddrTokenAwareAndP2SH32(t *testing.T) {
	hash := mustHex(t, cashAddrPairs[0].hash)
	for _, tc := range []struct {
		version byte
		kind    Kind
		cash    string
	}{{0x10, KindP2PKH, cashAddrPairs[0].cash}, {0x18, KindP2SH, cashAddrPairs[3].cash}} {
		in := "bitcoincash:" + cashAddrBody(tc.version, hash)
		a, err := Parse(in)
		if err != nil || a.Kind != tc.kind || a.Canonical != tc.cash || a.Key != base58HashKey(legacyVersion(tc.kind), hash) {
			t.Errorf("Parse(%s) = %+v, %v; want the key of %s", in, a, err, tc.cash)
		}
	}
	h32 := mustHex(t, "3173ef6623c6b48ffd1a3dcc0cc6489b0a07bb47a37f47cfef4fe69de825c060")
	s, err := CashAddrEncode(KindP2SH, h32)
	if err != nil || s != "bitcoincash:"+cashAddrBody(0x0b, h32) {
		t.Fatalf("CashAddrEncode(p2sh, 32 bytes) = %s, %v", s, err)
	}
	a, err := Parse(s)
	if err != nil || a.Kind != KindP2SH || a.Key != base58HashKey([]byte{5}, h32) {
		t.Errorf("Parse(%s) = %+v, %v", s, a, err)
	}
	if p, _ := Parse(cashAddrPairs[3].cash); p.Key == a.Key {
		t.Error("P2SH and P2SH32 keys collide")
	}
}

// Every listed BCH value (legacy or CashAddr) has the key of its other form.
func TestCashAddrListed(t *testing.T) {
	for _, v := range listedValues(t, "BCH") {
		a, err := ParseAs(ChainBitcoinCash, v)
		if err != nil {
			t.Fatalf("ParseAs(bitcoin-cash, %s): %v", v, err)
		}
		// Re-encode the key's hash in the other form.
		key := []byte(a.Key)
		version, hash := key[2], key[3:]
		other := base58.CheckEncode(hash, version)
		if !strings.HasPrefix(v, "1") && !strings.HasPrefix(v, "3") {
			o, err := Parse(other)
			if err != nil || o.Key != a.Key {
				t.Errorf("legacy form %s of %s: %+v, %v", other, v, o, err)
			}
		} else if a.Canonical == v {
			t.Errorf("ParseAs(bitcoin-cash, %s).Canonical is not CashAddr", v)
		}
	}
}
