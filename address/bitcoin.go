package address

import (
	"errors"
	"fmt"
	"strings"

	"github.com/btcsuite/btcd/btcutil"
	"github.com/btcsuite/btcd/btcutil/base58"
	"github.com/btcsuite/btcd/btcutil/bech32"
)

// Bitcoin-family addresses: bech32/bech32m segwit (BIP-173, BIP-350) and base58check
// hash addresses with a one-byte version (P2PKH, P2SH) for Bitcoin and its forks.

// segwitNet describes a segwit human-readable part.
type segwitNet struct {
	chain   Chain
	testnet string // "" for mainnet, else the name of the test network
}

// segwitHRPs are the bech32 human-readable parts this package recognises.
var segwitHRPs = map[string]segwitNet{
	"bc":   {ChainBitcoin, ""},
	"ltc":  {ChainLitecoin, ""},
	"btg":  {ChainBitcoinGold, ""},
	"tb":   {ChainBitcoin, "bitcoin testnet/signet"},
	"bcrt": {ChainBitcoin, "bitcoin regtest"},
	"tltc": {ChainLitecoin, "litecoin testnet"},
	"rltc": {ChainLitecoin, "litecoin regtest"},
	"tbtg": {ChainBitcoinGold, "bitcoin-gold testnet"},
	// DigiByte Core chainparams: "dgb" (main), "dgbt" (test), "dgbrt" (regtest).
	"dgb":   {ChainDigiByte, ""},
	"dgbt":  {ChainDigiByte, "digibyte testnet"},
	"dgbrt": {ChainDigiByte, "digibyte regtest"},
	// Verge Core src/chainparams.cpp bech32_hrp: "vg" (main), "vt" (test), "vgrt" (regtest).
	"vg":   {ChainVerge, ""},
	"vt":   {ChainVerge, "verge testnet"},
	"vgrt": {ChainVerge, "verge regtest"},
}

// segwitHRP returns the mainnet hrp of chain c ("" when c has no segwit addresses).
func segwitHRP(c Chain) string {
	switch c {
	case ChainBitcoin:
		return "bc"
	case ChainLitecoin:
		return "ltc"
	case ChainBitcoinGold:
		return "btg"
	case ChainDigiByte:
		return "dgb"
	case ChainVerge:
		return "vg"
	}
	return ""
}

// maxSegwitLen is the BIP-173 limit on the length of a segwit address.
const maxSegwitLen = 90

// mixedCase reports whether s contains both upper-case and lower-case ASCII letters.
func mixedCase(s string) bool {
	var lower, upper bool
	for i := 0; i < len(s); i++ {
		c := s[i]
		lower = lower || ('a' <= c && c <= 'z')
		upper = upper || ('A' <= c && c <= 'Z')
	}
	return lower && upper
}

// maxSegwitHRPLen is the length of the longest human-readable part in segwitHRPs.
const maxSegwitHRPLen = 8

