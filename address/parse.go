package address

import (
	"fmt"
	"math/bits"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxInputLen is the longest input Parse looks at (a Zcash unified address with every
// receiver is about 220 characters). Longer inputs are ErrInvalid.
const MaxInputLen = 512

// family is one address codec: the chains it serves, the text shapes it may claim and
// its parser. The shapes must never exclude text the parser would claim (they may admit
// text the parser then rejects); they only save calling parsers that cannot want the
// text. A parser gets the cleaned text and an optional chain hint; it returns an error
// wrapping ErrUnknownFormat when the text does not have its shape, so that Parse can
// try the next family.
type family struct {
	chains []Chain
	// hinted: with a hint the family serves, the parser is tried whatever the shape
	// (it then explains what is wrong with the text).
	hinted bool
	shapes []shape
	parse  func(s string, hint Chain) (Address, error)
}

// shape is one kind of text a family may claim. Every condition that is set must hold.
type shape struct {
	first          string // the first byte is one of these
	prefix         string // the text begins with it (ASCII case folded when fold)
	fold           bool
	minLen, maxLen int   // bounds on the length (0: none)
	lens           []int // the length is one of these
	last           byte  // the last byte
	has            byte  // the byte occurs at an index of hasFrom or more
	hasFrom        int
}

// match reports whether s has the shape.
func (p *shape) match(s string) bool {
	return p.mayStartWith(s[0]) && p.mayHaveLen(len(s)) && p.rest(s)
}

// rest checks the conditions of the shape that the dispatch tables do not: the prefix,
// the last byte and the byte it must hold.
func (p *shape) rest(s string) bool {
	switch {
	case p.prefix != "" && !p.fold && !strings.HasPrefix(s, p.prefix),
		p.prefix != "" && p.fold && !hasPrefixFold(s, p.prefix),
		p.last != 0 && s[len(s)-1] != p.last,
		p.has != 0 && (len(s) <= p.hasFrom || strings.IndexByte(s[p.hasFrom:], p.has) < 0):
		return false
	}
	return true
}

// tabled reports whether the dispatch tables decide the shape alone (it has no
// condition that rest checks).
func (p *shape) tabled() bool { return p.prefix == "" && p.last == 0 && p.has == 0 }

// families is tried in this order by Parse: the most specific shapes first, Solana (any
// base58 string of 32 bytes) last.
var families = []family{
	{[]Chain{ChainEVM}, true, []shape{{prefix: "0x", fold: true}}, parseEVM},
	{[]Chain{ChainBitcoinCash}, false, []shape{{has: ':'}, {lens: cashAddrBodyLens}}, parseCashAddr},
	{[]Chain{ChainBitcoin, ChainLitecoin, ChainBitcoinGold, ChainDigiByte, ChainVerge}, false,
		[]shape{{has: '1', hasFrom: 1}}, parseSegwit},
	{[]Chain{ChainBNBBeacon}, false, []shape{{prefix: "bnb1", fold: true}, {prefix: "tbnb1", fold: true}}, parseBNB},
	{[]Chain{ChainZcash}, false, []shape{{first: "tzZuU"}}, parseZcash},
	{[]Chain{ChainMonero}, false, []shape{{lens: []int{moneroStdLen, moneroIntLen}}}, parseMonero},
	{[]Chain{ChainCardano}, true, []shape{{prefix: "addr", fold: true}, {prefix: "stake", fold: true},
		{minLen: cardanoByronMinLen}}, parseCardano},
	{[]Chain{ChainStellar}, true, []shape{{lens: []int{stellarAccountLen, stellarMuxedLen}}}, parseStellar},
	{[]Chain{ChainAlgorand}, true, []shape{{lens: []int{algorandLen}}}, parseAlgorand},
	{[]Chain{ChainSiacoin}, false, []shape{{lens: []int{siaLen}}}, parseSia},
	{[]Chain{ChainLisk}, false, []shape{{last: 'L'}, {lens: []int{lisk32Len}, prefix: lisk32Prefix}}, parseLisk},
	{[]Chain{ChainIOST}, true, nil, parseIOST},
	{[]Chain{ChainTron}, true, []shape{{first: "T"}}, parseTron},
	{[]Chain{ChainRipple}, false, []shape{{first: "rXT"}}, parseRipple},
	{[]Chain{ChainBitcoin, ChainBitcoinCash, ChainBitcoinSV, ChainBitcoinGold, ChainLitecoin,
		ChainDogecoin, ChainDash, ChainVerge, ChainDigiByte, ChainKomodo, ChainStratis}, false,
		[]shape{{minLen: minBase58CheckLen, maxLen: maxBase58CheckLen}}, parseBase58Check},
	{[]Chain{ChainSolana}, false, []shape{{minLen: solanaMinLen, maxLen: solanaMaxLen}}, parseSolana},
}

// The dispatch tables of the unhinted parse: every shape of every family is numbered in
// family order; shapesByFirst[c] has the bit of each shape whose first byte may be c,
// shapesByLen[n] that of each shape whose length may be n. An input is offered to a
// family only if one of its shapes is in both and then matches, so a P2PKH text is
// offered to 5 shapes instead of every family's, and only until one claims it.
var (
	allShapes     []*shape
	shapeFamily   []int    // the family of each shape
	familyShapes  []uint64 // the shape bits of each family
	tabledShapes  uint64   // the shapes the tables decide alone
	shapesByFirst [256]uint64
	shapesByLen   [MaxInputLen + 1]uint64
)

func init() {
	familyShapes = make([]uint64, len(families))
	for fi := range families {
		for si := range families[fi].shapes {
			p := &families[fi].shapes[si]
			bit := uint64(1) << len(allShapes)
			allShapes, shapeFamily = append(allShapes, p), append(shapeFamily, fi)
			familyShapes[fi] |= bit
			if p.tabled() {
				tabledShapes |= bit
			}
			for c := range 256 {
				if p.mayStartWith(byte(c)) {
					shapesByFirst[c] |= bit
				}
			}
			for n := 1; n <= MaxInputLen; n++ {
				if p.mayHaveLen(n) {
					shapesByLen[n] |= bit
				}
			}
		}
	}
	if len(allShapes) > 64 {
		panic("address: more than 64 shapes: widen the dispatch masks")
	}
}

// mayStartWith reports whether a text of the shape may begin with c: exactly for first,
// by the first byte of the prefix (rest checks the whole prefix).
func (p *shape) mayStartWith(c byte) bool {
	switch {
	case p.first != "":
		return strings.IndexByte(p.first, c) >= 0
	case p.prefix != "" && p.fold:
		return asciiLower(c) == asciiLower(p.prefix[0])
	case p.prefix != "":
		return c == p.prefix[0]
	}
	return true
}

// asciiLower maps an ASCII capital to its small letter.
func asciiLower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// mayHaveLen reports whether a text of the shape may have n bytes: exactly for the
// bounds and lens, by the least length of the prefix and byte it needs otherwise.
func (p *shape) mayHaveLen(n int) bool {
	return (p.minLen == 0 || n >= p.minLen) && (p.maxLen == 0 || n <= p.maxLen) &&
		(p.lens == nil || slices.Contains(p.lens, n)) && n >= len(p.prefix) && n > p.hasFrom
}

// offers walks, in order and only as far as asked, the families that may claim the
// cleaned text s: with a hint, the families serving it that are hinted or whose shape
// s has; without, those whose shape s has (found through the dispatch tables).
type offers struct {
	s      string
	hint   Chain
	fi     int    // with a hint: the next family to look at
	shapes uint64 // without: the shapes left to look at
}

func newOffers(s string, hint Chain) offers {
	o := offers{s: s, hint: hint}
	if hint == ChainUnknown {
		o.shapes = shapesByFirst[s[0]] & shapesByLen[len(s)]
	}
	return o
}

// next returns the next family to offer the text to, or nil.
func (o *offers) next() *family {
	if o.hint != ChainUnknown {
		for o.fi < len(families) {
			f := &families[o.fi]
			o.fi++
			if !serves(f, o.hint) {
				continue
			}
			if f.hinted {
				return f
			}
			for j := range f.shapes {
				if f.shapes[j].match(o.s) {
					return f
				}
			}
		}
		return nil
	}
	for o.shapes != 0 {
		si := bits.TrailingZeros64(o.shapes)
		o.shapes &= o.shapes - 1
		if tabledShapes&(1<<si) != 0 || allShapes[si].rest(o.s) {
			fi := shapeFamily[si]
			o.shapes &^= familyShapes[fi] // the family is offered the text once
			return &families[fi]
		}
	}
	return nil
}

// Parse detects the chain of s and returns the canonical address.
//
// When several chains accept the same text, Chain is the most likely one and the
// others are in AlsoValidOn. On failure the error wraps one of the package's sentinel
// errors; when an EVM address fails only its EIP-55 case checksum, the returned Address
// is still filled in (its Key is that of the decoded bytes) and the error wraps
// ErrChecksum, so that a caller can both flag the mismatch and look the bytes up.
func Parse(s string) (Address, error) {
	return parse(ChainUnknown, s)
}

// ParseAs parses s as an address of chain c. A valid address of another chain is
// ErrWrongChain. For EVM chains, a hex address without the "0x" prefix is accepted.
func ParseAs(c Chain, s string) (Address, error) {
	if c == ChainUnknown {
		return Parse(s)
	}
	known := false
	for _, k := range Chains() {
		if k == c {
			known = true
		}
	}
	if !known {
		return Address{Input: s}, perr(s, c, ErrUnsupportedChain, "")
	}
	return parse(c, s)
}

func parse(hint Chain, input string) (Address, error) {
	s, notes, err := clean(input)
	if err != nil {
		return Address{Input: input, Normalised: notes}, err
	}
	var best error
	for o := newOffers(s, hint); ; {
		f := o.next()
		if f == nil {
			break
		}
		a, err := f.parse(s, hint)
		if err == nil || (a.Key != "" && errRank(err) == 4) {
			a.Input = input
			a.Normalised = notes
			if err == nil && hint != ChainUnknown && !a.ValidOn(hint) {
				return Address{Input: input, Normalised: notes}, perr(input, hint, ErrWrongChain,
					fmt.Sprintf("valid %s address, not %s", a.Chain, hint))
			}
			if hint != ChainUnknown && a.Chain != hint {
				a.AlsoValidOn = promote(a, hint)
				a.Chain = hint
			}
			return a, err
		}
		if best == nil || errRank(err) > errRank(best) {
			best = err
		}
	}
	if best == nil || best == errNotMine {
		best = &ParseError{Input: input, Chain: hint, Err: ErrUnknownFormat}
	}
	if hint == ChainUnknown || errRank(best) > 1 {
		return Address{Input: input, Normalised: notes}, fixInput(best, input)
	}
	// The named chain did not recognise it: say whether another chain would have.
	if other, err := parse(ChainUnknown, input); err == nil {
		return Address{Input: input, Normalised: notes}, perr(input, hint, ErrWrongChain,
			fmt.Sprintf("valid %s address, not %s", other.Chain, hint))
	}
	return Address{Input: input, Normalised: notes}, fixInput(best, input)
}

// fixInput makes the error quote the caller's input rather than the cleaned text.
func fixInput(err error, input string) error {
	if pe, ok := err.(*ParseError); ok {
		cp := *pe
		cp.Input = input
		return &cp
	}
	return err
}

func serves(f *family, c Chain) bool {
	for _, k := range f.chains {
		if k == c {
			return true
		}
	}
	return false
}

// promote returns a.AlsoValidOn with hint removed and a.Chain added.
func promote(a Address, hint Chain) []Chain {
	out := []Chain{a.Chain}
	for _, c := range a.AlsoValidOn {
		if c != hint {
			out = append(out, c)
		}
	}
	return out
}

// invisible reports runes that render as nothing (zero-width, BOM, soft hyphen...).
func invisible(r rune) bool {
	switch r {
	case '\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', '\u00AD', '\u180E', '\u2061', '\u2062', '\u2063', '\u2064':
		return true
	}
	return unicode.Is(unicode.Cf, r)
}

// Trim strips surrounding white space and invisible characters, as Parse does.
func Trim(s string) string {
	// The usual case: printable ASCII at both ends, nothing to strip (every character
	// stripped is a control, a space or outside ASCII).
	if n := len(s); n > 0 && s[0] > ' ' && s[0] < 0x7f && s[n-1] > ' ' && s[n-1] < 0x7f {
		return s
	}
	return strings.TrimFunc(s, func(r rune) bool { return unicode.IsSpace(r) || invisible(r) })
}

// clean strips surrounding white space and invisible characters and rejects any that
// remain inside the address. It returns the notes of what was stripped.
func clean(input string) (string, []string, error) {
	if plainASCII(input) {
		return input, nil, nil
	}
	if len(input) > MaxInputLen {
		return "", nil, perr(input, ChainUnknown, ErrInvalid, fmt.Sprintf("longer than %d bytes", MaxInputLen))
	}
	if !utf8.ValidString(input) {
		return "", nil, perr(input, ChainUnknown, ErrInvalid, "not valid UTF-8")
	}
	var notes []string
	strip := func(r rune) bool { return unicode.IsSpace(r) || invisible(r) }
	s := strings.TrimFunc(input, strip)
	if s != input {
		seen := map[string]bool{}
		for _, r := range input {
			if !strip(r) {
				continue
			}
			n := describe(r)
			if !seen[n] {
				seen[n] = true
				notes = append(notes, n)
			}
		}
	}
	if s == "" {
		return "", notes, perr(input, ChainUnknown, ErrEmpty, "")
	}
	for i, r := range s {
		if r > unicode.MaxASCII || r <= ' ' || r == 0x7f {
			return "", notes, perr(input, ChainUnknown, ErrInvalid,
				fmt.Sprintf("character %U at byte %d inside the address", r, i))
		}
	}
	return s, notes, nil
}

func describe(r rune) string {
	switch r {
	case ' ':
		return "stripped space"
	case '\t':
		return "stripped tab"
	case '\n', '\r':
		return "stripped line break"
	}
	return fmt.Sprintf("stripped %U", r)
}

// hasPrefixFold reports whether s begins with prefix, ignoring ASCII case, without
// allocating.
func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// plainASCII reports whether s is non-empty, within MaxInputLen and made only of
// printable ASCII without spaces: the usual input, which needs no cleaning.
func plainASCII(s string) bool {
	if len(s) == 0 || len(s) > MaxInputLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c >= 0x7f {
			return false
		}
	}
	return true
}
