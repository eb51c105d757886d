package address

import "fmt"

// Keys from script-level data. A transaction screener that reads a pkScript, a
// scriptSig or a witness has a hash or a witness program, not an address string: these
// constructors give the Key that the parsed mainnet address string of the same chain
// gets, without encoding and parsing the text. The Append forms write the key into a
// caller's buffer and do not allocate for Bitcoin.

// KeyFromHash160 returns the Key of the base58check hash address of kind (KindP2PKH or
// KindP2SH) with the 20-byte hash on chain c: a Bitcoin-family chain or Zcash
// (transparent), with c's mainnet version bytes. It is the key ParseAs gives the
// address's mainnet text. A hash that is not 20 bytes is ErrInvalid; a kind c has no
// base58check address for is ErrWrongChain; a chain outside the Bitcoin family is
// ErrUnsupportedChain.
func KeyFromHash160(c Chain, kind Kind, hash []byte) (Key, error) {
	b, err := AppendKeyFromHash160(nil, c, kind, hash)
	if err != nil {
		return "", err
	}
	return Key(b), nil
}

// AppendKeyFromHash160 appends the key KeyFromHash160 returns to dst.
func AppendKeyFromHash160(dst []byte, c Chain, kind Kind, hash []byte) ([]byte, error) {
	if len(hash) != 20 {
		return dst, perr("", c, ErrInvalid, fmt.Sprintf("hash is %d bytes, want 20", len(hash)))
	}
	if kind != KindP2PKH && kind != KindP2SH {
		return dst, perr("", c, ErrInvalid, fmt.Sprintf("kind %q is not a hash address kind (p2pkh, p2sh)", kind))
	}
	var version []byte
	switch c {
	case ChainBitcoin: // the hot path: no table walk
		if kind == KindP2PKH {
			version = btcP2PKHVersion[:]
		} else {
			version = btcP2SHVersion[:]
		}
	case ChainBitcoinCash, ChainBitcoinSV, ChainBitcoinGold, ChainLitecoin, ChainDogecoin, ChainDash, ChainVerge, ChainZcash:
		v, _, ok := base58ChainVersion(c, kind, nil)
		if !ok {
			return dst, perr("", c, ErrWrongChain, fmt.Sprintf("%s has no %s addresses", c, kind))
		}
		version = v
	default:
		return dst, perr("", c, ErrUnsupportedChain, "not a bitcoin-family chain")
	}
	if len(version) == 1 && version[0] == ltcP2SH {
		version = btcP2SHVersion[:] // keyed as base58HashKey does
	}
	dst = append(dst, tagBase58Hash, byte(len(version)))
	dst = append(dst, version...)
	return append(dst, hash...), nil
}

var (
	btcP2PKHVersion = [1]byte{0x00}
	btcP2SHVersion  = [1]byte{btcP2SH}
)

// KeyFromWitnessProgram returns the Key of the segwit address with witness version
// (0..16) and program on chain c (Bitcoin, Litecoin or Bitcoin Gold, with c's mainnet
// hrp): the key ParseAs gives the address's mainnet text. The program must satisfy
// BIP-141 (2..40 bytes; 20 or 32 for version 0), otherwise ErrInvalid; a chain without
// segwit addresses is ErrWrongChain.
func KeyFromWitnessProgram(c Chain, version byte, program []byte) (Key, error) {
	b, err := AppendKeyFromWitnessProgram(nil, c, version, program)
	if err != nil {
		return "", err
	}
	return Key(b), nil
}

// AppendKeyFromWitnessProgram appends the key KeyFromWitnessProgram returns to dst.
func AppendKeyFromWitnessProgram(dst []byte, c Chain, version byte, program []byte) ([]byte, error) {
	hrp := segwitHRP(c)
	switch {
	case hrp == "":
		return dst, perr("", c, ErrWrongChain, fmt.Sprintf("%s has no segwit addresses", c))
	case version > 16:
		return dst, perr("", c, ErrInvalid, fmt.Sprintf("witness version %d, want 0..16", version))
	case len(program) < 2 || len(program) > 40:
		return dst, perr("", c, ErrInvalid, fmt.Sprintf("witness program is %d bytes, want 2..40", len(program)))
	case version == 0 && len(program) != 20 && len(program) != 32:
		return dst, perr("", c, ErrInvalid, fmt.Sprintf("witness v0 program is %d bytes, want 20 or 32", len(program)))
	}
	dst = append(dst, tagSegwit)
	dst = append(dst, hrp...)
	dst = append(dst, 0, version)
	return append(dst, program...), nil
}
