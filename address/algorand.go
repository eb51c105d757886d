package address

import (
	"crypto/sha512"
	"fmt"
)

// Algorand addresses: base32 (RFC 4648, upper case, no padding) of a 32-byte ed25519
// public key followed by the last 4 bytes of its SHA-512/256 digest (58 characters).
const (
	algorandKeyLen      = 32
	algorandChecksumLen = 4
	algorandLen         = 58
)

// parseAlgorand parses an Algorand address. The key is the 32-byte public key.
func parseAlgorand(s string, hint Chain) (Address, error) {
	if len(s) != algorandLen || !base32Upper(s) {
		if hint == ChainAlgorand && base32Upper(s) {
			return Address{}, perr(s, ChainAlgorand, ErrInvalid,
				fmt.Sprintf("%d characters, an Algorand address has %d", len(s), algorandLen))
		}
		return Address{}, perr(s, hint, ErrUnknownFormat, "")
	}
	b, err := strkeyEncoding.DecodeString(s)
	if err != nil || len(b) != algorandKeyLen+algorandChecksumLen || strkeyEncoding.EncodeToString(b) != s {
		return Address{}, perr(s, ChainAlgorand, ErrInvalid, "not canonical base32")
	}
	key, sum := b[:algorandKeyLen], b[algorandKeyLen:]
	h := sha512.Sum512_256(key)
	if string(h[len(h)-algorandChecksumLen:]) != string(sum) {
		return Address{}, perr(s, ChainAlgorand, ErrChecksum, "SHA-512/256 checksum does not verify")
	}
	return Address{Chain: ChainAlgorand, Kind: KindAccount, Canonical: s,
		Key: taggedKey(tagAlgorand, key)}, nil
}
