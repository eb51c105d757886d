package address

import (
	"encoding/hex"
	"fmt"

	"golang.org/x/crypto/blake2b"
)

// Sia addresses: the hex of a 32-byte unlock hash followed by the first 6 bytes of the
// BLAKE2b-256 digest of the hash (76 hex digits).
const (
	siaHashLen     = 32
	siaChecksumLen = 6
	siaLen         = 2 * (siaHashLen + siaChecksumLen)
)

// parseSia parses a Sia address. Hex digits may be upper or lower case; the canonical
// text is lower case, the key is the unlock hash.
func parseSia(s string, hint Chain) (Address, error) {
	if len(s) != siaLen || acctNonHex(s) >= 0 {
		return Address{}, perr(s, hint, ErrUnknownFormat, "")
	}
	b, err := hex.DecodeString(s)
	if err != nil {
		return Address{}, perr(s, ChainSiacoin, ErrInvalid, err.Error())
	}
	hash, sum := b[:siaHashLen], b[siaHashLen:]
	h := blake2b.Sum256(hash)
	if string(h[:siaChecksumLen]) != string(sum) {
		return Address{}, perr(s, ChainSiacoin, ErrChecksum, "BLAKE2b-256 checksum does not verify")
	}
	return Address{Chain: ChainSiacoin, Kind: KindAccount, Canonical: hex.EncodeToString(b),
		Key: taggedKey(tagSia, hash)}, nil
}

// IOST accounts are names of 5 to 11 characters from a-z, 0-9 and "_" (IOST's account
// rules). A name carries no checksum and no chain marker, so Parse never detects one;
// ParseAs(ChainIOST) and ParseListed("IOST", …) validate the name and key its exact text.
const (
	iostMinLen = 5
	iostMaxLen = 11
)

func parseIOST(s string, hint Chain) (Address, error) {
	if hint != ChainIOST {
		return Address{}, perr(s, hint, ErrUnknownFormat, "")
	}
	if len(s) < iostMinLen || len(s) > iostMaxLen {
		return Address{}, perr(s, ChainIOST, ErrInvalid,
			fmt.Sprintf("%d characters, an IOST account name has %d to %d", len(s), iostMinLen, iostMaxLen))
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('a' <= c && c <= 'z') && !('0' <= c && c <= '9') && c != '_' {
			return Address{}, perr(s, ChainIOST, ErrInvalid, fmt.Sprintf("character %q in an IOST account name", c))
		}
	}
	return Address{Chain: ChainIOST, Kind: KindAccount, Canonical: s, Key: taggedKey(tagIOST, []byte(s))}, nil
}