// lookupSegwitHRP looks up a human-readable part in any case without allocating for one that
// is not known (most base58 text has a '1' in it); hrp is the lower-case form.
func lookupSegwitHRP(part string) (net segwitNet, hrp string, ok bool) {
	if len(part) > maxSegwitHRPLen {
		return segwitNet{}, "", false
	}
	var buf [maxSegwitHRPLen]byte
	for i := 0; i < len(part); i++ {
		c := part[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	net, ok = segwitHRPs[string(buf[:len(part)])]
	if !ok {
		return segwitNet{}, "", false
	}
	if part == strings.ToLower(part) {
		return net, part, true
	}
	return net, strings.ToLower(part), true
}

// parseSegwit parses a bech32 (witness v0) or bech32m (v1+) segwit address.
func parseSegwit(s string, hint Chain) (Address, error) {
	one := strings.LastIndexByte(s, '1')
	if one < 1 {
		return Address{}, perr(s, hint, ErrUnknownFormat, "")
	}
	net, hrp, ok := lookupSegwitHRP(s[:one])
	if !ok {
		return Address{}, perr(s, hint, ErrUnknownFormat, "")
	}
	ec := hint
	if ec == ChainUnknown {
		ec = net.chain
	}
	fail := func(err error, format string, args ...any) (Address, error) {
		return Address{}, perr(s, ec, err, fmt.Sprintf(format, args...))
	}
	if mixedCase(s) {
		return fail(ErrInvalid, "bech32 mixes upper and lower case")
	}
	if len(s) > maxSegwitLen {
		return fail(ErrInvalid, "%d characters, segwit addresses have at most %d", len(s), maxSegwitLen)
	}
	var progBuf [40]byte
	var version byte
	var program []byte
	_, version, n, variant, ok := fastSegwit(s, &progBuf)
	if ok {
		program = progBuf[:n]
	} else {
		_, data, v, err := bech32.DecodeGeneric(s)
		if err != nil {
			var ce bech32.ErrInvalidChecksum
			if errors.As(err, &ce) {
				return fail(ErrChecksum, "bech32 checksum does not verify")
			}
			return fail(ErrInvalid, "%v", err)
		}
		if len(data) < 1 {
			return fail(ErrInvalid, "empty data part, no witness version")
		}
		variant, version = v, data[0]
		if version <= 16 {
			if program, err = bech32.ConvertBits(data[1:], 5, 8, false); err != nil {
				return fail(ErrInvalid, "witness program: %v", err)
			}
		}
	}
	if version > 16 {
		return fail(ErrInvalid, "witness version %d, want 0..16", version)
	}
	if len(program) < 2 || len(program) > 40 {
		return fail(ErrInvalid, "witness program is %d bytes, want 2..40", len(program))
	}
	if version == 0 && len(program) != 20 && len(program) != 32 {
		return fail(ErrInvalid, "witness v0 program is %d bytes, want 20 or 32", len(program))
	}
	if version == 0 && variant != bech32.Version0 {
		return fail(ErrChecksum, "witness v0 must use a bech32 checksum, not bech32m")
	}
	if version > 0 && variant != bech32.VersionM {
		return fail(ErrChecksum, "witness v%d must use a bech32m checksum, not bech32", version)
	}
	if net.testnet != "" {
		return fail(ErrNetwork, "%s address (hrp %q)", net.testnet, hrp)
	}
	if hint != ChainUnknown && hint != net.chain {
		return fail(ErrWrongChain, "valid %s address, not %s", net.chain, hint)
	}
	return Address{
		Chain:     net.chain,
		Kind:      segwitKind(version, len(program)),
		Canonical: strings.ToLower(s),
		Key:       segwitKey(hrp, version, program),
	}, nil
}

func segwitKind(version byte, n int) Kind {
	switch {
	case version == 0 && n == 20:
		return KindP2WPKH
	case version == 0 && n == 32:
		return KindP2WSH
	case version == 1 && n == 32:
		return KindP2TR
	}
	return KindWitness
}

// base58Version describes a one-byte base58check version.
type base58Version struct {
	kind    Kind
	chains  []Chain // the chains that use it on their main network, most likely first
	testnet string  // the test networks that use it ("" when none does)
	// testnetOf lists chains whose test network uses the version although other
	// chains (chains) use it on their main network: ParseAs of one of them is ErrNetwork.
	testnetOf []Chain
	// other is the kind on chain otherChain when it differs from kind (version 0x3f
	// is DigiByte P2SH and Stratis P2PKH).
	otherChain Chain
	other      Kind
}

// kindOn is the kind of the version on chain c.
func (v base58Version) kindOn(c Chain) Kind {
	if v.otherChain != ChainUnknown && c == v.otherChain {
		return v.other
	}
	return v.kind
}

// testnetFor reports whether the version is a test-network version of chain c (or of
// every chain, when no main network uses it).
func (v base58Version) testnetFor(c Chain) bool {
	if len(v.chains) == 0 {
		return true
	}
	for _, t := range v.testnetOf {
		if t == c {
			return true
		}
	}
	return false
}

// base58Versions are the base58check version bytes of 20-byte hash addresses.
var base58Versions = map[byte]base58Version{
	0x00: {kind: KindP2PKH, chains: []Chain{ChainBitcoin, ChainBitcoinCash, ChainBitcoinSV}},
	// 0x05 is also Litecoin's legacy P2SH version (before "M…" addresses).
	// DigiByte Core also decodes 0x05 (SCRIPT_ADDRESS; "S…" 0x3f is SCRIPT_ADDRESS2).
	0x05: {kind: KindP2SH, chains: []Chain{ChainBitcoin, ChainBitcoinCash, ChainBitcoinSV, ChainLitecoin, ChainDigiByte}},
	0x30: {kind: KindP2PKH, chains: []Chain{ChainLitecoin}},
	0x32: {kind: KindP2SH, chains: []Chain{ChainLitecoin}},
	// Verge and DigiByte P2PKH share Dogecoin's version byte: the same text is valid
	// on all three, with one key.
	0x1e: {kind: KindP2PKH, chains: []Chain{ChainDogecoin, ChainVerge, ChainDigiByte}},
	0x16: {kind: KindP2SH, chains: []Chain{ChainDogecoin}},
	0x21: {kind: KindP2SH, chains: []Chain{ChainVerge}},
	0x4c: {kind: KindP2PKH, chains: []Chain{ChainDash}},
	0x10: {kind: KindP2SH, chains: []Chain{ChainDash}},
	0x26: {kind: KindP2PKH, chains: []Chain{ChainBitcoinGold}},
	0x17: {kind: KindP2SH, chains: []Chain{ChainBitcoinGold}},
	// DigiByte "S…" P2SH is Stratis (STRAT) "S…" P2PKH: the same text on both chains.
	0x3f: {kind: KindP2SH, chains: []Chain{ChainDigiByte, ChainStratis}, otherChain: ChainStratis, other: KindP2PKH},
	0x3c: {kind: KindP2PKH, chains: []Chain{ChainKomodo}},
	0x55: {kind: KindP2SH, chains: []Chain{ChainKomodo}},
	0x7d: {kind: KindP2SH, chains: []Chain{ChainStratis}},  // STRAT P2SH
	0x4b: {kind: KindP2PKH, chains: []Chain{ChainStratis}}, // STRAX P2PKH "X…"
	// STRAX P2SH "y…" is also the version of Dash testnet P2PKH and DigiByte testnet
	// P2SH: Parse takes it as Stratis (a main network), ParseAs(Dash or DigiByte)
	// refuses it as a test-network address.
	0x8c: {kind: KindP2SH, chains: []Chain{ChainStratis}, testnet: "dash testnet P2PKH / digibyte testnet P2SH",
		testnetOf: []Chain{ChainDash, ChainDigiByte}},

	0x6f: {kind: KindP2PKH, testnet: "testnet P2PKH (bitcoin family)"},
	0xc4: {kind: KindP2SH, testnet: "testnet P2SH (bitcoin family)"},
	0x3a: {kind: KindP2SH, testnet: "litecoin testnet P2SH"},
	0x71: {kind: KindP2PKH, testnet: "dogecoin testnet P2PKH"},
	0x13: {kind: KindP2SH, testnet: "dash testnet P2SH"},
	0x7e: {kind: KindP2PKH, testnet: "digibyte testnet P2PKH"},
	0x73: {kind: KindP2PKH, testnet: "verge testnet P2PKH"},
	0xc6: {kind: KindP2SH, testnet: "verge testnet P2SH"},
}

// base58VersionTable is base58Versions indexed by the version byte (nil: not a version
// of a hash address), for the parse path: an array index instead of a map lookup.
var base58VersionTable = func() (t [256]*base58Version) {
	for b, v := range base58Versions {
		t[b] = &v
	}
	return t
}()

// mainnetBase58Versions lists the mainnet keys of base58Versions in a fixed order.
var mainnetBase58Versions = []byte{0x00, 0x05, 0x30, 0x32, 0x1e, 0x16, 0x21, 0x4c, 0x10, 0x26, 0x17,
	0x3f, 0x3c, 0x55, 0x7d, 0x4b, 0x8c}

// Bounds on the length of the base58 text of a 25-byte base58check address (each
// leading zero byte is one '1'; 25 bytes need at most 35 characters).
const (
	minBase58CheckLen = 20
	maxBase58CheckLen = 35
)

// parseBase58Check parses a base58check hash address with a one-byte version.
func parseBase58Check(s string, hint Chain) (Address, error) {
	if len(s) < minBase58CheckLen || len(s) > maxBase58CheckLen {
		return Address{}, perr(s, hint, ErrUnknownFormat, "")
	}
	var hash []byte
	var version byte
	var err error
	if ver, h, ok := fastBase58Check25(s); ok {
		hash, version = h[:], ver
	} else {
		hash, version, err = base58.CheckDecode(s)
	}
	if err != nil {
		if !errors.Is(err, base58.ErrChecksum) {
			return Address{}, perr(s, hint, ErrUnknownFormat, "")
		}
		// Claim the checksum error only for text of our shape: 25 bytes, known version.
		raw := base58.Decode(s)
		if _, ok := base58Versions[raw[0]]; !ok || len(raw) != 1+20+4 {
			return Address{}, perr(s, hint, ErrUnknownFormat, "")
		}
		return Address{}, perr(s, base58ErrChain(hint, raw[0]), ErrChecksum, "base58check checksum does not verify")
	}
	vp := base58VersionTable[version]
	if vp == nil || len(hash) != 20 {
		// Tron (0x41), the two-byte Zcash prefixes, keys and extended keys belong to
		// other families (or to none).
		return Address{}, perr(s, hint, ErrUnknownFormat, "")
	}
	v := vp
	if v.testnetFor(hint) {
		return Address{}, perr(s, base58ErrChain(hint, version), ErrNetwork, fmt.Sprintf("%s address (version 0x%02x)", v.testnet, version))
	}
	a, err := base58HashAddress([]byte{version}, hash, v.kind, v.chains, hint)
	if err != nil {
		return Address{}, perr(s, base58ErrChain(hint, version), ErrWrongChain, err.Error())
	}
	a.Kind = v.kindOn(a.Chain)
	if a.Canonical == "" {
		a.Canonical = s
	}
	return a, nil
}

// base58ErrChain is the chain named in an error about a base58check address.
func base58ErrChain(hint Chain, version byte) Chain {
	if v := base58Versions[version]; hint == ChainUnknown && len(v.chains) > 0 {
		return v.chains[0]
	}
	return hint
}

// base58HashAddress builds the Address of a base58check hash address valid on chains
// (most likely first). With a hint, Chain is the hint, which must be one of chains.
// Canonical is left empty except for Bitcoin Cash, whose canonical form is CashAddr.
func base58HashAddress(version, hash []byte, kind Kind, chains []Chain, hint Chain) (Address, error) {
	primary := chains[0]
	if hint != ChainUnknown {
		found := false
		for _, c := range chains {
			found = found || c == hint
		}
		if !found {
			return Address{}, fmt.Errorf("valid %s address, not %s", primary, hint)
		}
		primary = hint
	}
	a := Address{Chain: primary, Kind: kind, Key: base58HashKey(version, hash)}
	if primary == chains[0] {
		// The usual case: share the table's slice (capped, so an append by the caller copies).
		a.AlsoValidOn = chains[1:len(chains):len(chains)]
		if len(a.AlsoValidOn) == 0 {
			a.AlsoValidOn = nil
		}
	} else {
		for _, c := range chains {
			if c != primary {
				a.AlsoValidOn = append(a.AlsoValidOn, c)
			}
		}
	}
	if primary == ChainBitcoinCash {
		// A copy: the encoder keeps its argument, and hash is on the caller's stack.
		ca, err := CashAddrEncode(kind, append([]byte(nil), hash...))
		if err != nil {
			return Address{}, err
		}
		a.Canonical = ca
	}
	return a, nil
}

// base58ChainVersion returns the version bytes chain c uses for kind, preferring
// want when c accepts it.
func base58ChainVersion(c Chain, kind Kind, want []byte) ([]byte, []Chain, bool) {
	if c == ChainZcash {
		switch kind {
		case KindP2PKH:
			return zcashP2PKH[:], []Chain{ChainZcash}, true
		case KindP2SH:
			return zcashP2SH[:], []Chain{ChainZcash}, true
		}
		return nil, nil, false
	}
	if len(want) == 1 {
		if v, ok := base58Versions[want[0]]; ok && v.kindOn(c) == kind && !v.testnetFor(c) {
			for _, vc := range v.chains {
				if vc == c {
					return want, v.chains, true
				}
			}
		}
	}
	// Prefer the version whose most likely chain is c (Litecoin P2SH: 0x32, not 0x05).
	for _, primaryOnly := range []bool{true, false} {
		for _, b := range mainnetBase58Versions {
			v := base58Versions[b]
			if v.kindOn(c) != kind {
				continue
			}
			for i, vc := range v.chains {
				if vc == c && (i == 0 || !primaryOnly) {
					return []byte{b}, v.chains, true
				}
			}
		}
	}
	return nil, nil, false
}

// FromBtcutil converts a btcutil address decoded from a transaction of chain c into
// an Address with the Key a parsed mainnet address string of chain c gets.
//
// The btcutil network parameters only choose the version bytes: P2PKH and P2SH
// addresses keep their version when chain c uses it (Litecoin accepts both 0x05 and
// 0x32 for P2SH, which are different keys), otherwise they get chain c's mainnet
// version, so an address decoded with the wrong (or a test network's) parameters is
// still keyed for c. Segwit addresses get chain c's mainnet hrp. An AddressPubKey
// (pay-to-pubkey) is converted to its P2PKH address. Chain c must be a Bitcoin-family
// chain (or Zcash, for transparent addresses); Bitcoin Cash, Bitcoin SV, Dogecoin,
// Dash, Komodo, Stratis and Zcash have no segwit addresses here (ErrWrongChain).
func FromBtcutil(a btcutil.Address, c Chain) (Address, error) {
	if a == nil {
		return Address{}, perr("", c, ErrEmpty, "nil btcutil address")
	}
	if pk, ok := a.(*btcutil.AddressPubKey); ok {
		a = pk.AddressPubKeyHash()
	}
	input := a.EncodeAddress()
	fail := func(err error, format string, args ...any) (Address, error) {
		return Address{Input: input}, perr(input, c, err, fmt.Sprintf(format, args...))
	}
	switch c {
	case ChainBitcoin, ChainBitcoinCash, ChainBitcoinSV, ChainBitcoinGold, ChainLitecoin,
		ChainDogecoin, ChainDash, ChainVerge, ChainZcash, ChainDigiByte, ChainKomodo, ChainStratis:
	default:
		return fail(ErrUnsupportedChain, "not a bitcoin-family chain")
	}
	var kind Kind
	switch t := a.(type) {
	case *btcutil.AddressPubKeyHash:
		kind = KindP2PKH
	case *btcutil.AddressScriptHash:
		kind = KindP2SH
	case *btcutil.AddressWitnessPubKeyHash:
		return segwitFromBtcutil(input, c, t.WitnessVersion(), t.WitnessProgram())
	case *btcutil.AddressWitnessScriptHash:
		return segwitFromBtcutil(input, c, t.WitnessVersion(), t.WitnessProgram())
	case *btcutil.AddressTaproot:
		return segwitFromBtcutil(input, c, t.WitnessVersion(), t.WitnessProgram())
	case *btcutil.AddressPayToAnchor:
		return segwitFromBtcutil(input, c, 1, t.ScriptAddress())
	default:
		return fail(ErrUnknownFormat, "unsupported btcutil address type %T", a)
	}
	hash := a.ScriptAddress()
	if len(hash) != 20 {
		return fail(ErrInvalid, "hash is %d bytes, want 20", len(hash))
	}
	var want []byte
	if _, v, err := base58.CheckDecode(input); err == nil {
		want = []byte{v}
	}
	version, chains, ok := base58ChainVersion(c, kind, want)
	if !ok {
		return fail(ErrWrongChain, "%s has no %s addresses", c, kind)
	}
	out, err := base58HashAddress(version, hash, kind, chains, c)
	if err != nil {
		return fail(ErrWrongChain, "%v", err)
	}
	out.Kind = kind
	out.Input = input
	if out.Canonical == "" {
		out.Canonical = encodeBase58Check(version, hash)
	}
	return out, nil
}

// encodeBase58Check encodes version, payload and the base58check checksum.
func encodeBase58Check(version, payload []byte) string {
	if len(version) == 1 {
		return base58.CheckEncode(payload, version[0])
	}
	// CheckEncode takes one version byte: pass the rest as the head of the payload.
	return base58.CheckEncode(append(append([]byte(nil), version[1:]...), payload...), version[0])
}

func segwitFromBtcutil(input string, c Chain, version byte, program []byte) (Address, error) {
	hrp := segwitHRP(c)
	if hrp == "" {
		return Address{Input: input}, perr(input, c, ErrWrongChain, fmt.Sprintf("%s has no segwit addresses", c))
	}
	conv, err := bech32.ConvertBits(program, 8, 5, true)
	if err != nil {
		return Address{Input: input}, perr(input, c, ErrInvalid, err.Error())
	}
	data := append([]byte{version}, conv...)
	var text string
	if version == 0 {
		text, err = bech32.Encode(hrp, data)
	} else {
		text, err = bech32.EncodeM(hrp, data)
	}
	if err != nil {
		return Address{Input: input}, perr(input, c, ErrInvalid, err.Error())
	}
	// Parse the text we built: it applies every BIP-173/350 rule and builds the key.
	out, err := parseSegwit(text, c)
	if err != nil {
		return Address{Input: input}, fixInput(err, input)
	}
	out.Input = input
	return out, nil
}
