package address

import (
	"errors"
	"testing"

	"github.com/btcsuite/btcd/btcutil/base58"
)

func TestParseSolana(t *testing.T) {
	for _, v := range []string{
		"11111111111111111111111111111111",             // the system program: 32 zero bytes
		"TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA",  // the SPL token program ('T…', not Tron)
		"EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v", // the USDC mint
	} {
		a, err := Parse(v)
		if err != nil {
			t.Errorf("Parse(%s): %v", v, err)
			continue
		}
		b := base58.Decode(v)
		if a.Chain != ChainSolana || a.Kind != KindAccount || a.Canonical != v || a.Key != taggedKey(tagSolana, b) {
			t.Errorf("Parse(%s) = %+v", v, a)
		}
	}
}

func TestParseSolanaErrors(t *testing.T) {
	usdc := "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v"
	for _, in := range []string{
		base58.Encode(make([]byte, 31)),                       // 31 bytes
		base58.Encode(append([]byte{1}, make([]byte, 32)...)), // 33 bytes
		usdc[:43] + "0",                     // '0' is not base58
		usdc + "1",                          // 45 characters
		"1111111111111111111111111111111",   // 31 zero bytes
		"111111111111111111111111111111111", // 33 zero bytes
	} {
		if a, err := Parse(in); !errors.Is(err, ErrUnknownFormat) || a.Key != "" {
			t.Errorf("Parse(%s) = %+v, %v; want ErrUnknownFormat", in, a, err)
		}
		if _, err := ParseAs(ChainSolana, in); err == nil {
			t.Errorf("ParseAs(solana, %s): no error", in)
		}
	}
}

func TestParseSolanaListed(t *testing.T) {
	for _, v := range listedValues(t, "SOL") {
		a, err := ParseListed("SOL", v)
		if err != nil {
			t.Errorf("ParseListed(SOL, %s): %v", v, err)
			continue
		}
		if a.Chain != ChainSolana || a.Canonical != v || len(a.Key) != 33 {
			t.Errorf("ParseListed(SOL, %s) = %+v", v, a)
		}
		if b, err := Parse(v); err != nil || b.Key != a.Key {
			t.Errorf("Parse(%s) = %+v, %v", v, b, err)
		}
	}
}
