package address

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/btcsuite/btcd/btcutil/base58"
)

// rippleAlphabet is the XRP Ledger's base58 alphabet: the same scheme as Bitcoin's
// base58 with the digits permuted.
const rippleAlphabet = "rpshnaf39wBUDNEGHJKLM4PQRST7VWXYZ2bcdeCg65jkm8oFqi1tuvAxyz"

// bitcoinAlphabet is Bitcoin's base58 alphabet (btcutil/base58).
const bitcoinAlphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"

// rippleToBitcoin translates Ripple digits into Bitcoin digits of the same value, so
// that btcutil/base58 does the arithmetic and the checksum.
var rippleToBitcoin = func() *strings.Replacer {
	var pairs []string
	for i := 0; i < len(rippleAlphabet); i++ {
		pairs = append(pairs, rippleAlphabet[i:i+1], bitcoinAlphabet[i:i+1])
	}
	return strings.NewReplacer(pairs...)
}()

// X-address prefixes (XLS-5d): mainnet "X…", testnet "T…".
var (
	xAddrMainnet = []byte{0x05, 0x44}
	xAddrTestnet = []byte{0x04, 0x93}
)

const (
	rippleAccountLen = 20
	rippleMinLen     = 25 // characters of a classic address
	rippleMaxLen     = 35
	xAddrLen         = 47 // characters of an X-address
	xAddrBytes       = 2 + rippleAccountLen + 1 + 8
)

// parseRipple parses an XRP Ledger address: a classic address ("r…", base58check in
// the Ripple alphabet, version 0x00, 20-byte account id) or an X-address ("X…",
// account id plus an optional destination tag). Both give the key of the account id,
// so an X-address matches the listed classic address of its account.
func parseRipple(s string, hint Chain) (Address, error) {
	switch {
	case s[0] == 'r' && len(s) >= rippleMinLen && len(s) <= rippleMaxLen && rippleDigits(s):
		return parseRippleClassic(s, hint)
	case (s[0] == 'X' || s[0] == 'T') && len(s) == xAddrLen && rippleDigits(s):
		return parseXAddress(s, hint)
	}
	return Address{}, perr(s, hint, ErrUnknownFormat, "")
}

func parseRippleClassic(s string, hint Chain) (Address, error) {
	payload, version, err := base58.CheckDecode(rippleToBitcoin.Replace(s))
	switch {
	case err == nil && version == 0 && len(payload) == rippleAccountLen:
		return Address{
			Chain:     ChainRipple,
			Kind:      KindAccount,
			Canonical: s,
			Key:       taggedKey(tagRipple, payload),
		}, nil
	case errors.Is(err, base58.ErrChecksum):
		return Address{}, perr(s, ChainRipple, ErrChecksum, "base58check checksum does not verify")
	case err == nil:
		return Address{}, perr(s, ChainRipple, ErrInvalid,
			fmt.Sprintf("version byte 0x%02x and %d-byte payload, an XRP account has 0x00 and 20", version, len(payload)))
	}
	return Address{}, perr(s, hint, ErrUnknownFormat, "")
}

func parseXAddress(s string, hint Chain) (Address, error) {
	b := base58.Decode(rippleToBitcoin.Replace(s))
	if len(b) != xAddrBytes+4 {
		return Address{}, perr(s, hint, ErrUnknownFormat, "")
	}
	body := b[:xAddrBytes]
	prefix := body[:2]
	if !bytes.Equal(prefix, xAddrMainnet) && !bytes.Equal(prefix, xAddrTestnet) {
		return Address{}, perr(s, hint, ErrUnknownFormat, "")
	}
	if base58.CheckEncode(body[1:], body[0]) != rippleToBitcoin.Replace(s) {
		return Address{}, perr(s, ChainRipple, ErrChecksum, "X-address checksum does not verify")
	}
	if bytes.Equal(prefix, xAddrTestnet) {
		return Address{}, perr(s, ChainRipple, ErrNetwork, "XRP Ledger testnet X-address")
	}
	account := body[2 : 2+rippleAccountLen]
	flag := body[2+rippleAccountLen]
	tag := body[3+rippleAccountLen:]
	switch {
	case flag > 1:
		return Address{}, perr(s, ChainRipple, ErrInvalid, fmt.Sprintf("X-address tag flag %d", flag))
	case flag == 0 && binary.LittleEndian.Uint64(tag) != 0:
		return Address{}, perr(s, ChainRipple, ErrInvalid, "X-address without tag has non-zero tag bytes")
	case binary.LittleEndian.Uint32(tag[4:]) != 0:
		return Address{}, perr(s, ChainRipple, ErrInvalid, "X-address tag wider than 32 bits")
	}
	a := Address{
		Chain:     ChainRipple,
		Kind:      KindAccount,
		Canonical: s,
		Key:       taggedKey(tagRipple, account),
	}
	if flag == 1 {
		a.Tag = strconv.FormatUint(uint64(binary.LittleEndian.Uint32(tag)), 10)
	}
	return a, nil
}

// rippleDigits reports whether s is non-empty and only has Ripple base58 digits.
func rippleDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(rippleAlphabet, s[i]) < 0 {
			return false
		}
	}
	return true
}
