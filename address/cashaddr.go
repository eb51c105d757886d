package address

import (
	"fmt"
	"slices"
	"strings"

	"github.com/btcsuite/btcd/btcutil/bech32"
)

// Bitcoin Cash CashAddr: "bitcoincash:" prefix (optional), base32 payload of a
// version byte and a hash, 40-bit BCH checksum over the prefix and the payload.
// See https://reference.cash/protocol/blockchain/encoding/cashaddr.

// cashAddrCharset is the base32 alphabet of CashAddr (the same as bech32).
const cashAddrCharset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"

// cashAddrPrefix is the mainnet prefix.
const cashAddrPrefix = "bitcoincash"

// cashAddrNets maps a prefix to "" for mainnet or the name of the test network.
var cashAddrNets = map[string]string{
	cashAddrPrefix: "",
	"bchtest":      "bitcoin-cash testnet",
	"bchreg":       "bitcoin-cash regtest",
}

// cashAddrSizes are the hash lengths of the eight size codes of the version byte.
var cashAddrSizes = [8]int{20, 24, 28, 32, 40, 48, 56, 64}

// cashAddrRev maps an ASCII byte to its 5-bit value, or -1.
var cashAddrRev = func() (t [256]int8) {
	for i := range t {
		t[i] = -1
	}
	for i := 0; i < len(cashAddrCharset); i++ {
		t[cashAddrCharset[i]] = int8(i)
	}
	return t
}()

// cashPolymod is the CashAddr checksum function: it returns 0 for a valid
// prefix + payload + checksum sequence.
func cashPolymod(prefix string, values []byte, zeros int) uint64 {
	c := uint64(1)
	step := func(d byte) {
		c0 := byte(c >> 35)
		c = ((c & 0x07ffffffff) << 5) ^ uint64(d)
		if c0&0x01 != 0 {
			c ^= 0x98f2bc8e61
		}
		if c0&0x02 != 0 {
			c ^= 0x79b76d99e2
		}
		if c0&0x04 != 0 {
			c ^= 0xf33e5fb3c4
		}
		if c0&0x08 != 0 {
			c ^= 0xae2eabe2a8
		}
		if c0&0x10 != 0 {
			c ^= 0x1e4f43e470
		}
	}
	for i := 0; i < len(prefix); i++ {
		step(prefix[i] & 0x1f)
	}
	step(0)
	for _, v := range values {
		step(v)
	}
	for i := 0; i < zeros; i++ {
		step(0)
	}
	return c ^ 1
}

// cashAddrBodyLens are the lengths of a CashAddr payload with checksum (without
// prefix), one for each of the eight hash sizes.
var cashAddrBodyLens = func() []int {
	ns := make([]int, 0, len(cashAddrSizes))
	for _, size := range cashAddrSizes {
		ns = append(ns, (8+8*size+4)/5+8)
	}
	return ns
}()

// cashAddrBodyLen reports whether n is one of cashAddrBodyLens.
func cashAddrBodyLen(n int) bool { return slices.Contains(cashAddrBodyLens, n) }

