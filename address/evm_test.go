package address

import (
	"encoding/csv"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chainscreen/chainscreen/internal/testdata"

	"github.com/ethereum/go-ethereum/common"
)

// listedValues returns the values of lists/brave-intl/sanctioned_addresses_<ticker>.txt,
// one per line, as extracted from OFAC's SDN_ADVANCED.XML of 2025-11-19.
func listedValues(t testing.TB, ticker string) []string {
	t.Helper()
	return testdata.Lines(t, "lists", "brave-intl", "sanctioned_addresses_"+ticker+".txt")
}

// eip55Vectors are the test vectors of EIP-55 (all caps, all lower, normal).
var eip55Vectors = []string{
	"0x52908400098527886E0F7030069857D2E4169EE7",
	"0x8617E340B3D01FA5F11F306F4090FD50E238070D",
	"0xde709f2102306220921060314715629080e2fb77",
	"0x27b1fdb04752bbc536007a920d24acb045561c26",
	"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
	"0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
	"0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
	"0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
}

func TestParseEVMEIP55Vectors(t *testing.T) {
	for _, v := range eip55Vectors {
		a, err := Parse(v)
		if err != nil {
			t.Errorf("Parse(%s): %v", v, err)
			continue
		}
		if a.Chain != ChainEVM || a.Kind != KindAccount || a.Privacy {
			t.Errorf("Parse(%s) = chain %q kind %q privacy %v", v, a.Chain, a.Kind, a.Privacy)
		}
		if a.Canonical != v {
			t.Errorf("Parse(%s).Canonical = %s, want the EIP-55 form", v, a.Canonical)
		}
		want := EVMKey(common.HexToAddress(v))
		for _, form := range []string{v, strings.ToLower(v), "0x" + strings.ToUpper(v[2:]), "0X" + v[2:]} {
			b, err := Parse(form)
			if err != nil {
				t.Errorf("Parse(%s): %v", form, err)
				continue
			}
			if b.Key != want || b.Canonical != v {
				t.Errorf("Parse(%s) = key %x canonical %s, want key %x canonical %s", form, b.Key, b.Canonical, want, v)
			}
		}
	}
}

// flipCase changes the case of the first letter of the hex digits of s, which
// breaks a valid EIP-55 checksum whenever s has both lower and upper case letters.
func flipCase(s string) string {
	b := []byte(s)
	for i := 2; i < len(b); i++ {
		switch c := b[i]; {
		case 'a' <= c && c <= 'f':
			b[i] = c - 'a' + 'A'
			return string(b)
		case 'A' <= c && c <= 'F':
			b[i] = c - 'A' + 'a'
			return string(b)
		}
	}
	return s
}

func TestParseEVMChecksumMismatch(t *testing.T) {
	for _, v := range eip55Vectors[4:] { // the mixed-case vectors
		bad := flipCase(v)
		a, err := Parse(bad)
		if !errors.Is(err, ErrChecksum) {
			t.Errorf("Parse(%s): err = %v, want ErrChecksum", bad, err)
		}
		// The mismatch is flagged, but the bytes are still there to be looked up.
		if want := EVMKey(common.HexToAddress(v)); a.Key != want {
			t.Errorf("Parse(%s).Key = %x, want %x", bad, a.Key, want)
		}
		if a.Canonical != v || a.Chain != ChainEVM || a.Input != bad {
			t.Errorf("Parse(%s) = %+v", bad, a)
		}
		if b, err := ParseAs(ChainEVM, bad); !errors.Is(err, ErrChecksum) || b.Key != a.Key {
			t.Errorf("ParseAs(evm, %s) = key %x, %v", bad, b.Key, err)
		}
		if b, err := ParseAs(ChainEVM, bad[2:]); !errors.Is(err, ErrChecksum) || b.Key != a.Key {
			t.Errorf("ParseAs(evm, %s) = key %x, %v", bad[2:], b.Key, err)
		}
	}
}

func TestParseEVMForms(t *testing.T) {
	const v = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"
	want := EVMKey(common.HexToAddress(v))
	tests := []struct {
		name  string
		hint  Chain
		in    string
		err   error // nil: valid
		chain Chain
	}{
		{"no 0x, no chain", ChainUnknown, v[2:], ErrUnknownFormat, ""},
		{"no 0x, lower, no chain", ChainUnknown, strings.ToLower(v[2:]), ErrUnknownFormat, ""},
		{"no 0x, evm", ChainEVM, v[2:], nil, ChainEVM},
		{"no 0x, lower, evm", ChainEVM, strings.ToLower(v[2:]), nil, ChainEVM},
		{"evm", ChainEVM, v, nil, ChainEVM},
		{"surrounding space", ChainUnknown, " \t" + v + "\n", nil, ChainEVM},
		{"41 digits", ChainUnknown, v + "0", ErrInvalid, ""},
		{"39 digits", ChainUnknown, v[:41], ErrInvalid, ""},
		{"0x only", ChainUnknown, "0x", ErrInvalid, ""},
		{"non-hex", ChainUnknown, v[:41] + "g", ErrInvalid, ""},
		{"no 0x, wrong length, evm", ChainEVM, v[2:41], ErrInvalid, ""},
		{"inner space", ChainUnknown, v[:20] + " " + v[20:], ErrInvalid, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := ParseAs(tt.hint, tt.in)
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Fatalf("ParseAs(%q, %q) = %+v, %v; want %v", tt.hint, tt.in, a, err, tt.err)
				}
				if a.Key != "" {
					t.Fatalf("ParseAs(%q, %q) set a key with error %v", tt.hint, tt.in, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseAs(%q, %q): %v", tt.hint, tt.in, err)
			}
			if a.Key != want || a.Chain != tt.chain || a.Canonical != v {
				t.Fatalf("ParseAs(%q, %q) = %+v", tt.hint, tt.in, a)
			}
		})
	}
}

