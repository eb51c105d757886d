package address

import (
	"errors"
	"fmt"
	"hash/crc32"
	"strings"

	"github.com/btcsuite/btcd/btcutil/base58"
	"github.com/btcsuite/btcd/btcutil/bech32"
)

// Cardano addresses.
//
// Shelley (CIP-19): bech32 (with no length limit) of a header byte — the address type
// in the high nibble, the network id in the low nibble — and the payload: one or two
// 28-byte credentials (key or script hashes), or a credential and a stake pointer
// (three variable-length naturals). The human-readable part is "addr"/"addr_test" for
// payment addresses and "stake"/"stake_test" for reward addresses.
//
// Byron: base58 of the CBOR array [tag 24 (bytes: CBOR [root, attributes, type]),
// CRC32 of those bytes]. A mainnet Byron address has no network-magic attribute (2).
//
// The key is the decoded bytes: the header byte of a Shelley address and the first
// CBOR byte of a Byron address (0x82, type 8 in CIP-19's header numbering) never
// collide.

const (
	cardanoCredLen     = 28
	cardanoMainnet     = 1
	cardanoTestnet     = 0
	cardanoByronMinLen = 50 // characters; the shortest Byron address has about 58
)

// cardanoHRPs maps the human-readable parts to (reward, testnet).
var cardanoHRPs = map[string][2]bool{
	"addr": {false, false}, "addr_test": {false, true},
	"stake": {true, false}, "stake_test": {true, true},
}

func parseCardano(s string, hint Chain) (Address, error) {
	if one := strings.LastIndexByte(s, '1'); one > 0 {
		if _, ok := cardanoHRPs[strings.ToLower(s[:one])]; ok {
			return parseShelley(s, strings.ToLower(s[:one]))
		}
	}
	if len(s) >= cardanoByronMinLen && base58Digits(s) {
		return parseByron(s, hint)
	}
	return Address{}, perr(s, hint, ErrUnknownFormat, "")
}

func parseShelley(s, hrp string) (Address, error) {
	fail := func(err error, format string, args ...any) (Address, error) {
		return Address{}, perr(s, ChainCardano, err, fmt.Sprintf(format, args...))
	}
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
	if variant != bech32.Version0 {
		return fail(ErrChecksum, "a Cardano address has a bech32 checksum, not bech32m")
	}
	b, err := bech32.ConvertBits(data, 5, 8, false)
	if err != nil {
		return fail(ErrInvalid, "%v", err)
	}
	if len(b) == 0 {
		return fail(ErrInvalid, "no header byte")
	}
	typ, network := b[0]>>4, b[0]&0x0f
	rest := b[1:]
	var kind Kind
	switch typ {
	case 0, 1, 2, 3:
		kind = KindBase
		if len(rest) != 2*cardanoCredLen {
			return fail(ErrInvalid, "base address payload of %d bytes, want %d", len(rest), 2*cardanoCredLen)
		}
	case 4, 5:
		kind = KindPointer
		if len(rest) < cardanoCredLen {
			return fail(ErrInvalid, "pointer address payload of %d bytes", len(rest))
		}
		if err := cardanoPointer(rest[cardanoCredLen:]); err != nil {
			return fail(ErrInvalid, "stake pointer: %v", err)
		}
	case 6, 7, 14, 15:
		kind = KindEnterprise
		if typ >= 14 {
			kind = KindReward
		}
		if len(rest) != cardanoCredLen {
			return fail(ErrInvalid, "%s address payload of %d bytes, want %d", kind, len(rest), cardanoCredLen)
		}
	default:
		return fail(ErrInvalid, "header type %d is not a Shelley address type", typ)
	}
	flags := cardanoHRPs[hrp]
	if flags[0] != (kind == KindReward) {
		return fail(ErrInvalid, "%s address with human-readable part %q", kind, hrp)
	}
	switch {
	case network == cardanoMainnet && !flags[1]:
	case network == cardanoTestnet && flags[1]:
		return fail(ErrNetwork, "Cardano test network address (%q, network id 0)", hrp)
	case network != cardanoMainnet && network != cardanoTestnet:
		return fail(ErrNetwork, "Cardano network id %d", network)
	default:
		return fail(ErrInvalid, "network id %d with human-readable part %q", network, hrp)
	}
	return Address{Chain: ChainCardano, Kind: kind, Canonical: strings.ToLower(s),
		Key: taggedKey(tagCardano, b)}, nil
}

// cardanoPointer checks a stake pointer: exactly three variable-length naturals (7 bits
// per byte, big-endian, high bit set on every byte but the last), each within 64 bits.
func cardanoPointer(b []byte) error {
	for i := range 3 {
		var v uint64
		for n := 0; ; n++ {
			if len(b) == 0 {
				return fmt.Errorf("truncated natural %d", i+1)
			}
			if n == 10 || v>>57 != 0 {
				return fmt.Errorf("natural %d exceeds 64 bits", i+1)
			}
			c := b[0]
			b = b[1:]
			v = v<<7 | uint64(c&0x7f)
			if c&0x80 == 0 {
				break
			}
		}
	}
	if len(b) != 0 {
		return fmt.Errorf("%d trailing bytes", len(b))
	}
	return nil
}