// parseCashAddr parses a Bitcoin Cash CashAddr address, with or without its prefix.
func parseCashAddr(s string, hint Chain) (Address, error) {
	i := strings.IndexByte(s, ':')
	if i < 0 && !cashAddrBodyLen(len(s)) {
		return Address{}, perr(s, hint, ErrUnknownFormat, "") // cheap exit for other shapes
	}
	lower := strings.ToLower(s)
	prefix, body := "", lower
	if i >= 0 {
		prefix, body = lower[:i], lower[i+1:]
		if _, ok := cashAddrNets[prefix]; !ok {
			return Address{}, perr(s, hint, ErrUnknownFormat, "")
		}
	} else {
		// Without a prefix, claim only text that has the exact shape: a known length,
		// only base32 characters, and a first character for type 0..3 ('q','p','z','r').
		if strings.IndexByte("qpzr", body[0]) < 0 {
			return Address{}, perr(s, hint, ErrUnknownFormat, "")
		}
		for j := 0; j < len(body); j++ {
			if cashAddrRev[body[j]] < 0 {
				return Address{}, perr(s, hint, ErrUnknownFormat, "")
			}
		}
	}
	ec := hint
	if ec == ChainUnknown {
		ec = ChainBitcoinCash
	}
	fail := func(err error, format string, args ...any) (Address, error) {
		return Address{}, perr(s, ec, err, fmt.Sprintf(format, args...))
	}
	if mixedCase(s) {
		return fail(ErrInvalid, "CashAddr mixes upper and lower case")
	}
	if len(body) < 8+2 {
		return fail(ErrInvalid, "CashAddr payload too short")
	}
	values := make([]byte, len(body))
	for i := 0; i < len(body); i++ {
		v := cashAddrRev[body[i]]
		if v < 0 {
			return fail(ErrInvalid, "character %q at %d is not in the CashAddr alphabet", body[i], len(prefix)+1+i)
		}
		values[i] = byte(v)
	}
	if prefix == "" {
		// The checksum covers the prefix: find which network the text was made for.
		for _, p := range []string{cashAddrPrefix, "bchtest", "bchreg"} {
			if cashPolymod(p, values, 0) == 0 {
				prefix = p
				break
			}
		}
		if prefix == "" {
			return fail(ErrChecksum, "CashAddr checksum does not verify")
		}
	} else if cashPolymod(prefix, values, 0) != 0 {
		return fail(ErrChecksum, "CashAddr checksum does not verify")
	}
	payload, err := bech32.ConvertBits(values[:len(values)-8], 5, 8, false)
	if err != nil || len(payload) < 1 {
		return fail(ErrInvalid, "CashAddr payload has bad padding")
	}
	version, hash := payload[0], payload[1:]
	if version&0x80 != 0 {
		return fail(ErrInvalid, "CashAddr version byte 0x%02x has the reserved bit set", version)
	}
	if want := cashAddrSizes[version&7]; len(hash) != want {
		return fail(ErrInvalid, "CashAddr hash is %d bytes, version byte says %d", len(hash), want)
	}
	var kind Kind
	switch typ := version >> 3; typ {
	case 0, 2: // 2: token-aware P2PKH, the same locking script
		kind = KindP2PKH
	case 1, 3: // 3: token-aware P2SH
		kind = KindP2SH
	default:
		return fail(ErrInvalid, "CashAddr type %d is not P2PKH or P2SH", typ)
	}
	canonical, err := CashAddrEncode(kind, hash)
	if err != nil {
		return fail(ErrInvalid, "%s with a %d-byte hash", kind, len(hash))
	}
	if net := cashAddrNets[prefix]; net != "" {
		return fail(ErrNetwork, "%s address (prefix %q)", net, prefix)
	}
	if hint != ChainUnknown && hint != ChainBitcoinCash {
		return fail(ErrWrongChain, "valid %s address, not %s", ChainBitcoinCash, hint)
	}
	return Address{
		Chain:     ChainBitcoinCash,
		Kind:      kind,
		Canonical: canonical,
		Key:       base58HashKey(legacyVersion(kind), hash),
	}, nil
}

// legacyVersion is the Bitcoin base58check version byte of kind: CashAddr keys use it,
// so that CashAddr and legacy "1…"/"3…" texts of one address share the key.
func legacyVersion(kind Kind) []byte {
	if kind == KindP2SH {
		return []byte{0x05}
	}
	return []byte{0x00}
}

// CashAddrEncode returns the canonical Bitcoin Cash CashAddr text (lower case, with
// the "bitcoincash:" prefix) of a P2PKH (20-byte hash) or P2SH (20-byte hash, or
// 32-byte hash for P2SH32) address. Other kinds or hash lengths are ErrInvalid.
func CashAddrEncode(kind Kind, hash []byte) (string, error) {
	var version byte
	switch {
	case kind == KindP2PKH && len(hash) == 20:
		version = 0x00
	case kind == KindP2SH && len(hash) == 20:
		version = 0x08
	case kind == KindP2SH && len(hash) == 32:
		version = 0x0b
	default:
		return "", perr(fmt.Sprintf("%x", hash), ChainBitcoinCash, ErrInvalid,
			fmt.Sprintf("no CashAddr for %s with a %d-byte hash", kind, len(hash)))
	}
	payload := make([]byte, 0, 1+len(hash))
	payload = append(payload, version)
	payload = append(payload, hash...)
	values, err := bech32.ConvertBits(payload, 8, 5, true)
	if err != nil {
		return "", perr(fmt.Sprintf("%x", hash), ChainBitcoinCash, ErrInvalid, err.Error())
	}
	sum := cashPolymod(cashAddrPrefix, values, 8)
	var b strings.Builder
	b.Grow(len(cashAddrPrefix) + 1 + len(values) + 8)
	b.WriteString(cashAddrPrefix)
	b.WriteByte(':')
	for _, v := range values {
		b.WriteByte(cashAddrCharset[v])
	}
	for i := 0; i < 8; i++ {
		b.WriteByte(cashAddrCharset[(sum>>(5*(7-i)))&0x1f])
	}
	return b.String(), nil
}
