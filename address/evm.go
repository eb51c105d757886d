package address

import (
	"encoding/hex"
	"fmt"
	"hash"
	"sync"

	"github.com/ethereum/go-ethereum/common"
	"golang.org/x/crypto/sha3"
)

// evmHexLen is the number of hex digits of a 20-byte EVM address.
const evmHexLen = 2 * common.AddressLength

// parseEVM parses an EVM address: "0x" (or "0X") followed by 40 hex digits, or the
// 40 hex digits alone when the caller named the EVM chain.
//
// All-lower-case and all-upper-case digits carry no checksum and are accepted as
// given. Mixed case is an EIP-55 checksum and must verify; when it does not, the
// returned Address is still complete (Key, Canonical) and the error wraps
// ErrChecksum, so that the caller can flag the mismatch and still look the bytes up.
func parseEVM(s string, hint Chain) (Address, error) {
	digits := s
	switch {
	case len(s) >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'):
		digits = s[2:]
		if len(digits) != evmHexLen {
			return Address{}, perr(s, ChainEVM, ErrInvalid,
				fmt.Sprintf("%d characters after 0x, an EVM address has %d hex digits", len(digits), evmHexLen))
		}
		if i := acctNonHex(digits); i >= 0 {
			return Address{}, perr(s, ChainEVM, ErrInvalid,
				fmt.Sprintf("non-hex character %q at position %d", digits[i], i+2))
		}
	case hint == ChainEVM:
		// Without 0x the text is only taken for EVM when it is all hex: anything
		// else may be a valid address of another chain (ParseAs then says so).
		if acctNonHex(digits) >= 0 {
			return Address{}, perr(s, hint, ErrUnknownFormat, "")
		}
		if len(digits) != evmHexLen {
			return Address{}, perr(s, ChainEVM, ErrInvalid,
				fmt.Sprintf("%d hex digits, an EVM address has %d", len(digits), evmHexLen))
		}
	default:
		// A bare 40- or 64-hex string (a key, a hash) is not an address unless
		// the caller says it is EVM.
		return Address{}, perr(s, hint, ErrUnknownFormat, "")
	}

	st := eip55Pool.Get().(*eip55State)
	var addr common.Address
	// Decoded from the pooled buffer: a []byte conversion of the 40 digits would allocate.
	if _, err := hex.Decode(addr[:], st.text[:copy(st.text[:], digits)]); err != nil {
		eip55Pool.Put(st)
		// Unreachable: the digits were checked above.
		return Address{}, perr(s, ChainEVM, ErrInvalid, err.Error())
	}
	st.checksum(&addr)
	a := Address{Chain: ChainEVM, Kind: KindAccount, Key: EVMKey(addr)}
	if s[1] == 'x' && digits == string(st.text[:]) {
		a.Canonical = s // already the EIP-55 text: no copy, no checksum to fail
		eip55Pool.Put(st)
		return a, nil
	}
	canonical := "0x" + string(st.text[:])
	eip55Pool.Put(st)
	a.Canonical = canonical
	if hasLower, hasUpper := acctLetterCase(digits); hasLower && hasUpper && digits != canonical[2:] {
		return a, perr(s, ChainEVM, ErrChecksum,
			"mixed-case hex fails the EIP-55 checksum (expected "+canonical+")")
	}
	return a, nil
}

// eip55State is the scratch space of one EIP-55 checksum: a Keccak-256 state and the
// buffers it reads and writes, kept in eip55Pool so that a parse allocates none of them.
type eip55State struct {
	h    hash.Hash
	text [evmHexLen]byte
	sum  [32]byte
}

// The Keccak-256 is x/crypto's (over the standard library's assembly permutation):
// about 15% faster here than go-ethereum's crypto/keccak on the 40-byte text.
var eip55Pool = sync.Pool{New: func() any { return &eip55State{h: sha3.NewLegacyKeccak256()} }}

// checksum writes the EIP-55 text of addr, without "0x", into st.text: the lower-case
// hex digits, each letter upper-cased where the matching nibble of the Keccak-256 of
// that lower-case text is 8 or more. It is the text common.Address.Hex returns
// (TestEIP55IsGeth compares them).
func (st *eip55State) checksum(addr *common.Address) {
	hex.Encode(st.text[:], addr[:])
	st.h.Reset()
	st.h.Write(st.text[:])
	st.h.Sum(st.sum[:0])
	for i, c := range st.text {
		nibble := st.sum[i/2] >> 4
		if i%2 == 1 {
			nibble = st.sum[i/2] & 0xf
		}
		if c > '9' && nibble > 7 {
			st.text[i] = c - 'a' + 'A'
		}
	}
}

// acctNonHex returns the index of the first byte of s that is not a hex digit, or -1.
func acctNonHex(s string) int {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return i
		}
	}
	return -1
}

// acctLetterCase reports whether s contains lower-case and upper-case ASCII letters.
func acctLetterCase(s string) (hasLower, hasUpper bool) {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case 'a' <= c && c <= 'z':
			hasLower = true
		case 'A' <= c && c <= 'Z':
			hasUpper = true
		}
	}
	return hasLower, hasUpper
}
