package address

import (
	"crypto/sha256"
	"encoding/binary"
	"math/bits"

	"github.com/btcsuite/btcd/btcutil/bech32"
)

// The two decoders in this file are fast paths for the shapes that dominate a batch
// (P2PKH/P2SH-like base58check of 25 bytes, and segwit bech32/bech32m). Each one only
// ever answers "this text decodes, and here is the payload": on any other outcome
// (bad character, other length, bad checksum, bad padding) it reports !ok and the
// caller goes through btcutil's decoder, which produces the error. So the errors, and
// every input the fast path does not claim, are btcutil's. FuzzFastCodecs compares both
// with btcutil on every input; TestFastCodecVectors runs the published vectors.

const base58Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"

var base58Digit = func() (t [256]int8) {
	for i := range t {
		t[i] = -1
	}
	for i := 0; i < len(base58Alphabet); i++ {
		t[base58Alphabet[i]] = int8(i)
	}
	return t
}()

// fastBase58Check25 decodes s when it is base58 for exactly 25 bytes whose last four
// are the double-SHA-256 checksum of the first 21: the version byte and the 20-byte
// hash. It allocates nothing: the number is accumulated in four 64-bit limbs, ten
// digits at a time.
func fastBase58Check25(s string) (version byte, hash [20]byte, ok bool) {
	if len(s) > maxBase58CheckLen {
		return 0, hash, false
	}
	var limbs [4]uint64 // 256 bits, big-endian limb order
	ones := 0
	for i := 0; i < len(s) && s[i] == '1'; i++ {
		ones++
	}
	// Ten digits at a time: 58^10 < 2^64.
	for i := 0; i < len(s); {
		group, mul := uint64(0), uint64(1)
		for k := 0; k < 10 && i < len(s); k, i = k+1, i+1 {
			d := base58Digit[s[i]]
			if d < 0 {
				return 0, hash, false
			}
			group = group*58 + uint64(d)
			mul *= 58
		}
		carry := group
		for j := len(limbs) - 1; j >= 0; j-- {
			hi, lo := bits.Mul64(limbs[j], mul)
			lo, c := bits.Add64(lo, carry, 0)
			limbs[j], carry = lo, hi+c // hi < mul-1, so hi+c cannot wrap
		}
		if carry != 0 {
			return 0, hash, false
		}
	}
	var buf [32]byte
	for j, l := range limbs {
		binary.BigEndian.PutUint64(buf[8*j:], l)
	}
	lead := 0
	for lead < len(buf) && buf[lead] == 0 {
		lead++
	}
	if ones+len(buf)-lead != 25 {
		return 0, hash, false
	}
	b := buf[7:]
	first := sha256.Sum256(b[:21])
	sum := sha256.Sum256(first[:])
	if sum[0] != b[21] || sum[1] != b[22] || sum[2] != b[23] || sum[3] != b[24] {
		return 0, hash, false
	}
	copy(hash[:], b[1:21])
	return b[0], hash, true
}

const bech32Charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"

var bech32Value = func() (t [256]int8) {
	for i := range t {
		t[i] = -1
	}
	for i := 0; i < len(bech32Charset); i++ {
		c := bech32Charset[i]
		t[c] = int8(i)
		if c >= 'a' && c <= 'z' {
			t[c-'a'+'A'] = int8(i)
		}
	}
	return t
}()

func polymodStep(chk uint32, v byte) uint32 {
	b := chk >> 25
	chk = (chk&0x1ffffff)<<5 ^ uint32(v)
	chk ^= -(b & 1) & 0x3b6a57b2
	chk ^= -(b >> 1 & 1) & 0x26508e6d
	chk ^= -(b >> 2 & 1) & 0x1ea119fa
	chk ^= -(b >> 3 & 1) & 0x3d4233dd
	chk ^= -(b >> 4 & 1) & 0x2a1462b3
	return chk
}

// fastSegwit decodes s when it is a bech32 or bech32m string (as btcutil's
// DecodeGeneric accepts it) whose data part is a witness version followed by a
// program that regroups from 5 to 8 bits without padding (as ConvertBits(..., false)
// accepts it) and is at most 40 bytes long. hrpEnd is the index of the separator.
func fastSegwit(s string, prog *[40]byte) (hrpEnd int, version byte, n int, variant bech32.Version, ok bool) {
	if len(s) < 8 || len(s) > maxSegwitLen {
		return 0, 0, 0, 0, false
	}
	var lower, upper bool
	one := -1
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 33 || c > 126 {
			return 0, 0, 0, 0, false
		}
		lower = lower || (c >= 'a' && c <= 'z')
		upper = upper || (c >= 'A' && c <= 'Z')
		if c == '1' {
			one = i
		}
	}
	if (lower && upper) || one < 1 || one+7 > len(s) {
		return 0, 0, 0, 0, false
	}
	lc := func(c byte) byte {
		if c >= 'A' && c <= 'Z' {
			return c + 'a' - 'A'
		}
		return c
	}
	chk := uint32(1)
	for i := 0; i < one; i++ {
		chk = polymodStep(chk, lc(s[i])>>5)
	}
	chk = polymodStep(chk, 0)
	for i := 0; i < one; i++ {
		chk = polymodStep(chk, lc(s[i])&31)
	}
	data := s[one+1:]
	for i := 0; i < len(data); i++ {
		v := bech32Value[data[i]]
		if v < 0 {
			return 0, 0, 0, 0, false
		}
		chk = polymodStep(chk, byte(v))
	}
	switch chk {
	case 1:
		variant = bech32.Version0
	case 0x2bc830a3:
		variant = bech32.VersionM
	default:
		return 0, 0, 0, 0, false
	}
	values := data[:len(data)-6]
	if len(values) < 1 {
		return 0, 0, 0, 0, false
	}
	version = byte(bech32Value[values[0]])
	var acc uint32
	bits := 0
	for i := 1; i < len(values); i++ {
		acc = acc<<5 | uint32(bech32Value[values[i]])
		bits += 5
		if bits >= 8 {
			bits -= 8
			if n == len(prog) {
				return 0, 0, 0, 0, false
			}
			prog[n] = byte(acc >> bits)
			n++
		}
	}
	if bits > 4 || acc&(1<<bits-1) != 0 {
		return 0, 0, 0, 0, false
	}
	return one, version, n, variant, true
}