func parseByron(s string, hint Chain) (Address, error) {
	b := base58.Decode(s)
	if len(b) < 3 || b[0] != 0x82 || b[1] != 0xd8 || b[2] != 0x18 {
		// Not the CBOR of a Byron address (or not base58).
		if hint == ChainCardano && len(b) > 0 {
			return Address{}, perr(s, ChainCardano, ErrInvalid, "base58 text is not a Byron address (CBOR [tag 24, crc])")
		}
		return Address{}, perr(s, hint, ErrUnknownFormat, "")
	}
	fail := func(err error, format string, args ...any) (Address, error) {
		return Address{}, perr(s, ChainCardano, err, fmt.Sprintf(format, args...))
	}
	r := cborReader{b: b[3:]}
	payload, err := r.bytes()
	if err != nil {
		return fail(ErrInvalid, "address payload: %v", err)
	}
	crc, err := r.uint()
	if err != nil {
		return fail(ErrInvalid, "address checksum: %v", err)
	}
	if len(r.b) != 0 {
		return fail(ErrInvalid, "%d bytes after the address", len(r.b))
	}
	if crc > 0xffffffff || uint32(crc) != crc32.ChecksumIEEE(payload) {
		return fail(ErrChecksum, "CRC32 does not verify")
	}
	// The payload: [root (28 bytes), attributes (map), type (0, 1 or 2)].
	p := cborReader{b: payload}
	if n, err := p.head(cborArray); err != nil || n != 3 {
		return fail(ErrInvalid, "address payload is not a 3-element array")
	}
	root, err := p.bytes()
	if err != nil || len(root) != cardanoCredLen {
		return fail(ErrInvalid, "address root is not 28 bytes")
	}
	attrs, err := p.head(cborMap)
	if err != nil {
		return fail(ErrInvalid, "address attributes: %v", err)
	}
	testnet := false
	for range attrs {
		k, err := p.uint()
		if err != nil {
			return fail(ErrInvalid, "attribute key: %v", err)
		}
		if _, err := p.bytes(); err != nil {
			return fail(ErrInvalid, "attribute %d: %v", k, err)
		}
		testnet = testnet || k == 2 // the network magic: only test networks carry it
	}
	typ, err := p.uint()
	if err != nil || typ > 2 {
		return fail(ErrInvalid, "address type is not 0, 1 or 2")
	}
	if len(p.b) != 0 {
		return fail(ErrInvalid, "%d bytes after the address payload", len(p.b))
	}
	if testnet {
		return fail(ErrNetwork, "Byron address with a network magic (a test network)")
	}
	return Address{Chain: ChainCardano, Kind: KindByron, Canonical: s, Key: taggedKey(tagCardano, b)}, nil
}

// base58Digits reports whether s is non-empty and only has Bitcoin base58 digits.
func base58Digits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(bitcoinAlphabet, s[i]) < 0 {
			return false
		}
	}
	return true
}

// A minimal reader of definite-length CBOR (RFC 8949), for Byron addresses only:
// unsigned integers, byte strings, arrays and maps.
const (
	cborUint  = 0
	cborBytes = 2
	cborArray = 4
	cborMap   = 5
)

var errCBOR = errors.New("malformed CBOR")

type cborReader struct{ b []byte }

// head reads an item head of the given major type and returns its argument.
func (r *cborReader) head(major byte) (uint64, error) {
	if len(r.b) == 0 {
		return 0, fmt.Errorf("%w: truncated", errCBOR)
	}
	c := r.b[0]
	if c>>5 != major {
		return 0, fmt.Errorf("%w: major type %d, want %d", errCBOR, c>>5, major)
	}
	info := c & 0x1f
	r.b = r.b[1:]
	if info < 24 {
		return uint64(info), nil
	}
	if info > 27 {
		return 0, fmt.Errorf("%w: additional information %d (indefinite or reserved)", errCBOR, info)
	}
	n := 1 << (info - 24)
	if len(r.b) < n {
		return 0, fmt.Errorf("%w: truncated", errCBOR)
	}
	var v uint64
	for _, x := range r.b[:n] {
		v = v<<8 | uint64(x)
	}
	r.b = r.b[n:]
	return v, nil
}

func (r *cborReader) uint() (uint64, error) { return r.head(cborUint) }

func (r *cborReader) bytes() ([]byte, error) {
	n, err := r.head(cborBytes)
	if err != nil {
		return nil, err
	}
	if n > uint64(len(r.b)) {
		return nil, fmt.Errorf("%w: byte string of %d bytes, %d left", errCBOR, n, len(r.b))
	}
	out := r.b[:n]
	r.b = r.b[n:]
	return out, nil
}
