package address

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math/bits"

	"filippo.io/edwards25519"
	"github.com/ethereum/go-ethereum/crypto"
)

// Monero network prefixes (varints; every one of them fits in one byte).
const (
	moneroMainStandard   = 18
	moneroMainIntegrated = 19
	moneroMainSubaddress = 42
)

// moneroNetworks maps the prefixes of the other networks to their names.
var moneroNetworks = map[uint64]string{
	53: "testnet", 54: "testnet", 63: "testnet",
	24: "stagenet", 25: "stagenet", 36: "stagenet",
}

// Monero address layout: prefix, public spend key, public view key, [payment id], checksum.
const (
	moneroKeyLen       = 32
	moneroPaymentIDLen = 8
	moneroChecksumLen  = 4
	moneroStdLen       = 95  // characters of a standard address or subaddress
	moneroIntLen       = 106 // characters of an integrated address
)

// parseMonero parses a Monero mainnet address: standard ("4…", 95 characters),
// subaddress ("8…", 95) or integrated ("4…", 106, with an 8-byte payment id).
//
// Both public keys must be points of ed25519, as Monero's own parser requires.
//
// The key is the tag, a kind byte (the network prefix), the public spend key and the
// public view key. An integrated address is a standard address plus a payment id:
// its key uses the standard prefix and leaves the payment id out, so that it matches
// the listed wallet it embeds. Monero addresses are flagged Privacy: transfers to
// them cannot be followed on a transparent ledger.
func parseMonero(s string, hint Chain) (Address, error) {
	if len(s) != moneroStdLen && len(s) != moneroIntLen {
		return Address{}, perr(s, hint, ErrUnknownFormat, "")
	}
	b, err := moneroBase58Decode(s)
	if err != nil {
		if s[0] == '4' || s[0] == '8' { // the first digit of every mainnet address
			return Address{}, perr(s, ChainMonero, ErrInvalid, err.Error())
		}
		return Address{}, perr(s, hint, ErrUnknownFormat, "")
	}
	prefix, n := binary.Uvarint(b)
	if n <= 0 {
		return Address{}, perr(s, hint, ErrUnknownFormat, "")
	}
	var kind Kind
	keyPrefix := byte(moneroMainStandard)
	switch prefix {
	case moneroMainStandard:
		kind = KindStandard
	case moneroMainSubaddress:
		kind, keyPrefix = KindSubaddress, moneroMainSubaddress
	case moneroMainIntegrated:
		kind = KindIntegrated
	default:
		if net, ok := moneroNetworks[prefix]; ok {
			if err := moneroChecksum(b); err != nil {
				return Address{}, perr(s, ChainMonero, ErrChecksum, err.Error())
			}
			return Address{}, perr(s, ChainMonero, ErrNetwork,
				fmt.Sprintf("Monero %s address (prefix %d)", net, prefix))
		}
		// Not a Monero prefix: not our shape.
		return Address{}, perr(s, hint, ErrUnknownFormat, "")
	}
	want := n + 2*moneroKeyLen + moneroChecksumLen
	if kind == KindIntegrated {
		want += moneroPaymentIDLen
	}
	if len(b) != want {
		return Address{}, perr(s, ChainMonero, ErrInvalid,
			fmt.Sprintf("%s address of %d bytes, want %d", kind, len(b), want))
	}
	if err := moneroChecksum(b); err != nil {
		return Address{}, perr(s, ChainMonero, ErrChecksum, err.Error())
	}
	spend := b[n : n+moneroKeyLen]
	view := b[n+moneroKeyLen : n+2*moneroKeyLen]
	// Monero's parser (get_account_address_from_str) refuses keys that are not
	// ed25519 points (crypto::check_key); so do we.
	if _, err := new(edwards25519.Point).SetBytes(spend); err != nil {
		return Address{}, perr(s, ChainMonero, ErrInvalid, "public spend key is not a valid ed25519 point")
	}
	if _, err := new(edwards25519.Point).SetBytes(view); err != nil {
		return Address{}, perr(s, ChainMonero, ErrInvalid, "public view key is not a valid ed25519 point")
	}
	return Address{
		Chain:     ChainMonero,
		Kind:      kind,
		Canonical: s, // the Monero base58 block encoding is bijective
		Key:       taggedKey(tagMonero, []byte{keyPrefix}, spend, view),
		Privacy:   true,
	}, nil
}

