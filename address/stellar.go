package address

import (
	"encoding/base32"
	"encoding/binary"
	"fmt"
)

// Stellar StrKey (SEP-23): base32 (RFC 4648, upper case, no padding) of a version byte,
// the payload and a CRC16-XModem checksum of both, little-endian. Account ids ("G…")
// carry a 32-byte ed25519 public key; muxed accounts ("M…") carry the key and a
// 64-bit id.
const (
	stellarVersionAccount = 6 << 3  // "G…"
	stellarVersionMuxed   = 12 << 3 // "M…"
	stellarVersionSeed    = 18 << 3 // "S…": a secret seed, never an address
	stellarKeyLen         = 32
	stellarAccountLen     = 56 // characters of an account id
	stellarMuxedLen       = 69 // characters of a muxed account
)

var strkeyEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// parseStellar parses a Stellar account id or muxed account. Both have the key of
// the account's ed25519 public key, so a muxed account matches its listed base account
// (as an XRP X-address matches its classic address). Lower-case text is refused, as
// Stellar's own decoders do.
func parseStellar(s string, hint Chain) (Address, error) {
	shape := (s[0] == 'G' && len(s) == stellarAccountLen) || (s[0] == 'M' && len(s) == stellarMuxedLen)
	if !base32Upper(s) || (hint != ChainStellar && !shape) {
		return Address{}, perr(s, hint, ErrUnknownFormat, "")
	}
	return stellarStrict(s)
}

// stellarStrict decodes s as a StrKey for the Stellar chain: every failure is a
// Stellar error.
func stellarStrict(s string) (Address, error) {
	fail := func(err error, format string, args ...any) (Address, error) {
		return Address{}, perr(s, ChainStellar, err, fmt.Sprintf(format, args...))
	}
	b, err := strkeyEncoding.DecodeString(s)
	if err != nil || strkeyEncoding.EncodeToString(b) != s {
		// The re-encoding refuses lengths no byte count gives and non-zero unused bits.
		return fail(ErrInvalid, "not canonical base32 (length %d or unused trailing bits)", len(s))
	}
	if len(b) < 3 {
		return fail(ErrInvalid, "%d bytes", len(b))
	}
	body, sum := b[:len(b)-2], binary.LittleEndian.Uint16(b[len(b)-2:])
	if crc16XModem(body) != sum {
		return fail(ErrChecksum, "CRC16-XModem checksum does not verify")
	}
	version, payload := body[0], body[1:]
	switch {
	case version == stellarVersionAccount && len(payload) == stellarKeyLen:
		return Address{Chain: ChainStellar, Kind: KindAccount, Canonical: s,
			Key: taggedKey(tagStellar, payload)}, nil
	case version == stellarVersionMuxed && len(payload) == stellarKeyLen+8:
		return Address{Chain: ChainStellar, Kind: KindMuxed, Canonical: s,
			Key: taggedKey(tagStellar, payload[:stellarKeyLen])}, nil
	case version == stellarVersionSeed:
		return fail(ErrInvalid, "a secret seed (\"S…\"), not an account id")
	case version == stellarVersionAccount || version == stellarVersionMuxed:
		return fail(ErrInvalid, "%d-byte payload for version byte 0x%02x", len(payload), version)
	}
	return fail(ErrInvalid, "version byte 0x%02x is not an account id (0x30) or muxed account (0x60)", version)
}

// StellarAccountID returns the account id ("G…") of a Stellar address (an account id or a
// muxed account); ok is false for an address of another chain.
func StellarAccountID(a Address) (string, bool) {
	if a.Chain != ChainStellar || len(a.Key) != 1+stellarKeyLen || a.Key[0] != tagStellar {
		return "", false
	}
	return strkeyEncode(stellarVersionAccount, []byte(a.Key[1:])), true
}

func strkeyEncode(version byte, payload []byte) string {
	b := append([]byte{version}, payload...)
	b = binary.LittleEndian.AppendUint16(b, crc16XModem(b))
	return strkeyEncoding.EncodeToString(b)
}

// crc16XModem is CRC-16 with polynomial 0x1021, initial value 0, no reflection.
func crc16XModem(b []byte) uint16 {
	var crc uint16
	for _, c := range b {
		crc ^= uint16(c) << 8
		for range 8 {
			if crc&0x8000 != 0 {
				crc = crc<<1 ^ 0x1021
			} else {
				crc <<= 1
			}
		}
	}
	return crc
}

// base32Upper reports whether s is non-empty and only has RFC 4648 base32 digits.
func base32Upper(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('A' <= c && c <= 'Z') && !('2' <= c && c <= '7') {
			return false
		}
	}
	return true
}
