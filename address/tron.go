package address

import (
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/btcsuite/btcd/btcutil/base58"
)

const (
	// tronVersion is the first byte of every Tron mainnet address.
	tronVersion = 0x41
	// tronLen is the length of a base58check Tron address ("T…").
	tronLen = 34
)

// parseTron parses a Tron address: base58check with version byte 0x41 and a 20-byte
// hash ("T…", 34 characters), or, when the caller named Tron, the hex form "41"
// followed by 40 hex digits. The canonical text is the base58 form; the key holds
// the 21 decoded bytes (0x41 + hash).
func parseTron(s string, hint Chain) (Address, error) {
	if hint == ChainTron && len(s) == 2+evmHexLen && acctNonHex(s) < 0 {
		return parseTronHex(s)
	}
	if len(s) != tronLen || s[0] != 'T' {
		return Address{}, perr(s, hint, ErrUnknownFormat, "")
	}
	if ver, h, ok := fastBase58Check25(s); ok && ver == tronVersion {
		return tronAddress(s, h[:]), nil // the common case, without math/big
	}
	payload, version, err := base58.CheckDecode(s)
	switch {
	case errors.Is(err, base58.ErrChecksum):
		return Address{}, perr(s, ChainTron, ErrChecksum, "base58check checksum does not verify")
	case err != nil:
		// Not base58, or too short once decoded: not a Tron address; another
		// family (Solana) may still want it.
		return Address{}, perr(s, hint, ErrUnknownFormat, "")
	case version != tronVersion || len(payload) != 20:
		return Address{}, perr(s, ChainTron, ErrInvalid,
			fmt.Sprintf("version byte 0x%02x and %d-byte payload, a Tron address has 0x41 and 20", version, len(payload)))
	}
	return tronAddress(s, payload), nil
}

// parseTronHex parses the hex form "41" + 40 hex digits (as used in Tron's APIs).
func parseTronHex(s string) (Address, error) {
	b, err := hex.DecodeString(s)
	if err != nil {
		return Address{}, perr(s, ChainTron, ErrInvalid, err.Error())
	}
	if b[0] != tronVersion {
		return Address{}, perr(s, ChainTron, ErrInvalid,
			fmt.Sprintf("hex form starts with %02x, a Tron address starts with 41", b[0]))
	}
	return tronAddress(base58.CheckEncode(b[1:], tronVersion), b[1:]), nil
}

func tronAddress(canonical string, hash []byte) Address {
	return Address{
		Chain:     ChainTron,
		Kind:      KindAccount,
		Canonical: canonical,
		Key:       taggedKey(tagTron, []byte{tronVersion}, hash),
	}
}
