package address

import (
	"encoding/binary"
	"encoding/hex"
	"errors"
	"strings"
	"testing"

	"github.com/btcsuite/btcd/btcutil/base58"
)

// rippleEncode encodes b in the Ripple alphabet.
func rippleEncode(b []byte) string {
	s := []byte(base58.Encode(b))
	for i, c := range s {
		s[i] = rippleAlphabet[strings.IndexByte(bitcoinAlphabet, c)]
	}
	return string(s)
}

// rippleCheckEncode is base58check in the Ripple alphabet.
func rippleCheckEncode(version []byte, payload []byte) string {
	b := append(append([]byte{}, version...), payload...)
	raw := base58.Decode(base58.CheckEncode(b[1:], b[0])) // appends the double-sha256 checksum
	return rippleEncode(raw)
}

// xAddress encodes an X-address (XLS-5d).
func xAddress(prefix, account []byte, tag uint32, hasTag bool) string {
	body := append(append([]byte{}, prefix...), account...)
	var flag byte
	if hasTag {
		flag = 1
	}
	body = append(body, flag)
	body = binary.LittleEndian.AppendUint64(body, uint64(tag))
	return rippleCheckEncode(body[:1], body[1:])
}

// The genesis account of the XRP Ledger.
const (
	rippleGenesis   = "rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh"
	rippleGenesisID = "b5f762798a53d543a014caf8b297cff8f2f937e8"
)

func TestParseRipple(t *testing.T) {
	id, _ := hex.DecodeString(rippleGenesisID)
	a, err := Parse(rippleGenesis)
	if err != nil {
		t.Fatal(err)
	}
	if a.Chain != ChainRipple || a.Kind != KindAccount || a.Canonical != rippleGenesis || a.Key != taggedKey(tagRipple, id) {
		t.Fatalf("Parse(%s) = %+v", rippleGenesis, a)
	}
	if got := rippleCheckEncode([]byte{0}, id); got != rippleGenesis {
		t.Fatalf("encode = %s, want %s", got, rippleGenesis)
	}
	// The account zero (rrrrrrrrrrrrrrrrrrrrrhoLvTp) and the shortest encodings.
	zero := rippleCheckEncode([]byte{0}, make([]byte, 20))
	if z, err := Parse(zero); err != nil || z.Key != taggedKey(tagRipple, make([]byte, 20)) {
		t.Fatalf("Parse(%s) = %+v, %v", zero, z, err)
	}
}

// X-address test vectors of XLS-5d.
func TestParseXAddress(t *testing.T) {
	classic := "rGWrZyQqhTp9Xu7G5Pkayo7bXjH4k4QYpf"
	c, err := Parse(classic)
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range []string{
		"XVLhHMPHU98es4dbozjVtdWzVrDjtV5fdx1mHp98tDMoQXb", // no tag
		"XVLhHMPHU98es4dbozjVtdWzVrDjtV8AqEL4xcZj5whKbmc", // tag 0
		"XVLhHMPHU98es4dbozjVtdWzVrDjtV18pX8yuPT7y4xaEHi", // tag 4294967295
	} {
		a, err := Parse(x)
		if err != nil {
			t.Fatalf("Parse(%s): %v", x, err)
		}
		if a.Chain != ChainRipple || a.Kind != KindAccount || a.Key != c.Key || a.Canonical != x {
			t.Fatalf("Parse(%s) = %+v, want the key of %s", x, a, classic)
		}
	}
	account := []byte(c.Key[1:])
	for _, tag := range []uint32{1, 12345, 4294967295} {
		x := xAddress(xAddrMainnet, account, tag, true)
		if a, err := Parse(x); err != nil || a.Key != c.Key {
			t.Fatalf("Parse(%s) (tag %d) = %+v, %v", x, tag, a, err)
		}
	}
	if x := xAddress(xAddrMainnet, account, 0, false); x != "XVLhHMPHU98es4dbozjVtdWzVrDjtV5fdx1mHp98tDMoQXb" {
		t.Fatalf("xAddress = %s", x)
	}
	tests := []struct {
		name string
		in   string
		err  error
	}{
		{"testnet", xAddress(xAddrTestnet, account, 0, false), ErrNetwork},
		{"checksum", changeRippleChar("XVLhHMPHU98es4dbozjVtdWzVrDjtV5fdx1mHp98tDMoQXb", 30), ErrChecksum},
		{"flag without tag, tag bytes", xAddress(xAddrMainnet, account, 7, false), ErrInvalid},
	}
	for _, tt := range tests {
		a, err := Parse(tt.in)
		if !errors.Is(err, tt.err) || a.Key != "" {
			t.Errorf("%s: Parse(%s) = %+v, %v; want %v", tt.name, tt.in, a, err, tt.err)
		}
	}
}

// changeRippleChar replaces the character at i with another Ripple base58 character.
func changeRippleChar(s string, i int) string {
	b := []byte(s)
	b[i] = rippleAlphabet[(strings.IndexByte(rippleAlphabet, b[i])+1)%len(rippleAlphabet)]
	return string(b)
}

func TestParseRippleErrors(t *testing.T) {
	id, _ := hex.DecodeString(rippleGenesisID)
	tests := []struct {
		name string
		in   string
		err  error
	}{
		{"checksum", changeRippleChar(rippleGenesis, 10), ErrChecksum},
		{"last char", changeRippleChar(rippleGenesis, len(rippleGenesis)-1), ErrChecksum},
		{"version", rippleCheckEncode([]byte{1}, id), ErrUnknownFormat},         // does not start with r
		{"payload length", rippleCheckEncode([]byte{0}, id[:19]), ErrInvalid},   // 19-byte account
		{"bitcoin alphabet", "1" + rippleGenesis[1:], nil},                      // not r…
		{"not in alphabet", rippleGenesis[:10] + "0" + rippleGenesis[11:], nil}, // '0'
		{"too long", rippleGenesis + rippleGenesis[:2], nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assertRejected(t, ChainRipple, tt.in, tt.err)
		})
	}
}

func TestParseRippleListed(t *testing.T) {
	for _, v := range listedValues(t, "XRP") {
		a, err := ParseListed("XRP", v)
		if err != nil {
			t.Errorf("ParseListed(XRP, %s): %v", v, err)
			continue
		}
		if a.Chain != ChainRipple || a.Canonical != v || len(a.Key) != 21 {
			t.Errorf("ParseListed(XRP, %s) = %+v", v, a)
		}
		// The X-address of the listed account (with a destination tag) matches it.
		x := xAddress(xAddrMainnet, []byte(a.Key[1:]), 42, true)
		if b, err := Parse(x); err != nil || b.Key != a.Key {
			t.Errorf("Parse(%s) = %+v, %v; want the key of %s", x, b, err, v)
		}
	}
}