// moneroChecksum verifies the last 4 bytes of b: the first 4 bytes of the legacy
// Keccak-256 of the rest.
func moneroChecksum(b []byte) error {
	body, sum := b[:len(b)-moneroChecksumLen], b[len(b)-moneroChecksumLen:]
	h := crypto.Keccak256(body)
	if string(h[:moneroChecksumLen]) != string(sum) {
		return errors.New("keccak-256 checksum does not verify")
	}
	return nil
}

// Monero base58: the Bitcoin alphabet applied to 8-byte blocks, each encoded as
// exactly 11 characters (left-padded with '1'); a last partial block of n bytes is
// encoded as moneroEncodedBlockSizes[n] characters. Unlike Bitcoin's base58, it
// carries no leading-zero convention and every encoding is canonical.
const (
	moneroAlphabet      = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
	moneroFullBlock     = 8
	moneroFullBlockChar = 11
)

var moneroEncodedBlockSizes = [moneroFullBlock + 1]int{0, 2, 3, 5, 6, 7, 9, 10, 11}

// moneroDecodedBlockSizes is the inverse of moneroEncodedBlockSizes: -1 for an
// encoded length that no block length produces.
var moneroDecodedBlockSizes = func() (d [moneroFullBlockChar + 1]int) {
	for i := range d {
		d[i] = -1
	}
	for n, c := range moneroEncodedBlockSizes {
		d[c] = n
	}
	return d
}()

// moneroDigits maps an ASCII byte to its base58 digit, or 0xff.
var moneroDigits = func() (d [256]byte) {
	for i := range d {
		d[i] = 0xff
	}
	for i := 0; i < len(moneroAlphabet); i++ {
		d[moneroAlphabet[i]] = byte(i)
	}
	return d
}()

// errMoneroBase58 is returned by moneroBase58Decode for malformed input.
var errMoneroBase58 = errors.New("invalid Monero base58")

// moneroBase58Encode encodes b in Monero's block base58.
func moneroBase58Encode(b []byte) string {
	full, rem := len(b)/moneroFullBlock, len(b)%moneroFullBlock
	out := make([]byte, 0, full*moneroFullBlockChar+moneroEncodedBlockSizes[rem])
	for len(b) > 0 {
		n := min(len(b), moneroFullBlock)
		out = moneroEncodeBlock(out, b[:n])
		b = b[n:]
	}
	return string(out)
}

// moneroEncodeBlock appends the encoding of one block of 1 to 8 bytes.
func moneroEncodeBlock(out, block []byte) []byte {
	var num uint64
	for _, c := range block {
		num = num<<8 | uint64(c)
	}
	size := moneroEncodedBlockSizes[len(block)]
	start := len(out)
	for range size {
		out = append(out, moneroAlphabet[0])
	}
	for i := size - 1; i >= 0 && num > 0; i-- {
		out[start+i] = moneroAlphabet[num%58]
		num /= 58
	}
	return out
}

// moneroBase58Decode decodes Monero's block base58. It rejects characters outside
// the alphabet, a last block whose length no byte count encodes to, and blocks whose
// value does not fit in their byte count.
func moneroBase58Decode(s string) ([]byte, error) {
	full, rem := len(s)/moneroFullBlockChar, len(s)%moneroFullBlockChar
	last := moneroDecodedBlockSizes[rem]
	if last < 0 {
		return nil, fmt.Errorf("%w: last block of %d characters", errMoneroBase58, rem)
	}
	out := make([]byte, 0, full*moneroFullBlock+last)
	for len(s) > 0 {
		n := min(len(s), moneroFullBlockChar)
		var err error
		if out, err = moneroDecodeBlock(out, s[:n], moneroDecodedBlockSizes[n]); err != nil {
			return nil, err
		}
		s = s[n:]
	}
	return out, nil
}

// moneroDecodeBlock appends the size bytes encoded by block.
func moneroDecodeBlock(out []byte, block string, size int) ([]byte, error) {
	var num uint64
	for i := 0; i < len(block); i++ {
		d := moneroDigits[block[i]]
		if d == 0xff {
			return nil, fmt.Errorf("%w: character %q", errMoneroBase58, block[i])
		}
		hi, lo := bits.Mul64(num, 58)
		lo, carry := bits.Add64(lo, uint64(d), 0)
		if hi != 0 || carry != 0 {
			return nil, fmt.Errorf("%w: block %q overflows 8 bytes", errMoneroBase58, block)
		}
		num = lo
	}
	if size < moneroFullBlock && num>>(8*size) != 0 {
		return nil, fmt.Errorf("%w: block %q overflows %d bytes", errMoneroBase58, block, size)
	}
	for i := size - 1; i >= 0; i-- {
		out = append(out, byte(num>>(8*i)))
	}
	return out, nil
}