// A 64-hex value (the "XMR" value of the 2025-11-19 list; a key or a hash) is no address.
func TestParseEVM64Hex(t *testing.T) {
	const h = "5be5543ff73456ab9f2d207887e2af87322c651ea1a873c5b25b7ffae456c320"
	for _, in := range []string{h, strings.ToUpper(h)} {
		if a, err := Parse(in); !errors.Is(err, ErrUnknownFormat) {
			t.Errorf("Parse(64 hex) = %+v, %v; want ErrUnknownFormat", a, err)
		}
	}
	if a, err := ParseAs(ChainEVM, h); err == nil || a.Key != "" {
		t.Errorf("ParseAs(evm, 64 hex) = %+v, %v; want an error", a, err)
	}
	if a, err := Parse("0x" + h); !errors.Is(err, ErrInvalid) {
		t.Errorf("Parse(0x + 64 hex) = %+v, %v; want ErrInvalid", a, err)
	}
}

// Every EVM value of the 2025-11-19 list (and of the newer ultrasound.money export)
// parses to the EVM chain, with the same key in every case form.
func TestParseEVMListed(t *testing.T) {
	var values [][2]string // ticker, value
	for _, ticker := range []string{"ETH", "ARB", "BSC", "ETC", "USDC", "USDT"} {
		for _, v := range listedValues(t, ticker) {
			if strings.HasPrefix(v, "0x") {
				values = append(values, [2]string{ticker, v})
			}
		}
	}
	f, err := os.Open(filepath.Join(testdata.Dir(t), "lists", "ultrasoundmoney", "data.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range rows[1:] {
		values = append(values, [2]string{"ETH", row[0]})
	}
	if len(values) < 150 {
		t.Fatalf("only %d EVM values", len(values))
	}
	for _, tv := range values {
		ticker, v := tv[0], tv[1]
		a, err := ParseListed(ticker, v)
		if err != nil {
			t.Errorf("ParseListed(%s, %s): %v", ticker, v, err)
			continue
		}
		if a.Chain != ChainEVM || a.Kind != KindAccount {
			t.Errorf("ParseListed(%s, %s): chain %s kind %s", ticker, v, a.Chain, a.Kind)
		}
		want := EVMKey(common.HexToAddress(v))
		if a.Key != want || !strings.EqualFold(a.Canonical, v) {
			t.Errorf("ParseListed(%s, %s) = key %x canonical %s", ticker, v, a.Key, a.Canonical)
		}
		for _, form := range []string{strings.ToLower(v), "0x" + strings.ToUpper(v[2:]), a.Canonical} {
			if b, err := Parse(form); err != nil || b.Key != want {
				t.Errorf("Parse(%s) = key %x, %v; want key %x", form, b.Key, err, want)
			}
		}
	}
}

// TestEIP55IsGeth: the checksum parseEVM computes with its pooled Keccak state is the
// text go-ethereum's common.Address.Hex gives, for the all-zero and all-one addresses
// and 20,000 random ones, whatever the case and prefix of the input.
func TestEIP55IsGeth(t *testing.T) {
	rng := rand.New(rand.NewPCG(55, 55))
	addrs := []common.Address{{}, common.HexToAddress("0xffffffffffffffffffffffffffffffffffffffff")}
	for range 20_000 {
		var a common.Address
		fill(rng, a[:])
		addrs = append(addrs, a)
	}
	for _, addr := range addrs {
		want := addr.Hex()
		lower := strings.ToLower(want)
		for _, in := range []string{want, lower, "0x" + strings.ToUpper(lower[2:]), "0X" + want[2:], lower[2:]} {
			a, err := ParseAs(ChainEVM, in)
			if err != nil || a.Canonical != want || a.Key != EVMKey(addr) {
				t.Fatalf("ParseAs(evm, %s) = %q key %x, %v; want %q key %x", in, a.Canonical, a.Key, err, want, EVMKey(addr))
			}
		}
	}
}
