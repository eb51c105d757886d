package address

// Key tags: the first byte of every Key names its address family, so payloads of
// equal length from different families never collide.
const (
	tagBase58Hash    = 'b' // base58check version bytes + 20-byte hash (Bitcoin family, Zcash transparent)
	tagSegwit        = 'w' // bech32/bech32m hrp, 0x00, witness version, program
	tagEVM           = 'e' // 20 bytes
	tagTron          = 't' // 21 bytes (0x41 + 20)
	tagRipple        = 'r' // 20-byte account id
	tagSolana        = 's' // 32 bytes
	tagBNB           = 'n' // 20 bytes
	tagMonero        = 'm' // network byte (standard form) + public spend key + public view key
	tagZcashShielded = 'z' // hrp or prefix, 0x00, payload
	tagExact         = 'x' // the exact text of a value that is not an address
	tagStellar       = 'g' // 32-byte ed25519 account key (a muxed account keys as its base account)
	tagAlgorand      = 'a' // 32-byte ed25519 public key
	tagCardano       = 'c' // the decoded address bytes (Shelley header + payload, or Byron CBOR)
	tagLisk          = 'l' // 8-byte big-endian legacy account id
	tagSia           = 'i' // 32-byte unlock hash
	tagIOST          = 'o' // the account name
)

// Version bytes that share a key (see base58HashKey).
const (
	btcP2SH = 0x05
	ltcP2SH = 0x32
	dgbP2SH = 0x3f // DigiByte "S…" P2SH (SCRIPT_ADDRESS2); also Stratis P2PKH
)

// base58HashKey is the key of a base58check hash address: tag, version length,
// version bytes, hash. Bitcoin Cash CashAddr maps to the legacy version bytes
// (0x00 for P2PKH, 0x05 for P2SH), so both encodings share the key. Litecoin's "M…"
// P2SH version (0x32) is keyed as its legacy "3…" version (0x05): both encode the same
// script hash, so a list entry in one form matches the other; DigiByte's "S…" P2SH
// version (0x3f) is keyed the same way for the same reason (DigiByte Core decodes both
// 0x05 and 0x3f). Stratis P2PKH shares the text (and so the key) of DigiByte "S…".
func base58HashKey(version []byte, hash []byte) Key {
	if len(version) == 1 && (version[0] == ltcP2SH || version[0] == dgbP2SH) {
		version = []byte{btcP2SH}
	}
	var buf [64]byte // on the stack for the usual sizes: the only allocation is the Key
	b := buf[:0]
	b = append(b, tagBase58Hash, byte(len(version)))
	b = append(b, version...)
	b = append(b, hash...)
	return Key(b)
}

// segwitKey is the key of a segwit address: tag, hrp (lower case), 0x00, version, program.
func segwitKey(hrp string, version byte, program []byte) Key {
	b := make([]byte, 0, 3+len(hrp)+len(program))
	b = append(b, tagSegwit)
	b = append(b, hrp...)
	b = append(b, 0, version)
	b = append(b, program...)
	return Key(b)
}

// taggedKey is tag followed by the payload parts.
func taggedKey(tag byte, parts ...[]byte) Key {
	n := 1
	for _, p := range parts {
		n += len(p)
	}
	b := make([]byte, 0, n)
	b = append(b, tag)
	for _, p := range parts {
		b = append(b, p...)
	}
	return Key(b)
}

// ExactKey is the key of a listed value that is not a valid address of any chain: the
// value is then matched as the exact text, after the same stripping of surrounding
// white space and invisible characters as Parse (see Trim).
func ExactKey(s string) Key {
	return taggedKey(tagExact, []byte(Trim(s)))
}

// EVMKey is the key of a 20-byte EVM address.
func EVMKey(addr [20]byte) Key {
	return taggedKey(tagEVM, addr[:])
}
