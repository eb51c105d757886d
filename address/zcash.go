package address

import (
	"errors"
	"fmt"
	"strings"

	"github.com/btcsuite/btcd/btcutil/base58"
	"github.com/btcsuite/btcd/btcutil/bech32"
)

// Zcash addresses: transparent t1/t3 (base58check with a two-byte version, like
// Bitcoin P2PKH/P2SH), and the shielded Sprout "zc…" (base58check), Sapling "zs1…"
// (bech32) and Unified "u1…" (bech32m) addresses, which are recognised and flagged
// Privacy: their transactions cannot be followed on the transparent ledger.

// Two-byte base58check versions.
var (
	zcashP2PKH       = [2]byte{0x1c, 0xb8} // t1
	zcashP2SH        = [2]byte{0x1c, 0xbd} // t3
	zcashTestP2PKH   = [2]byte{0x1d, 0x25} // tm
	zcashTestP2SH    = [2]byte{0x1c, 0xba} // t2
	zcashSprout      = [2]byte{0x16, 0x9a} // zc
	zcashTestSprout  = [2]byte{0x16, 0xb6} // zt
	zcashSproutBytes = 64                  // a_pk (32) + pk_enc (32)
)

// Lengths of the base58 texts: 2+20+4 bytes is 35 characters, 2+64+4 is 95.
const (
	zcashTransparentLen = 35
	zcashSproutLen      = 95
	zcashSaplingBytes   = 43 // diversifier (11) + pk_d (32)
	// zcashUnifiedMinBytes is the F4Jumble minimum; a unified address also has a
	// 16-byte padding block, so real ones are longer.
	zcashUnifiedMinBytes = 48
)

// parseZcash parses a Zcash transparent, Sprout, Sapling or Unified address.
func parseZcash(s string, hint Chain) (Address, error) {
	ec := hint
	if ec == ChainUnknown {
		ec = ChainZcash
	}
	fail := func(err error, format string, args ...any) (Address, error) {
		return Address{}, perr(s, ec, err, fmt.Sprintf(format, args...))
	}
	if one := strings.LastIndexByte(s, '1'); one > 0 {
		switch hrp := strings.ToLower(s[:one]); hrp {
		case "zs", "ztestsapling", "zregtestsapling":
			return parseZcashBech32(s, hint, hrp, fail)
		case "u", "utest", "uregtest":
			return parseZcashBech32(s, hint, hrp, fail)
		}
	}
	switch {
	case len(s) == zcashTransparentLen && s[0] == 't':
	case len(s) == zcashSproutLen && s[0] == 'z':
	default:
		return Address{}, perr(s, hint, ErrUnknownFormat, "")
	}
	raw := base58.Decode(s) // empty for characters outside the alphabet
	if len(raw) < 2 {
		return Address{}, perr(s, hint, ErrUnknownFormat, "")
	}
	prefix := [2]byte{raw[0], raw[1]}
	var kind Kind
	var payloadLen int
	testnet := false
	switch prefix {
	case zcashP2PKH, zcashTestP2PKH:
		kind, payloadLen, testnet = KindP2PKH, 20, prefix == zcashTestP2PKH
	case zcashP2SH, zcashTestP2SH:
		kind, payloadLen, testnet = KindP2SH, 20, prefix == zcashTestP2SH
	case zcashSprout, zcashTestSprout:
		kind, payloadLen, testnet = KindShielded, zcashSproutBytes, prefix == zcashTestSprout
	default:
		return Address{}, perr(s, hint, ErrUnknownFormat, "")
	}
	if len(raw) != 2+payloadLen+4 {
		return Address{}, perr(s, hint, ErrUnknownFormat, "")
	}
	// CheckDecode takes a one-byte version: the second prefix byte is the head of its
	// payload.
	body, _, err := base58.CheckDecode(s)
	if err != nil {
		return fail(ErrChecksum, "base58check checksum does not verify")
	}
	payload := body[1:]
	if testnet {
		return fail(ErrNetwork, "zcash testnet address")
	}
	if hint != ChainUnknown && hint != ChainZcash {
		return fail(ErrWrongChain, "valid %s address, not %s", ChainZcash, hint)
	}
	a := Address{Chain: ChainZcash, Kind: kind, Canonical: s}
	if kind == KindShielded {
		a.Privacy = true
		a.Key = taggedKey(tagZcashShielded, []byte("zc"), []byte{0}, payload)
	} else {
		a.Key = base58HashKey(prefix[:], payload)
	}
	return a, nil
}

// parseZcashBech32 parses a Sapling (bech32) or Unified (bech32m) address whose
// lower-case hrp is hrp.
func parseZcashBech32(s string, hint Chain, hrp string, fail func(error, string, ...any) (Address, error)) (Address, error) {
	unified := hrp[0] == 'u'
	if mixedCase(s) {
		return fail(ErrInvalid, "bech32 mixes upper and lower case")
	}
	_, data, variant, err := bech32.DecodeNoLimitWithVersion(s)
	if err != nil {
		var ce bech32.ErrInvalidChecksum
		if errors.As(err, &ce) {
			return fail(ErrChecksum, "bech32 checksum does not verify")
		}
		return fail(ErrInvalid, "%v", err)
	}
	if unified && variant != bech32.VersionM {
		return fail(ErrChecksum, "unified address must use a bech32m checksum")
	}
	if !unified && variant != bech32.Version0 {
		return fail(ErrChecksum, "sapling address must use a bech32 checksum")
	}
	raw, err := bech32.ConvertBits(data, 5, 8, false)
	if err != nil {
		return fail(ErrInvalid, "%v", err)
	}
	kind := KindShielded
	if unified {
		kind = KindUnified
		if len(raw) < zcashUnifiedMinBytes {
			return fail(ErrInvalid, "unified address is %d bytes, want at least %d", len(raw), zcashUnifiedMinBytes)
		}
	} else if len(raw) != zcashSaplingBytes {
		return fail(ErrInvalid, "sapling address is %d bytes, want %d", len(raw), zcashSaplingBytes)
	}
	if hrp != "zs" && hrp != "u" {
		return fail(ErrNetwork, "zcash test network address (hrp %q)", hrp)
	}
	if hint != ChainUnknown && hint != ChainZcash {
		return fail(ErrWrongChain, "valid %s address, not %s", ChainZcash, hint)
	}
	// The key of a unified address is its F4Jumble'd encoding: one set of receivers has
	// one encoding (receivers are sorted by type), so equal keys mean equal addresses.
	return Address{
		Chain:     ChainZcash,
		Kind:      kind,
		Canonical: strings.ToLower(s),
		Key:       taggedKey(tagZcashShielded, []byte(hrp), []byte{0}, raw),
		Privacy:   true,
	}, nil
}
